"""The audit's documents: the registration form (seed 002 附件1), the per-year credit lists
(三.1), the late-entry pledge (附件2) as PDF, and the campaign's list per district as Excel.
Rendering only — who may print and what gets logged is decided by ``domain.printing``."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from jijiao.audits.models import AuditCase, Campaign
from jijiao.audits.schedule import district_label
from jijiao.audits.table import Layout, latest_decisions, layout, table_of_case
from jijiao.common import clock
from jijiao.common.documents.excel import xlsx_sheets
from jijiao.common.documents.pdf import render_pdf
from jijiao.common.texts import sentence_first_text
from jijiao.credits.documents import PledgeItem
from jijiao.credits.documents import pledge_pdf as credits_pledge_pdf
from jijiao.credits.models import LedgerEntry
from jijiao.credits.vocab import PERSONAL_TYPES
from jijiao.orgs.models import Discipline, Person


def credits_text(value) -> str:
    """Sums are printed with one decimal (rules.md "Rounding")."""
    if value is None or value == "":
        return ""
    return f"{Decimal(str(value)):.1f}"


def _specialty(person: Person) -> str:
    if not person.specialty:
        return ""
    found = Discipline.objects.filter(code=person.specialty).order_by("-year").first()
    return found.tertiary_name if found else person.specialty


def person_facts(person: Person) -> dict[str, str]:
    """The form's header fields, as the form words them."""
    graduation = "，".join(
        part
        for part in (
            f"{person.graduation_date:%Y年%m月}" if person.graduation_date else "",
            person.graduation_school,
            person.graduation_major,
        )
        if part
    )
    title = person.title_name or f"{person.title_series}{person.title_level}".strip()
    return {
        "name": person.name,
        "sex": person.get_sex_display(),
        "birth": f"{person.birth_date:%Y年%m月}",
        "graduation": graduation,
        "education": person.education,
        "specialty": _specialty(person),
        "department": person.department.name if person.department_id else "",
        "title": title,
        "title_date": f"{person.title_date:%Y年%m月}" if person.title_date else "",
    }


def registration_form_pdf(case: AuditCase, *, id_number: str) -> bytes:
    """附件1 filled in: the person, the per-year table with totals, the three boxes."""
    table = layout(table_of_case(case))
    boxes = latest_decisions(case)
    return render_pdf(
        "audits/pdf/registration_form.html",
        {
            "case": case,
            "person": person_facts(case.person),
            "unit_name": case.unit.name,
            "id_number": id_number,
            "table": table,
            "totals": {k: credits_text(v) for k, v in table.totals.items()},
            "boxes": [
                ("医疗卫生机构审核意见", boxes.get("unit"), True),
                ("县（市、区）卫健局审核意见", boxes.get("county"), case.has_county),
                ("市继续医学教育委员会审核意见", boxes.get("city"), True),
            ],
            "printed_at": clock.now(),
        },
    )


@dataclass
class YearList:
    year: int
    counted: list[LedgerEntry]
    others: list[LedgerEntry]

    @property
    def total(self) -> str:
        return credits_text(sum((e.credits for e in self.counted), Decimal("0")))

    def _of(self, credit_class: str) -> str:
        return credits_text(
            sum((e.credits for e in self.counted if e.credit_class == credit_class), Decimal("0"))
        )

    @property
    def class1(self) -> str:
        return self._of("I")

    @property
    def class2(self) -> str:
        return self._of("II")


def year_lists(case: AuditCase, years: list[int]) -> list[YearList]:
    """One list per year, rows in date order (so the certificates can be stacked in the same
    order, seed 002 三.1); rows not counted (pending, returned, voided) listed apart."""
    entries = LedgerEntry.objects.filter(person_id=case.person_id, year__in=years).order_by(
        "activity_date", "id"
    )
    lists = {year: YearList(year, [], []) for year in years}
    for entry in entries:
        counted = entry.status == LedgerEntry.Status.APPROVED and entry.valid
        (lists[entry.year].counted if counted else lists[entry.year].others).append(entry)
    return [lists[year] for year in years]


def year_lists_pdf(case: AuditCase, lists: list[YearList]) -> bytes:
    """The per-year credit lists, each year on its own page (the notice asks that years are
    not printed mixed together)."""
    return render_pdf(
        "audits/pdf/year_lists.html",
        {"case": case, "lists": lists, "printed_at": clock.now()},
    )


def pledge_entries(case: AuditCase, years: list[int]) -> list[LedgerEntry]:
    """Late entries (补录) of the window's personal activities: those the pledge covers."""
    return list(
        LedgerEntry.objects.filter(
            person_id=case.person_id,
            year__in=years,
            entry_method=LedgerEntry.Method.LATE_ENTRY,
            activity_type__in=PERSONAL_TYPES,
        )
        .exclude(status=LedgerEntry.Status.REJECTED)
        .order_by("activity_date", "id")
    )


def pledge_pdf(case: AuditCase, entries: list[LedgerEntry], *, id_number: str) -> bytes:
    """附件2 with the late entries, by the credits app's own form."""
    items = [
        PledgeItem(
            activity_type=entry.activity_type,
            title=entry.title,
            start=entry.activity_date,
            end=entry.end_date,
            host=str(entry.details.get("host", "")),
            credits=entry.credits,
        )
        for entry in entries
    ]
    return credits_pledge_pdf(case.person, id_number=id_number, items=items)


def campaign_headers(campaign: Campaign, years: list[int]) -> list[str]:
    return [
        "区县",
        "单位",
        "姓名",
        "身份证号",
        "性别",
        "科室",
        "职称",
        "提前晋升",
        *[f"{year}年学分" for year in years],
        "Ⅰ类国家级合计",
        "Ⅰ类省级合计",
        "Ⅱ类合计",
        "合计",
        "检查结果",
        "审核状态",
        "当前环节",
        "材料受理时间",
    ]


def campaign_row(case: AuditCase, years: list[int]) -> tuple[str, list]:
    """One candidate's line of the campaign list (ID numbers masked)."""
    shown: Layout = layout(table_of_case(case))
    per_year = {line.year: line.total for line in shown.lines if not line.extra}
    problems = (
        "；".join(sentence_first_text(f"{f['code']} {f['message']}") for f in shown.errors)
        or "符合要求"
    )
    person = case.person
    district = district_label(case.unit)
    return district, [
        district,
        case.unit.name,
        person.name,
        person.id_masked,
        person.get_sex_display(),
        person.department.name if person.department_id else "",
        person.title_name or f"{person.title_series}{person.title_level}",
        "是" if case.early_promotion else "否",
        *[per_year.get(year, "") for year in years],
        shown.totals.get("class1_national"),
        shown.totals.get("class1_provincial"),
        shown.totals.get("class2"),
        shown.totals.get("total"),
        problems,
        case.get_status_display(),
        case.stage["name"] if case.stage else "",
        clock.local(case.received_at) if case.received_at else "",
    ]


def campaign_xlsx(
    campaign: Campaign, cases, years: list[int], progress: Callable[[int, int], None] | None = None
) -> tuple[bytes, int]:
    """The campaign's list, grouped by district (市直属单位 first), then unit and name: a sheet
    with everyone, then one sheet per district for the district's office. With the count."""
    cases = list(cases)
    rows = []
    for index, case in enumerate(cases, start=1):
        rows.append(campaign_row(case, years))
        if progress is not None:
            progress(index, len(cases))
    rows.sort(key=lambda item: (item[0] != "市直属单位", item[0], item[1][1], item[1][2]))
    headers = campaign_headers(campaign, years)
    by_district: dict[str, list] = {}
    for district, row in rows:
        by_district.setdefault(district, []).append(row)
    sheets = [(f"{campaign.year}年学分审核名单", headers, [r for _, r in rows])]
    if len(by_district) > 1:
        sheets += [(district, headers, lines) for district, lines in by_district.items()]
    return xlsx_sheets(sheets), len(rows)
