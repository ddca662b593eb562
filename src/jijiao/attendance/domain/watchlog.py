"""Online sessions: the live platform's watch log (CSV or Excel: person, join, leave).

The log names a person by resident ID number or by account; each row is one viewing. All rows
are checked first and every problem is reported by row; one bad row imports nothing. An
import replaces the session's earlier one. Overlapping viewings are merged, not summed, by
the attendance rules when the eligibility list is drawn.
"""

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass

from django.db import transaction

from jijiao.attendance.models import Registration, WatchImport, WatchInterval
from jijiao.audit_log.log import record
from jijiao.common import clock, filetypes, idnumbers, sheets, uploads
from jijiao.common.errors import DomainError, require
from jijiao.common.sheet_limits import limits
from jijiao.hosting.models import Session
from jijiao.orgs.models import Account, Person

PERSON_HEADERS = ("身份证号", "身份证号码", "证件号码", "id_number")
ACCOUNT_HEADERS = ("账号", "用户名", "account")
JOIN_HEADERS = ("进入时间", "加入时间", "开始时间", "join")
LEAVE_HEADERS = ("离开时间", "退出时间", "结束时间", "leave")
FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")


class WatchLogInvalid(DomainError):
    """The log has problems; ``problems`` lists them by row."""

    def __init__(self, problems: list[str]):
        super().__init__(f"观看记录有 {len(problems)} 处问题，未导入任何记录")
        self.problems = problems


@dataclass(frozen=True)
class Viewing:
    person: Person
    joined_at: dt.datetime
    left_at: dt.datetime


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError("文件编码无法识别：请保存为 UTF-8 或 GBK 编码的 CSV")


def _cell(value) -> str:
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    return "" if value is None else str(value)


def _rows(content: bytes, name: str) -> list[list[str]]:
    """The log's rows as text: a CSV decoded, an Excel export read through the guarded reader;
    anything else refused by its content (``uploads.TABLE``)."""
    accepted = uploads.accept_bytes(name, content, uploads.TABLE)
    if accepted.type == filetypes.XLSX:
        try:
            values = sheets.read_rows(content, limits=limits())
        except sheets.WorkbookRefused as refused:
            raise DomainError(refused.problem.message) from None
        return [[_cell(v) for v in row] for row in values]
    return list(csv.reader(io.StringIO(_decode(content))))


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for index, name in enumerate(header):
        if name.strip().lower() in names:
            return index
    return None


def _moment(text: str) -> dt.datetime | None:
    text = text.strip()
    for pattern in FORMATS:
        try:
            return clock.local(dt.datetime.strptime(text, pattern))
        except ValueError:
            continue
    try:
        return clock.local(dt.datetime.fromisoformat(text))
    except ValueError:
        return None


def parse_watch_log(session: Session, content: bytes, *, name: str = "观看记录") -> list[Viewing]:
    """Every row as a viewing by a registered person, or ``WatchLogInvalid`` listing each
    problem as 第 N 行 … (ID numbers shown masked)."""
    rows = _rows(content, name)
    if not rows:
        raise DomainError("文件为空")
    header = rows[0]
    id_col, account_col = _column(header, PERSON_HEADERS), _column(header, ACCOUNT_HEADERS)
    join_col, leave_col = _column(header, JOIN_HEADERS), _column(header, LEAVE_HEADERS)
    missing = []
    if id_col is None and account_col is None:
        missing.append("身份证号或账号")
    if join_col is None:
        missing.append("进入时间")
    if leave_col is None:
        missing.append("离开时间")
    if missing:
        raise DomainError("第 1 行（表头）缺少列：" + "、".join(missing))
    registered = set(
        Registration.objects.filter(
            session=session, state=Registration.State.REGISTERED
        ).values_list("person_id", flat=True)
    )
    problems: list[str] = []
    viewings: list[Viewing] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        person, who = None, ""
        if id_col is not None and cells[id_col].strip():
            raw = cells[id_col].strip()
            who = idnumbers.mask(raw)
            if idnumbers.is_valid(raw):
                person = Person.objects.filter(id_hash=idnumbers.lookup_hash(raw)).first()
        elif account_col is not None and cells[account_col].strip():
            who = cells[account_col].strip()
            account = Account.objects.filter(username=who).select_related("person").first()
            person = account.person if account is not None else None
        if person is None:
            problems.append(f"第 {number} 行：找不到人员「{who or '（空）'}」")
            continue
        if person.pk not in registered:
            problems.append(f"第 {number} 行：{person.name}（{person.id_masked}）未报名本期")
            continue
        joined, left = _moment(cells[join_col]), _moment(cells[leave_col])
        if joined is None or left is None:
            problems.append(f"第 {number} 行：时间格式应为 2022-06-01 08:00:00")
            continue
        if left < joined:
            problems.append(
                f"第 {number} 行：离开时间 {left:%Y-%m-%d %H:%M} 早于进入时间 {joined:%H:%M}"
            )
            continue
        viewings.append(Viewing(person, joined, left))
    if problems:
        raise WatchLogInvalid(problems)
    return viewings


@transaction.atomic
def watchlog_import(*, by, session: Session, name: str, content: bytes) -> WatchImport:
    """Import the platform's log for an online or blended session, replacing the last one.
    Side effects: a WatchImport and its WatchIntervals, the earlier ones removed; audit
    ``watchlog.imported`` with the counts."""
    require(by, "attendance.manage", session)
    if session.format == "offline":
        raise DomainError(f"{session} 为线下举办，不导入在线观看记录")
    viewings = parse_watch_log(session, content, name=name)
    WatchImport.objects.filter(session=session).delete()
    source = WatchImport.objects.create(
        session=session,
        file_name=name[:200],
        file_hash=hashlib.sha256(content).hexdigest(),
        rows=len(viewings),
        people=len({v.person.pk for v in viewings}),
        at=clock.now(),
        by=by,
    )
    WatchInterval.objects.bulk_create(
        [
            WatchInterval(
                session=session,
                person=v.person,
                joined_at=v.joined_at,
                left_at=v.left_at,
                source=source,
            )
            for v in viewings
        ]
    )
    record(
        "watchlog.imported",
        actor=by,
        obj=session,
        data={"file": source.file_name, "rows": source.rows, "people": source.people},
    )
    return source
