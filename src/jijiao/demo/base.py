"""The demo's organisations, people and accounts, the year's packs and the open call.

Offices, hospitals and office accounts are bootstrap data with no actor; the hospitals' people
are added through the domain functions, by each hospital's own admin, so the demo exercises the
same code as the pages. ID numbers are synthetic but valid, and encrypted like every other.
"""

import datetime as dt

from jijiao.common import clock
from jijiao.demo.clockwork import day
from jijiao.demo.history import PACK_VALUES
from jijiao.demo.world import (
    DEMO_CATEGORY_PACK,
    DEMO_PACK,
    DEMO_PASSWORD,
    EXPERTS,
    GIVEN,
    HOSPITALS,
    OFFICES,
    SURNAMES,
    TITLES,
    DemoLogins,
    account,
    hospital,
    office,
)
from jijiao.orgs.domain.accounts import tell_opened
from jijiao.orgs.domain.people import person_create
from jijiao.orgs.models import Account, Department, Division, Person, Role, RoleAssignment, Unit
from jijiao.orgs.synthetic import synthetic_id_number
from jijiao.policy.access import get_policy
from jijiao.policy.domain.packs import pack_create
from jijiao.policy.models import StoredPack
from jijiao.projects.domain.calls import call_open
from jijiao.projects.models import Call

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


def demo_account(username: str, display: str, role: str, unit: Unit | None, person=None) -> Account:
    """A demo login with the demo password and ``role`` (made once; the role added if new)."""
    found = Account.objects.filter(username=username).first()
    if found is None:
        found = Account(username=username, display_name=display, person=person)
        found.set_password(DEMO_PASSWORD)
        found.password_changed_at = clock.now()
        found.save()
        tell_opened(found, role=role, unit=unit, by=None)  # the first message in 我的消息
    RoleAssignment.objects.get_or_create(
        account=found, role=role, unit=unit, defaults={"granted_at": clock.now()}
    )
    return found


def _people(index: int, unit: Unit, admin: Account, sequence: int) -> int:
    spec = HOSPITALS[index]
    departments = {
        name: Department.objects.get_or_create(unit=unit, name=name)[0]
        for name, _code in spec.departments
    }
    for i in range(spec.staff):
        sequence += 1
        dept_name, discipline = spec.departments[i % len(spec.departments)]
        series, level, title = TITLES[(i + index) % len(TITLES)]
        female = (i + index) % 2 == 0 or series == "护理"
        birth = dt.date(1966 + (i * 3 + index) % 30, 1 + i % 12, 1 + (i * 7) % 28)
        number = synthetic_id_number(spec.division, birth, sequence, female=female)
        person_create(
            by=admin,
            unit=unit,
            id_number=number,
            department=departments[dept_name],
            name=SURNAMES[sequence % len(SURNAMES)] + GIVEN[(sequence * 7) % len(GIVEN)],
            phone=f"139{sequence:08d}",
            education="本科" if i % 3 else "硕士研究生",
            title_series=series,
            title_level=level,
            title_name=title,
            title_date=dt.date(2015 + i % 8, 12, 31),
            specialty=discipline,
        )
    return sequence


def pi_age_ok(person: Person) -> bool:
    """Young enough to lead a project under the Wenzhou pack (APP_PI_AGE), with a year spare."""
    limit = get_policy("wenzhou-2025").rule("application", "city", "APP_PI_AGE").get("max")
    today = clock.today()
    return person.birth_date > today.replace(year=today.year - limit - 1, day=min(today.day, 28))


def _demo_pi(first: Unit) -> Person:
    """A senior physician young enough to lead a project (APP_PI_AGE), so that the demo's PI
    can take an application all the way through."""
    seniors = first.people.filter(title_series="医师", title_level__in=["正高", "副高"])
    seniors = list(seniors.order_by("id"))
    return next((p for p in seniors if pi_age_ok(p)), seniors[0])


def load_base() -> None:
    """The city office, two county offices, five hospitals at three levels with departments,
    about 200 people and an account for each demo role."""
    city = _office(*OFFICES[0][:3], None)
    supervisors = {"city": city}
    for name, division, level, _username, _display in OFFICES[1:]:
        supervisors[division] = _office(name, division, level, city)
    for (name, _division, _level, username, display), role in zip(
        OFFICES, [Role.CITY_OFFICE, Role.COUNTY_OFFICE, Role.COUNTY_OFFICE], strict=True
    ):
        demo_account(username, display, role, Unit.objects.get(name=name))
    demo_account("sysadmin", "系统管理员", Role.SYSTEM_ADMIN, None)
    demo_account("secadmin", "安全管理员", Role.SECURITY_ADMIN, None)
    demo_account("auditadmin", "审计管理员", Role.AUDIT_ADMIN, None)

    sequence = 0
    for index, spec in enumerate(HOSPITALS):
        unit = Unit.objects.create(
            name=spec.name,
            kind=Unit.Kind.HOSPITAL,
            division=Division.objects.get(code=spec.division),
            supervisor=supervisors[spec.supervisor],
            grade=spec.grade,
            category=spec.category,  # for packs whose values differ by it (unit.category)
        )
        admin = demo_account(f"h{index + 1}_admin", f"{spec.name}科教科", Role.UNIT_ADMIN, unit)
        sequence = _people(index, unit, admin, sequence)

    first = hospital(0)
    pi = _demo_pi(first)
    pi_account = demo_account("pi_zhang", pi.name, Role.APPLICANT, first, person=pi)
    RoleAssignment.objects.create(
        account=pi_account, role=Role.TRAINEE, unit=first, granted_at=clock.now()
    )
    dept_person = first.people.exclude(pk=pi.pk).order_by("id").first()
    dept_admin = demo_account(
        "dept_admin", dept_person.name, Role.DEPARTMENT_ADMIN, first, person=dept_person
    )
    RoleAssignment.objects.filter(account=dept_admin, role=Role.DEPARTMENT_ADMIN).update(
        department=dept_person.department
    )
    trainee = hospital(1).people.order_by("id").first()
    demo_account("trainee_li", trainee.name, Role.TRAINEE, trainee.unit, person=trainee)
    for username, index in EXPERTS:
        person = hospital(index).people.filter(title_level="正高", account__isnull=True)
        person = person.order_by("id").first()
        demo_account(username, f"评审专家{person.name}", Role.EXPERT, None, person=person)


def logins() -> DemoLogins:
    """The demo's logins as ``jijiao demo`` prints them."""
    found = DemoLogins()
    if not Account.objects.filter(username="pi_zhang").exists():
        return found
    found.accounts += [
        ("wz_office", "温州市继教办"),
        ("lc_office", "鹿城区卫健局"),
        ("ra_office", "瑞安市卫健局"),
    ]
    for index, spec in enumerate(HOSPITALS):
        found.accounts.append((f"h{index + 1}_admin", f"{spec.name} 单位管理员（科教科）"))
    dept = account("dept_admin").person
    found.accounts += [
        ("pi_zhang", f"项目负责人（申报人）{account('pi_zhang').person.name}"),
        ("dept_admin", f"科室管理员 {dept.name}（{dept.department}）"),
        ("trainee_li", f"学员 {account('trainee_li').person.name}"),
        ("sysadmin", "系统管理员（三员之一）"),
        ("secadmin", "安全管理员（三员之一）"),
        ("auditadmin", "审计管理员（三员之一）"),
    ]
    for username, index in EXPERTS:
        person = account(username).person
        found.accounts.append((username, f"评审专家 {person.name}（{HOSPITALS[index].name}）"))
    for username, display in (
        ("provider_wz", "远程教育机构管理员（温州医学远程教育网）"),
        ("inspector_wz", "督导员（温州市继教办）"),
    ):
        if Account.objects.filter(username=username).exists():
            found.accounts.append((username, display))
    return found


def load_packs() -> None:
    """The demo's packs (a call's window around the load day; annual minimum by unit category),
    and the open call."""
    wz = account("wz_office")
    city = office(0)
    if not StoredPack.objects.filter(pack_id=DEMO_PACK).exists():
        pack_create(
            by=wz,
            office=city,
            pack_id=DEMO_PACK,
            title=f"温州市{clock.today().year}年市级继续医学教育项目申报（演示）",
            extends="wenzhou-2025",
            notice="演示：沿用温继委办发〔2025〕1号，申报时间为演示当日前后",
            values=[
                ("application.city.APP_WINDOW.start", day(-14, 8)),
                ("application.city.APP_WINDOW.end", day(30, 17)),
                *PACK_VALUES,
            ],
        )
    if not StoredPack.objects.filter(pack_id=DEMO_CATEGORY_PACK).exists():
        # Values that depend on the unit's category (城区 / 郊区 / 县（市）/ 乡镇): the pack page
        # shows them as a table; the demo hospitals have one category each.
        pack_create(
            by=wz,
            office=city,
            pack_id=DEMO_CATEGORY_PACK,
            title="按单位类别的年度学分要求（演示）",
            extends="wenzhou-2023",
            text=DEMO_CATEGORY_TEXT,
        )
    if not Call.objects.filter(policy_id=DEMO_PACK).exists():
        year = clock.today().year
        call_open(
            by=wz,
            office=city,
            title=f"关于开展{year}年度温州市市级继续医学教育项目申报工作的通知（演示）",
            level="city",
            year=year,
            policy_id=DEMO_PACK,
            paper_deadline=clock.now() + dt.timedelta(days=37),
        )
