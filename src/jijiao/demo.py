"""The demo data loaded by ``jijiao demo`` (and ``make run``): Wenzhou's city office, the 鹿城区
and 瑞安市 offices, three hospitals with departments, about 50 people, an account for each role.

Idempotent: running it again changes nothing. Organisations and office accounts are bootstrap
data with no actor; the hospitals' people are added through the domain functions, by each
hospital's own admin, so the demo exercises the same code as the pages.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.credits.tasks import task_unit_transcripts_export
from jijiao.demo_loop import PACK_VALUES, load_years_behind
from jijiao.jobs.domain import job_submit
from jijiao.jobs.models import Job
from jijiao.orgs.domain.accounts import tell_opened
from jijiao.orgs.domain.people import person_create
from jijiao.orgs.models import Account, Department, Division, Person, Role, RoleAssignment, Unit
from jijiao.orgs.synthetic import synthetic_id_number
from jijiao.policy.access import get_policy
from jijiao.policy.domain.packs import pack_create
from jijiao.policy.models import StoredPack
from jijiao.projects.domain.calls import call_open
from jijiao.projects.models import Call

DEMO_PASSWORD = "Demo@2025wz"

SURNAMES = "张王李赵陈刘杨黄吴周徐孙胡朱高林何郭马罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
    "海燕",
    "晓东",
    "丽华",
    "志强",
    "文博",
    "雨涵",
    "子轩",
    "思远",
]
TITLES = [
    ("医师", "正高", "主任医师"),
    ("医师", "副高", "副主任医师"),
    ("医师", "中级", "主治医师"),
    ("医师", "初级", "住院医师"),
    ("护理", "副高", "副主任护师"),
    ("护理", "中级", "主管护师"),
    ("护理", "初级", "护师"),
    ("药师", "中级", "主管药师"),
    ("技师", "中级", "主管技师"),
]

HOSPITALS = [
    # name, division, supervised by, grade, departments with discipline codes
    (
        "温州市第一人民医院",
        "330302",
        "city",
        "三级",
        [("心血管内科", "03-01"), ("内分泌科", "03-06"), ("普外科", "04-01"), ("护理部", "19-01")],
    ),
    (
        "鹿城区人民医院",
        "330302",
        "330302",
        "二级",
        [("全科医学科", "03-13"), ("儿科", "06-01"), ("护理部", "19-01")],
    ),
    (
        "瑞安市人民医院",
        "330381",
        "330381",
        "三级",
        [("心血管内科", "03-01"), ("骨科", "04-05"), ("急诊科", "03-12"), ("护理部", "19-01")],
    ),
]

# 城区 for the city hospital, 郊区 for Lucheng's, 县（市） for Rui'an's.
DEMO_CATEGORIES = [Unit.Category.CITY_CENTRE, Unit.Category.SUBURBAN, Unit.Category.COUNTY]


@dataclass
class DemoLogins:
    password: str = DEMO_PASSWORD
    accounts: list[tuple[str, str]] = field(default_factory=list)


def _office(name: str, division_code: str, level: str, supervisor: Unit | None) -> Unit:
    unit, _ = Unit.objects.get_or_create(
        name=name,
        defaults={
            "kind": Unit.Kind.OFFICE,
            "office_level": level,
            "division": Division.objects.get(code=division_code),
            "supervisor": supervisor,
        },
    )
    return unit


def _account(username: str, display: str, role: str, unit: Unit | None, person=None) -> Account:
    account = Account.objects.filter(username=username).first()
    if account is None:
        account = Account(username=username, display_name=display, person=person)
        account.set_password(DEMO_PASSWORD)
        account.password_changed_at = clock.now()
        account.save()
        tell_opened(account, role=role, unit=unit, by=None)  # the first message in 我的消息
    RoleAssignment.objects.get_or_create(
        account=account, role=role, unit=unit, defaults={"granted_at": clock.now()}
    )
    return account


def _first_discipline(departments: list[tuple[str, str]], index: int) -> tuple[str, str]:
    return departments[index % len(departments)]


DEMO_PACK = "wenzhou-demo"
DEMO_CATEGORY_PACK = "wenzhou-demo-categories"
DEMO_CATEGORY_TEXT = """id = "wenzhou-demo-categories"
title = "按单位类别的年度学分要求（演示）"
extends = "wenzhou-2023"
notice = "演示：城区单位每年不少于 25 学分，县（市）单位不少于 20 学分，乡镇单位不少于 15 学分"

[compliance.ANN_TOTAL]
cite = "演示通知 一"
severity = "error"
min = 25

[[compliance.ANN_TOTAL.cases]]
when = { "unit.category" = "county" }
min = 20

[[compliance.ANN_TOTAL.cases]]
when = { "unit.category" = "township" }
min = 15
"""
EXPERTS = [("expert_lc", 1), ("expert_ra", 2)]  # username, index in HOSPITALS


def _demo_pi(hospital: Unit) -> Person:
    """A senior physician young enough to lead a project under the Wenzhou pack (APP_PI_AGE),
    so that the demo's PI can take an application all the way through."""
    limit = get_policy("wenzhou-2025").rule("application", "city", "APP_PI_AGE").get("max")
    today = clock.today()
    born_after = today.replace(year=today.year - limit - 1, day=min(today.day, 28))
    seniors = hospital.people.filter(
        title_series="医师", title_level__in=["正高", "副高"]
    ).order_by("id")
    return seniors.filter(birth_date__gt=born_after).first() or seniors.first()


def _demo_experts(logins: "DemoLogins") -> None:
    """Two expert reviewers from other hospitals than the PI's (no reviewer of the applying
    unit), so that the demo's application can be reviewed."""
    for username, index in EXPERTS:
        hospital = Unit.objects.get(name=HOSPITALS[index][0])
        account = Account.objects.filter(username=username).first()
        if account is not None:
            person = account.person
        else:
            seniors = hospital.people.filter(title_level="正高", account__isnull=True)
            person = seniors.order_by("id").first()
        _account(username, f"评审专家{person.name}", Role.EXPERT, None, person=person)
        logins.accounts.append((username, f"评审专家 {person.name}（{hospital.name}）"))


def _demo_call(city: Unit) -> None:
    """A live call: a pack extending wenzhou-2025 whose window is around today."""
    office = Account.objects.get(username="wz_office")
    if not StoredPack.objects.filter(pack_id=DEMO_PACK).exists():
        today = clock.today()
        start = dt.datetime.combine(today - dt.timedelta(days=14), dt.time(8), clock.SHANGHAI)
        end = dt.datetime.combine(today + dt.timedelta(days=30), dt.time(17), clock.SHANGHAI)
        pack_create(
            by=office,
            office=city,
            pack_id=DEMO_PACK,
            title=f"温州市{today.year}年市级继续医学教育项目申报（演示）",
            extends="wenzhou-2025",
            notice="演示：沿用温继委办发〔2025〕1号，申报时间为演示当日前后",
            values=[
                ("application.city.APP_WINDOW.start", start),
                ("application.city.APP_WINDOW.end", end),
                *PACK_VALUES,
            ],
        )
    if not StoredPack.objects.filter(pack_id=DEMO_CATEGORY_PACK).exists():
        # Values that depend on the unit's category (城区 / 郊区 / 县（市）): the pack page
        # shows them as a table; the demo hospitals have one category each.
        pack_create(
            by=office,
            office=city,
            pack_id=DEMO_CATEGORY_PACK,
            title="按单位类别的年度学分要求（演示）",
            extends="wenzhou-2023",
            text=DEMO_CATEGORY_TEXT,
        )
    if not Call.objects.filter(policy_id=DEMO_PACK).exists():
        year = clock.today().year
        call_open(
            by=office,
            office=city,
            title=f"关于开展{year}年度温州市市级继续医学教育项目申报工作的通知（演示）",
            level="city",
            year=year,
            policy_id=DEMO_PACK,
            paper_deadline=clock.now() + dt.timedelta(days=37),
        )


@transaction.atomic
def _demo_job(hospital: Unit) -> None:
    """A job on ``h1_admin``'s 我的任务: last year's transcripts of the unit as Excel (run at once
    when jobs are eager, else by the worker ``make run`` starts)."""
    admin = Account.objects.get(username="h1_admin")
    if Job.objects.filter(started_by=admin).exists():
        return
    year = clock.today().year - 1
    job_submit(
        kind="transcripts_export",
        task=task_unit_transcripts_export,
        by=admin,
        organisation=hospital,
        permission="credits.export_unit_transcripts",
        params={"year": year, "again": reverse("credits:compliance") + f"?year={year}"},
    )


def load_demo() -> DemoLogins:
    logins = DemoLogins()
    city = _office("温州市继续医学教育委员会办公室", "330300", "city", None)
    lucheng = _office("鹿城区卫生健康局", "330302", "county", city)
    ruian = _office("瑞安市卫生健康局", "330381", "county", city)
    supervisors = {"city": city, "330302": lucheng, "330381": ruian}

    logins.accounts += [
        ("wz_office", "温州市继教办"),
        ("lc_office", "鹿城区卫健局"),
        ("ra_office", "瑞安市卫健局"),
    ]
    _account("wz_office", "温州市继教办", Role.CITY_OFFICE, city)
    _account("lc_office", "鹿城区卫健局", Role.COUNTY_OFFICE, lucheng)
    _account("ra_office", "瑞安市卫健局", Role.COUNTY_OFFICE, ruian)
    _account("sysadmin", "系统管理员", Role.SYSTEM_ADMIN, None)
    _account("secadmin", "安全管理员", Role.SECURITY_ADMIN, None)
    _account("auditadmin", "审计管理员", Role.AUDIT_ADMIN, None)

    sequence = 0
    for h_index, (name, division, supervisor_key, grade, departments) in enumerate(HOSPITALS):
        hospital, _ = Unit.objects.get_or_create(
            name=name,
            defaults={
                "kind": Unit.Kind.HOSPITAL,
                "division": Division.objects.get(code=division),
                "supervisor": supervisors[supervisor_key],
                "grade": grade,
                # Where it stands, for packs whose values differ by it (unit.category).
                "category": DEMO_CATEGORIES[h_index],
            },
        )
        department_rows = {}
        for dept_name, _code in departments:
            department_rows[dept_name], _ = Department.objects.get_or_create(
                unit=hospital, name=dept_name
            )
        admin = _account(f"h{h_index + 1}_admin", f"{name}科教科", Role.UNIT_ADMIN, hospital)
        logins.accounts.append((admin.username, f"{name} 单位管理员（科教科）"))
        for i in range(17 if h_index == 0 else 16):
            sequence += 1
            dept_name, discipline = _first_discipline(departments, i)
            series, level, title = TITLES[(i + h_index) % len(TITLES)]
            female = (i + h_index) % 2 == 0 or series == "护理"
            birth = dt.date(1966 + (i * 3 + h_index) % 30, 1 + i % 12, 1 + (i * 7) % 28)
            number = synthetic_id_number(division, birth, sequence, female=female)
            if Person.objects.filter(id_masked=number[:6] + "********" + number[-4:]).exists():
                continue
            person_create(
                by=admin,
                unit=hospital,
                id_number=number,
                department=department_rows[dept_name],
                name=SURNAMES[sequence % len(SURNAMES)] + GIVEN[(sequence * 7) % len(GIVEN)],
                phone=f"139{sequence:08d}",
                education="本科" if i % 3 else "硕士研究生",
                title_series=series,
                title_level=level,
                title_name=title,
                title_date=dt.date(2015 + i % 8, 12, 31),
                specialty=discipline,
            )

    first = Unit.objects.get(name=HOSPITALS[0][0])
    pi = _demo_pi(first)
    dept_admin_person = first.people.exclude(pk=pi.pk).order_by("id").first()
    trainee_person = Unit.objects.get(name=HOSPITALS[1][0]).people.order_by("id").first()
    _account("pi_zhang", pi.name, Role.APPLICANT, first, person=pi)
    RoleAssignment.objects.get_or_create(
        account=Account.objects.get(username="pi_zhang"),
        role=Role.TRAINEE,
        unit=first,
        defaults={"granted_at": clock.now()},
    )
    dept_admin = _account(
        "dept_admin", dept_admin_person.name, Role.DEPARTMENT_ADMIN, first, person=dept_admin_person
    )
    RoleAssignment.objects.filter(account=dept_admin, role=Role.DEPARTMENT_ADMIN).update(
        department=dept_admin_person.department
    )
    _account(
        "trainee_li", trainee_person.name, Role.TRAINEE, trainee_person.unit, person=trainee_person
    )
    logins.accounts += [
        ("pi_zhang", f"项目负责人（申报人）{pi.name}"),
        ("dept_admin", f"科室管理员 {dept_admin_person.name}（{dept_admin_person.department}）"),
        ("trainee_li", f"学员 {trainee_person.name}"),
        ("sysadmin", "系统管理员（三员之一）"),
        ("secadmin", "安全管理员（三员之一）"),
        ("auditadmin", "审计管理员（三员之一）"),
    ]
    _demo_experts(logins)
    _demo_call(city)
    load_years_behind(city, DEMO_PACK)
    _demo_job(first)
    record("demo.loaded", data={"people": Person.objects.count(), "units": Unit.objects.count()})
    return logins
