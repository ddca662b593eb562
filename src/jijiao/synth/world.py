"""The small tables of a generated province, through the ORM: divisions, offices, units,
departments, accounts, credit years, publication lists with their projects and sessions."""

import datetime as dt
import random
from dataclasses import dataclass, field

from jijiao.common import clock
from jijiao.credits.models import CreditYear
from jijiao.hosting.models import Session
from jijiao.orgs.models import Account, Department, Division, Role, RoleAssignment, Unit
from jijiao.policy.access import get_policy
from jijiao.projects.models import PublicationList, PublishedProject

PROVINCE = ("330000", "浙江省")
# Zhejiang's cities, with their GB/T 2260 codes.
CITIES = [
    ("330100", "杭州市"),
    ("330200", "宁波市"),
    ("330300", "温州市"),
    ("330400", "嘉兴市"),
    ("330500", "湖州市"),
    ("330600", "绍兴市"),
    ("330700", "金华市"),
    ("330800", "衢州市"),
    ("330900", "舟山市"),
    ("331000", "台州市"),
    ("331100", "丽水市"),
]
# Cities without their counties in the reference data get three generated ones (code 9x).
GENERATED_COUNTIES = 3
DEPARTMENTS = ["内科", "外科", "妇产科", "儿科", "护理部", "医技科"]
WENZHOU = "330300"
PACKS = {WENZHOU: "wenzhou-2023"}
DEFAULT_PACK = "zhejiang-2023"
PROJECT_TITLES = [
    "心血管疾病诊疗进展学习班",
    "基层高血压规范化管理",
    "护理安全与质量管理",
    "急诊急救技能培训",
    "合理用药与药物警戒",
    "院内感染防控",
    "医学影像新技术",
    "全科医学适宜技术推广",
]


@dataclass
class UnitPlan:
    pk: int
    city: int  # index in CITIES
    county_level: bool
    departments: list[int] = field(default_factory=list)
    division: str = ""


@dataclass
class World:
    """What the rows need to know of the small tables."""

    province_office: int
    provider: int  # the remote-education provider
    city_offices: list[int]
    units: list[UnitPlan]
    weights: list[float]  # each unit's share of the people
    accounts: dict[str, int]
    # (year, level) → [(session ref, project number, title, credits)]
    sessions: dict[tuple[int, str], list[tuple[str, str, str, str]]]
    packs: dict[int, tuple[str, str]]  # city office → (pack id, hash)
    years: list[int]


def _divisions() -> dict[str, list[str]]:
    """The province, its cities and each city's counties (generated where missing)."""
    province, _ = Division.objects.get_or_create(
        code=PROVINCE[0], defaults={"name": PROVINCE[1], "level": Division.Level.PROVINCE}
    )
    counties = {}
    for code, name in CITIES:
        city, _ = Division.objects.get_or_create(
            code=code, defaults={"name": name, "level": Division.Level.CITY, "parent": province}
        )
        known = list(city.children.values_list("code", flat=True))
        if not known:
            for n in range(1, GENERATED_COUNTIES + 1):
                Division.objects.create(
                    code=f"{code[:4]}9{n}",
                    name=f"{name}合成{n}区",
                    level=Division.Level.COUNTY,
                    parent=city,
                )
                known.append(f"{code[:4]}9{n}")
        counties[code] = sorted(known)
    return counties


def _account(username: str, role: str, unit: Unit, now) -> Account:
    account = Account.objects.create_user(
        username=username, password=None, password_changed_at=now, display_name=username
    )
    RoleAssignment.objects.create(account=account, role=role, unit=unit, granted_at=now)
    return account


def _unit_grade(index: int, under_county: bool, rng: random.Random) -> tuple[str, str, str]:
    """(kind, grade, category) of the ``index``-th unit."""
    kind = rng.choices([Unit.Kind.HOSPITAL, Unit.Kind.OTHER, Unit.Kind.CDC], weights=[85, 10, 5])[0]
    if under_county:
        grade = rng.choice([Unit.Grade.SECONDARY, Unit.Grade.PRIMARY, Unit.Grade.PRIMARY])
        category = rng.choice([Unit.Category.COUNTY, Unit.Category.TOWNSHIP])
    else:
        grade = Unit.Grade.TERTIARY if index < 2 * len(CITIES) else Unit.Grade.SECONDARY
        category = rng.choice([Unit.Category.CITY_CENTRE, Unit.Category.SUBURBAN])
    return kind, grade, category


def build_world(*, units: int, years: list[int], people: int, rng: random.Random) -> World:
    """Create the small tables; ``units`` medical units spread over the cities."""
    now = clock.now()
    counties = _divisions()
    province = Unit.objects.create(
        name="浙江省卫生健康委科教处（合成）",
        kind=Unit.Kind.OFFICE,
        office_level=Unit.OfficeLevel.PROVINCE,
        division_id=PROVINCE[0],
    )
    accounts = {"province": _account("synth_province", Role.PROVINCE_OFFICE, province, now).pk}
    provider = Unit.objects.create(
        name="浙江省远程医学教育平台（合成）",
        kind=Unit.Kind.REMOTE_PROVIDER,
        division_id=PROVINCE[0],
        supervisor=province,
    )
    city_offices, county_offices = [], []
    for code, name in CITIES:
        office = Unit.objects.create(
            name=f"{name}继教办（合成）",
            kind=Unit.Kind.OFFICE,
            office_level=Unit.OfficeLevel.CITY,
            division_id=code,
            supervisor=province,
        )
        city_offices.append(office)
        accounts[f"city_{code}"] = _account(f"synth_city_{code}", Role.CITY_OFFICE, office, now).pk
        county_offices.append(
            [
                Unit.objects.create(
                    name=f"{Division.objects.get(code=c).name}卫健局（合成{code}）",
                    kind=Unit.Kind.OFFICE,
                    office_level=Unit.OfficeLevel.COUNTY,
                    division_id=c,
                    supervisor=office,
                )
                for c in counties[code]
            ]
        )
    made, plans, weights = [], [], []
    for index in range(units):
        city = index % len(CITIES)
        under_county = index >= 2 * len(CITIES) and rng.random() < 0.6
        kind, grade, category = _unit_grade(index, under_county, rng)
        supervisor = rng.choice(county_offices[city]) if under_county else city_offices[city]
        made.append(
            Unit(
                name=f"{CITIES[city][1]}合成第{index + 1:05d}号{Unit.Kind(kind).label}",
                kind=kind,
                division_id=supervisor.division_id,
                supervisor=supervisor,
                grade=grade,
                category=category,
            )
        )
        weights.append({"三级": 12.0, "二级": 3.0}.get(grade, 1.0))
    made = Unit.objects.bulk_create(made)
    departments = Department.objects.bulk_create(
        [Department(unit=u, name=name) for u in made for name in DEPARTMENTS]
    )
    by_unit: dict[int, list[int]] = {}
    for department in departments:
        by_unit.setdefault(department.unit_id, []).append(department.pk)
    for index, unit in enumerate(made):
        plans.append(
            UnitPlan(
                pk=unit.pk,
                city=index % len(CITIES),
                county_level=unit.supervisor.office_level == Unit.OfficeLevel.COUNTY,
                departments=by_unit[unit.pk],
                division=unit.division_id,
            )
        )
    # The first unit is the province's largest hospital: 5,000 people where there are enough.
    if people >= 20_000 and units > 1:
        rest = sum(weights[1:])
        weights[0] = rest * 5000 / (people - 5000)
    accounts["unit_admin"] = (
        _account("synth_unit_admin", Role.UNIT_ADMIN, made[0], now).pk if made else None
    )
    packs = {}
    for (code, _), office in zip(CITIES, city_offices, strict=True):
        pack = get_policy(PACKS.get(code, DEFAULT_PACK))
        packs[office.pk] = (pack.id, pack.content_hash)
        CreditYear.objects.bulk_create(
            [
                CreditYear(
                    office=office,
                    year=year,
                    policy_id=pack.id,
                    set_by_id=accounts[f"city_{code}"],
                    set_at=now,
                )
                for year in years
            ]
        )
    sessions = _projects(province, city_offices, accounts, years, people, rng, now)
    return World(
        province_office=province.pk,
        provider=provider.pk,
        city_offices=[o.pk for o in city_offices],
        units=plans,
        weights=weights,
        accounts=accounts,
        sessions=sessions,
        packs=packs,
        years=years,
    )


def _projects(province, city_offices, accounts, years, people, rng, now):
    """Per year a provincial list and a list per city, about one project per 400 people, each
    with one accepted session; the ledger's project rows name these sessions."""
    per_list = max(4, people // 400 // (1 + len(city_offices)))
    sessions: dict[tuple[int, str], list] = {}
    for year in years:
        lists = [(province, "provincial", accounts["province"])] + [
            (office, "city", accounts[f"city_{code}"])
            for office, (code, _) in zip(city_offices, CITIES, strict=True)
        ]
        # National projects held in the province are published on the provincial list's side.
        lists.append((province, "national", accounts["province"]))
        for office, level, by in lists:
            publication = PublicationList.objects.create(
                level=level,
                year=year,
                title=f"{year} 年度{office.name}继续医学教育项目（合成）",
                office=office,
                published_at=now,
                published_by_id=by,
                imported=True,
            )
            projects = PublishedProject.objects.bulk_create(
                [
                    PublishedProject(
                        publication=publication,
                        level=level,
                        year=year,
                        number=f"{year}-{office.pk:03d}-{level[:1]}{n:04d}",
                        name=rng.choice(PROJECT_TITLES),
                        host_name=office.name,
                        leader_name="项目负责人",
                        credits=rng.choice([2, 4, 6, 8, 10]),
                    )
                    for n in range(per_list)
                ]
            )
            made = Session.objects.bulk_create(
                [
                    Session(
                        project=p,
                        sequence=1,
                        starts_at=dt.datetime(
                            year, 1 + n % 12, 1 + n % 28, 9, tzinfo=clock.SHANGHAI
                        ),
                        ends_at=dt.datetime(
                            year, 1 + n % 12, 1 + n % 28, 17, tzinfo=clock.SHANGHAI
                        ),
                        venue=office.name,
                        days=1,
                        capacity=200,
                        policy_id=DEFAULT_PACK,
                        state=Session.State.ACCEPTED,
                        created_at=now,
                        created_by_id=by,
                    )
                    for n, p in enumerate(projects)
                ]
            )
            sessions.setdefault((year, level), []).extend(
                (f"{p.number} 第1期 #{s.pk}", p.number, p.name, str(p.credits))
                for p, s in zip(projects, made, strict=True)
            )
    return sessions
