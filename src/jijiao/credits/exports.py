"""The personal credit detail sheet (个人学分明细) as Excel."""

from collections.abc import Iterable

from jijiao.common.documents.excel import xlsx_bytes
from jijiao.credits.models import LedgerEntry

HEADERS = [
    "姓名",
    "证件号码",
    "授分日期",
    "项目编号",
    "活动名称",
    "学分类别",
    "学时",
    "学分",
    "录入方式",
    "审核状态",
    "学分是否有效",
]


def detail_row(entry: LedgerEntry) -> list:
    """One row; the ID number masked, numbers as numbers."""
    return [
        entry.person.name,
        entry.person.id_masked,
        entry.activity_date,
        entry.project_number,
        entry.title,
        entry.category,
        float(entry.hours) if entry.hours is not None else None,
        float(entry.credits),
        entry.get_entry_method_display(),
        entry.get_status_display(),
        "是" if entry.valid else f"否（{entry.void_reason}）",
    ]


def transcript_xlsx(title: str, entries: Iterable[LedgerEntry]) -> bytes:
    return xlsx_bytes(title, HEADERS, (detail_row(e) for e in entries))
