"""The demo's credits, through the domain functions: last year's ledger imported from the
previous platform, so that most people comply, one is exempt (进修 6 个月及以上) and some fall
short; 鹿城区人民医院 confirmed last year's list and ``trainee_li`` printed the annual proof; this
year in-unit and personal credits at every approval step (waiting at the unit, at the city,
approved, returned, refused)."""

import csv
import datetime as dt
import io
from decimal import Decimal

from jijiao.common import clock
from jijiao.credits.domain.approval import (
    ledger_entries_approve,
    ledger_entry_reject,
    ledger_entry_return,
)
from jijiao.credits.domain.bulk_import import ledger_rows_import
from jijiao.credits.domain.common import Upload
from jijiao.credits.domain.compliance import (
    annual_facts_set,
    annual_proof_issue,
    compliance_list_confirm,
)
from jijiao.credits.domain.entries import credits_enter_in_unit, credits_enter_personal
from jijiao.credits.domain.years import credit_year_set
from jijiao.credits.import_csv import HEADERS
from jijiao.credits.models import LedgerEntry
from jijiao.demo.audits import candidates
from jijiao.demo.clockwork import at, day, load_day
from jijiao.demo.world import MARK, account, hospital, office, sample_bytes
from jijiao.orgs.models import Person

CREDIT_PACK = "wenzhou-2023"
PAPER = {"journal": "浙江临床医学", "journal_tier": "省级期刊", "author_rank": "第一作者"}
COMPLIANT = [
    ("Ⅰ类（国家级）", "项目", "心血管疾病诊疗新进展学习班", 6),
    ("Ⅰ类（省级）", "项目", "基层慢病管理培训班", 4),
    ("Ⅱ类", "病例讨论", "院内病例讨论（全年）", 16),
]
SHORT = [
    ("Ⅰ类（省级）", "项目", "基层慢病管理培训班", 4),
    ("Ⅱ类", "病例讨论", "院内病例讨论（全年）", 8),
]


def last_year() -> int:
    return load_day().year - 1


def proof_year() -> int:
    """The latest year whose list a unit may confirm by the load day (wenzhou-2023: from 04-01
    of the next year): last year from April on, the year before it earlier in the year."""
    day_of = load_day()
    return last_year() if (day_of.month, day_of.day) >= (4, 1) else last_year() - 1


def _people(index: int, count: int | None = None) -> list[Person]:
    people = hospital(index).people.order_by("id")
    return list(people[:count] if count else people)


def load_years() -> None:
    """The pack of last year and of this year (the city office's 首次使用清单)."""
    wz, city = account("wz_office"), office(0)
    with at(day(-330)):
        for year in range(last_year() - 4, last_year() + 2):
            credit_year_set(by=wz, office=city, year=year, policy_id=CREDIT_PACK)


def load_last_year() -> None:
    """Last year's rows from the previous platform: most comply, every fifth falls short,
    one is exempt."""
    wz, city, year = account("wz_office"), office(0), last_year()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    everyone = [p for index in range(5) for p in _people(index)]
    short = set()
    promotion = {p.pk for p in candidates()}  # five full years for the promotion audit
    listed = sorted({proof_year(), year})  # and the year whose list is confirmed
    for n, person in enumerate(everyone):
        rows = SHORT if n % 5 == 4 and person.pk not in promotion else COMPLIANT
        if rows is SHORT:
            short.add(person.pk)
        years = range(year - 4, year + 1) if person.pk in promotion else listed
        for row_year in years:
            for month, (category, kind, title, credits) in enumerate(rows, start=3):
                date = f"{row_year}-{month:02d}-15"
                writer.writerow(
                    [
                        person.reveal_id_number(),
                        person.name,
                        date,
                        category,
                        kind,
                        f"{row_year}年{title}",
                        "",
                        credits,
                        "",
                    ]
                )
    # Imported early in this year (never after the load day): every row's date has passed.
    imported = dt.datetime(year + 1, 1, 5, 9, tzinfo=clock.SHANGHAI)
    with at(min(day(0), max(day(-300), imported))):
        outcome = ledger_rows_import(
            by=wz,
            office=city,
            stream=io.BytesIO(out.getvalue().encode("utf-8")),
            filename=f"{year}年度学分{MARK}.csv",
            source="原继续医学教育学分管理平台",
        )
        if getattr(outcome, "problems", None):
            from jijiao.common.errors import DomainError

            raise DomainError("；".join(str(p) for p in outcome.problems[:3]))
        exempt = next(p for p in _people(1) if p.pk in short)
        for exempt_year in listed:
            annual_facts_set(
                by=account("h2_admin"),
                person=exempt,
                year=exempt_year,
                exemption="long_study",
                reason="在浙江大学医学院附属第一医院进修 6 个月（演示）",
                evidence=Upload("进修结业证明.pdf", sample_bytes("进修结业证明.pdf")),
            )


def load_proof() -> None:
    """鹿城区人民医院 confirms last year's list (the year before when the load day comes before
    the list may be confirmed); trainee_li prints the annual proof."""
    year = proof_year()
    with at(day(0, 8)):
        compliance_list_confirm(by=account("h2_admin"), unit=hospital(1), year=year)
        li = account("trainee_li")
        annual_proof_issue(by=li, person=li.person, year=year)


def load_this_year() -> None:
    """In-unit and personal credits of this year at every step of their chains."""
    h1, h2, h3 = (account(f"h{i}_admin") for i in (1, 2, 3))
    lc, wz = account("lc_office"), account("wz_office")
    with at(day(-30)):
        # 温州市第一人民医院 (directly under the city): approved by the unit, waiting at the city.
        waiting_city = credits_enter_in_unit(
            by=h1,
            unit=hospital(0),
            activity_type="全院业务学习",
            title="医疗质量与安全管理专题讲座",
            activity_date=day(-31).date(),
            hours=Decimal("2"),
            credits=Decimal("1"),
            attendees=_people(0, 20),
        )
        # 鹿城区人民医院: unit → 鹿城区 → city, all approved.
        approved = credits_enter_in_unit(
            by=h2,
            unit=hospital(1),
            activity_type="科内业务学习",
            title="儿童常见病诊疗规范学习",
            activity_date=day(-31).date(),
            hours=Decimal("2"),
            credits=Decimal("1"),
            attendees=_people(1, 15),
        )
    with at(day(-28)):
        ledger_entries_approve(by=h1, entries=waiting_city, reason="")
        ledger_entries_approve(by=h2, entries=approved, reason="")
    with at(day(-26)):
        ledger_entries_approve(by=lc, entries=_fresh(approved), reason="")
    with at(day(-24)):
        ledger_entries_approve(by=wz, entries=_fresh(approved), reason="")
    with at(day(-12)):
        # 瑞安市人民医院: approved by the unit, waiting at 瑞安市卫生健康局.
        at_county = credits_enter_in_unit(
            by=h3,
            unit=hospital(2),
            activity_type="病例讨论",
            title="急诊创伤病例讨论",
            activity_date=day(-13).date(),
            hours=Decimal("2"),
            credits=Decimal("1"),
            attendees=_people(2, 10),
        )
    with at(day(-10)):
        ledger_entries_approve(by=h3, entries=at_county, reason="")
    with at(day(-3)):
        # Waiting for each unit's own admin: 瑞安市人民医院, 南郊 and 塘下.
        for index, kind, title in (
            (2, "大查房", "骨科疑难病例大查房"),
            (3, "科内业务学习", "慢性病健康管理规范学习"),
            (4, "全院业务学习", "基本公共卫生服务规范培训"),
        ):
            credits_enter_in_unit(
                by=account(f"h{index + 1}_admin"),
                unit=hospital(index),
                activity_type=kind,
                title=title,
                activity_date=day(-4).date(),
                hours=Decimal("2"),
                credits=Decimal("1"),
                attendees=_people(index, 12),
            )
        li = account("trainee_li")
        credits_enter_personal(
            by=li,
            person=li.person,
            activity_type="论文",
            title="儿童哮喘规范化管理的临床观察",
            activity_date=day(-40).date(),
            credits=Decimal("2"),
            details=PAPER,
            evidence=[Upload("论文首页.pdf", sample_bytes("论文首页.pdf"))],
        )
        others = _people(1)[20:22]
        returned, refused = (
            credits_enter_personal(
                by=h2,
                person=person,
                activity_type=kind,
                title=title,
                activity_date=day(-60).date(),
                credits=Decimal("2"),
                details=PAPER,
                evidence=[Upload("证明材料.pdf", sample_bytes("证明材料.pdf"))],
            )
            for person, kind, title in (
                (others[0], "综述", "基层儿科急症处理进展综述"),
                (others[1], "论文", "重复提交的论文"),
            )
        )
    with at(day(-2)):
        ledger_entry_return(by=h2, entry=returned, reason="请补充期刊封面和目录页")
        ledger_entry_reject(by=h2, entry=refused, reason="该论文已于上一年度登记学分，不能重复申请")


def _fresh(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(pk__in=[e.pk for e in entries]))
