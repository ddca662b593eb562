"""The eligibility list (学分授予名单) of a session as Excel: who earns credit, with the ATT_*
codes and the corrections made."""

from collections.abc import Callable

from jijiao.attendance.facts import eligibility
from jijiao.attendance.models import AttendanceCorrection
from jijiao.attendance.vocab import describe
from jijiao.common import clock
from jijiao.common.documents.excel import xlsx_bytes
from jijiao.common.errors import require
from jijiao.hosting.models import Session

HEADERS = (
    "序号",
    "姓名",
    "身份证号",
    "单位",
    "签到时间",
    "签退时间",
    "在线时长（分钟）",
    "结果",
    "原因代码",
    "原因",
    "提示",
    "人工更正",
)


def _minutes(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else f"{float(value):.1f}"


def _when(moment) -> str:
    return clock.local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def eligibility_rows(report) -> list[list]:
    names = dict(AttendanceCorrection.Field.choices)
    return [
        [
            index,
            row.person.name,
            row.person.id_masked,
            row.person.unit.name if row.person.unit_id else row.person.declared_unit_name,
            _when(row.sign_in),
            _when(row.sign_out),
            _minutes(row.minutes),
            "授予学分" if row.eligible else "不授予学分",
            "、".join(row.codes),
            describe(row.codes),
            describe(row.warnings),
            "、".join(str(names[f]) for f in row.corrected),
        ]
        for index, row in enumerate(report["rows"], start=1)
    ]


def eligibility_export(
    *, by, session: Session, progress: Callable[[int, int], None] | None = None
) -> tuple[bytes, int]:
    """The session's eligibility list as Excel (ID numbers masked), with its number of rows.
    Writes nothing."""
    require(by, "attendance.view", session)
    rows = eligibility_rows(eligibility(session))
    if progress is not None:
        progress(len(rows), len(rows))
    return xlsx_bytes("学分授予名单", HEADERS, rows), len(rows)
