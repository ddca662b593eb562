"""The personal credit detail sheet (个人学分明细) and a unit's transcripts for a year (汇总 and
明细) as Excel."""

from collections.abc import Callable, Iterable

from jijiao.common.documents.excel import xlsx_bytes, xlsx_sheets
from jijiao.common.errors import require
from jijiao.credits.models import LedgerEntry
from jijiao.credits.transcript import unit_compliance
from jijiao.orgs.models import Department, Person, Unit

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


def detail_row(entry: LedgerEntry, person: Person | None = None) -> list:
    """One row; the ID number masked, numbers as numbers (``person``: the row's, when the caller
    has it already)."""
    person = person or entry.person
    return [
        person.name,
        person.id_masked,
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


SUMMARY_HEADERS = [
    "姓名",
    "证件号码",
    "科室",
    "Ⅰ类（国家级）",
    "Ⅰ类（省级）",
    "Ⅱ类",
    "合计",
    "达标情况",
    "未达标原因",
]


def unit_transcripts_export(
    *, by, unit: Unit, year: int, progress: Callable[[int, int], None] | None = None
) -> tuple[bytes, int, int]:
    """The unit's people's credits for ``year``: a summary sheet (one line a person: sums by
    class, standing by the year's pack) and a detail sheet (every row). ID numbers masked.
    Returns the workbook, the number of people and of rows. Writes nothing."""
    require(by, "credits.export_unit_transcripts", unit)
    listing = unit_compliance(unit, year)
    departments = dict(
        Department.objects.filter(
            pk__in={t.person.department_id for t in listing.people}
        ).values_list("pk", "name")
    )
    summary, details = [], []
    for index, t in enumerate(listing.people, start=1):
        person = t.person
        summary.append(
            [
                person.name,
                person.id_masked,
                departments.get(person.department_id, ""),
                float(t.class1_national),
                float(t.class1_provincial),
                float(t.class2),
                float(t.total),
                t.status_label,
                "；".join(t.failures),
            ]
        )
        details += [detail_row(entry, person) for entry in t.rows]
        if progress is not None:
            progress(index, len(listing.people))
    content = xlsx_sheets(
        [
            (f"{year}年度学分汇总", SUMMARY_HEADERS, summary),
            (f"{year}年度学分明细", HEADERS, details),
        ]
    )
    return content, len(summary), len(details)
