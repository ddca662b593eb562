"""A small Wenzhou year (2023) whose every figure is counted by hand in the tests.

People (credit year 2023 on ``wenzhou-2023``): five cardiology staff of 温州市第一人民医院
(directly under the city, division 鹿城区), two of them with 25 in-unit credits; 王丽华 of
鹿城区人民医院 (鹿城区); 陈瑞 of 瑞安市人民医院 (瑞安市). The city's bars are therefore the
divisions 鹿城区 (6 people) and 瑞安市 (1).

Projects of 2023: the city hospital's A (national; session filed, held 2023-05-10, report
accepted; 4 registered: 2 own staff, 王丽华 from another unit, 1 from Jiangsu; score 92 with
item 1.1.1 = 5; 3 evaluations, 2 satisfied with the teachers; inspected, a violation found)
and B (city level, approved only); 鹿城区人民医院's C (city level; session filed in June, the
filing not yet accepted). A confirmed sanction of the city hospital in force in 2023.
"""

import datetime as dt
from decimal import Decimal

import pytest

from jijiao.attendance.models import Registration
from jijiao.common import clock
from jijiao.execution.models import ExecutionReport, SessionScore, Survey, SurveyAnswer
from jijiao.hosting.models import Inspection, InspectionDraw, Sanction, Session
from jijiao.orgs.models import Division
from tests.credits.conftest import (  # noqa: F401
    credit_year_2023,
    media_root,
    staff,
    zhao,
    zhao_account,
)
from tests.credits.helpers import approved_in_unit
from tests.factories import PersonFactory, UnitFactory
from tests.factories.projects import PublishedProjectFactory

SH = clock.SHANGHAI


def _session(project, office, *, month: int, state: str) -> Session:
    start = dt.datetime(2023, month, 10, 9, tzinfo=SH)
    return Session.objects.create(
        project=project,
        sequence=1,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=8),
        venue="本院学术报告厅",
        format="offline",
        days=1,
        capacity=100,
        policy_id="wenzhou-2023",
        state=state,
        created_at=start - dt.timedelta(days=30),
        created_by=office,
    )


@pytest.fixture
def ruian_person(ruian_hospital):
    return PersonFactory(name="陈瑞", unit=ruian_hospital)


@pytest.fixture
def world(
    wenzhou_office,
    wenzhou_office_unit,
    hospital_admin,
    city_hospital,
    lucheng_hospital,
    lucheng_office,
    ruian_office,
    ruian_person,
    nurse_wang,
    staff,  # noqa: F811
    credit_year_2023,  # noqa: F811
):
    approved_in_unit(
        hospital_admin,
        wenzhou_office,
        city_hospital,
        staff[:2],
        day="2023-06-01",
        credits="25",
        title="全年院内学习",
    )
    common = {
        "publication__office": wenzhou_office_unit,
        "publication__published_by": wenzhou_office,
    }
    a = PublishedProjectFactory(
        level="national", year=2023, host=city_hospital, name="项目甲", **common
    )
    b = PublishedProjectFactory(
        level="city", year=2023, host=city_hospital, name="项目乙", **common
    )
    c = PublishedProjectFactory(
        level="city", year=2023, host=lucheng_hospital, name="项目丙", **common
    )
    held = _session(a, wenzhou_office, month=5, state=Session.State.ACCEPTED)
    now = clock.now()
    ExecutionReport.objects.create(
        session=held,
        held=True,
        state=ExecutionReport.State.ACCEPTED,
        reported_on=dt.date(2023, 5, 15),
        submitted_at=now,
        created_at=now,
        updated_at=now,
    )
    _session(c, wenzhou_office, month=6, state=Session.State.FILED)
    jiangsu = UnitFactory(name="南京某医院", division=Division.objects.get(code="320000"))
    for person in [staff[2], staff[3], nurse_wang, PersonFactory(name="苏北", unit=jiangsu)]:
        Registration.objects.create(
            session=held, person=person, registered_at=now, registered_by=hospital_admin
        )
    SessionScore.objects.create(
        session=held,
        mode="face_to_face",
        total=Decimal("92.00"),
        items={"1.1.1": 5},
        policy_id="wenzhou-2023",
        policy_hash="x",
        inputs_hash="x",
        computed_at=now,
    )
    survey = Survey.objects.create(
        session=held, token="t" * 32, opened_at=now, opened_by=hospital_admin
    )
    for q4 in (0, 1, 2):
        SurveyAnswer.objects.create(
            survey=survey, q1=0, q2=0, q3=0, q4=q4, q5=0, q6=2, q7a=0, q7b=1
        )
    draw = InspectionDraw.objects.create(
        office=wenzhou_office_unit,
        year=2023,
        rate=Decimal("0.10"),
        seed="s",
        population=[held.pk],
        sample=[held.pk],
        drawn_at=now,
        drawn_by=wenzhou_office,
    )
    Inspection.objects.create(
        draw=draw, session=held, state=Inspection.State.RECORDED, violation=True, findings="未签到"
    )
    Sanction.objects.create(
        kind=Sanction.Kind.ASSESSMENT,
        state=Sanction.State.CONFIRMED,
        unit=city_hospital,
        points=Decimal("2.0"),
        first_year=2023,
        last_year=2023,
        reason="督导发现违规",
        at=now,
    )
    return {"a": a, "b": b, "c": c, "held": held}
