"""The demo's earlier years (``jijiao demo``): what 温州市第一人民医院 held in the system in 2023
and 2024, what the office's year scan proposed for it, a criticism of 鹿城区人民医院, the year's
assessment and work reports — so that the quota, the execution record at review, the sanctions
page, the assessment and the work reports have something to show.

The projects of earlier years are bootstrap history (approved, published, a session filed and
its report accepted, as those steps would have left them); what follows from them goes through
the domain functions as the office's own steps. Idempotent: a second run adds nothing.
"""

import datetime as dt

from jijiao.common import clock
from jijiao.demo import world
from jijiao.execution.domain.oversight import assessments_compute, work_reports_open
from jijiao.execution.domain.year_scan import sanctions_scan
from jijiao.execution.models import ExecutionReport
from jijiao.hosting.domain.sanctions import criticism_enter
from jijiao.hosting.models import Criticism, Session
from jijiao.orgs.models import Account, Person, Unit
from jijiao.projects.models import Application, Call, PublicationList, PublishedProject

SH = clock.SHANGHAI
HISTORY = "（演示历史）"
# Sanction rules and the work report's day the demo's own pack adds to wenzhou-2025 (the
# Wenzhou notice names no sanction; these follow 长沙市继续医学教育管理办法（试行）第七条、第十条).
CITE = "演示：参照长沙市继续医学教育管理办法（试行）第十条"
PACK_VALUES = [
    ("sanctions.SAN_LOW_EXECUTION_PI.cite", CITE),
    ("sanctions.SAN_LOW_EXECUTION_PI.trigger", "execution_rate_below"),
    ("sanctions.SAN_LOW_EXECUTION_PI.below", "4/5"),
    ("sanctions.SAN_LOW_EXECUTION_PI.target", "pi"),
    ("sanctions.SAN_LOW_EXECUTION_PI.effect", "bar"),
    ("sanctions.SAN_LOW_EXECUTION_PI.years", 1),
    ("sanctions.SAN_LOW_EXECUTION_QUOTA.cite", CITE),
    ("sanctions.SAN_LOW_EXECUTION_QUOTA.trigger", "execution_rate_below"),
    ("sanctions.SAN_LOW_EXECUTION_QUOTA.below", "4/5"),
    ("sanctions.SAN_LOW_EXECUTION_QUOTA.target", "unit"),
    ("sanctions.SAN_LOW_EXECUTION_QUOTA.effect", "quota_cut"),
    ("sanctions.SAN_LOW_EXECUTION_QUOTA.places", 1),
    ("sanctions.SAN_CRITICISM_POINTS.cite", CITE),
    ("sanctions.SAN_CRITICISM_POINTS.trigger", "criticism"),
    ("sanctions.SAN_CRITICISM_POINTS.target", "unit"),
    ("sanctions.SAN_CRITICISM_POINTS.effect", "assessment_points"),
    ("sanctions.SAN_CRITICISM_POINTS.points", 5),
    ("work_report.cite", "演示：参照长沙市继续医学教育管理办法（试行）第七条"),
    ("work_report.due", "12-31"),
]
# year → (held, not held) city projects of 温州市第一人民医院: quota ⌈½ × (4 + 2) / 2⌉ = 2.
PROJECTS = {2023: (4, 0), 2024: (2, 1)}


def _approved(city: Unit, office: Account, unit: Unit, leader: Person, year: int, n: int):
    opened = dt.datetime(year, 1, 10, 9, tzinfo=SH)
    call, _ = Call.objects.get_or_create(
        title=f"{year}年度温州市市级继续医学教育项目申报{HISTORY}",
        defaults={
            "level": "city",
            "year": year,
            "office": city,
            "policy_id": "wenzhou-2025",
            "policy_hash": "",
            "opens_at": opened,
            "closes_at": opened + dt.timedelta(days=30),
            "state": Call.State.CLOSED,
            "opened_at": opened,
            "opened_by": office,
        },
    )
    publication, _ = PublicationList.objects.get_or_create(
        title=f"{year}年温州市市级继续医学教育项目{HISTORY}",
        defaults={
            "level": "city",
            "year": year,
            "office": city,
            "published_at": opened + dt.timedelta(days=60),
            "published_by": office,
        },
    )
    discipline = leader.specialty or "03-01"
    number = f"{year}-{discipline}-{n:03d}"
    name = f"{year}年{leader.department or '临床'}适宜技术培训班（{n}）"
    application = Application.objects.create(
        call=call,
        unit=unit,
        pi=leader,
        created_by=office,
        name=name,
        discipline=discipline,
        state=Application.State.APPROVED,
        number=number,
        created_at=opened,
        updated_at=opened,
    )
    return PublishedProject.objects.create(
        publication=publication,
        application=application,
        level="city",
        year=year,
        number=number,
        name=name,
        host_name=unit.name,
        host=unit,
        leader_name=leader.name,
        venue="本院学术报告厅",
        discipline=discipline,
        credits="2.0",
    )


def _held(project: PublishedProject, office: Account, month: int) -> None:
    start = dt.datetime(project.year, month, 12, 9, tzinfo=SH)
    session = Session.objects.create(
        project=project,
        sequence=1,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=8),
        venue=project.venue,
        format="offline",
        days=1,
        capacity=100,
        policy_id="wenzhou-2025",
        state=Session.State.ACCEPTED,
        created_at=start - dt.timedelta(days=30),
        created_by=office,
    )
    ExecutionReport.objects.create(
        session=session,
        held=True,
        state=ExecutionReport.State.ACCEPTED,
        reported_on=start.date() + dt.timedelta(days=5),
        created_at=start,
        updated_at=start,
    )


def load_history() -> None:
    """The earlier years of the demo (see the module docstring)."""
    city, pack_id = world.office(0), world.DEMO_PACK
    office = Account.objects.get(username="wz_office")
    first = Unit.objects.get(name="温州市第一人民医院")
    lucheng = Unit.objects.get(name="鹿城区人民医院")
    pi = Account.objects.get(username="pi_zhang").person
    leaders = list(first.people.exclude(pk=pi.pk).filter(title_level__in=["正高", "副高"]))
    n = 0
    for year, (held, not_held) in PROJECTS.items():
        for i in range(held + not_held):
            n += 1
            leader = pi if i == 0 else leaders[n % len(leaders)]
            project = _approved(city, office, first, leader, year, n)
            if i < held:
                _held(project, office, 4 + i)
    # The office's look back at 2024 (held 2 of 3: below the demo pack's 4/5) and a criticism.
    sanctions_scan(by=office, office=city, year=2024, policy_id=pack_id)
    if not Criticism.objects.exists():
        criticism_enter(
            by=office,
            office=city,
            unit=lucheng,
            year=2024,
            issuer="浙江省卫生健康委",
            text="继续医学教育学分授予把关不严（演示）",
            policy_id=pack_id,
        )
    assessments_compute(by=office, office=city, year=2024)
    work_reports_open(by=office, office=city, year=clock.today().year, policy_id=pack_id)
