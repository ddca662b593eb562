import datetime as dt

import pytest
import time_machine

from jijiao.common import clock
from jijiao.orgs.models import Role
from jijiao.projects.domain.applications import (
    CourseInput,
    application_create,
    application_save,
    application_submit,
)
from jijiao.projects.domain.calls import call_open
from jijiao.projects.domain.intake import application_accept, criteria_set, paper_receipt_record
from jijiao.projects.domain.unit_review import applications_recommend
from tests.factories import AccountFactory, PersonFactory, grant

IN_WINDOW = dt.datetime(2025, 2, 10, 10, 0, tzinfo=clock.SHANGHAI)


@pytest.fixture
def in_window():
    with time_machine.travel(IN_WINDOW, tick=False):
        yield IN_WINDOW


@pytest.fixture
def city_call(wenzhou_office, wenzhou_office_unit, in_window):
    return call_open(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        title="关于开展2025年度温州市市级继续医学教育项目申报工作的通知",
        level="city",
        year=2025,
        policy_id="wenzhou-2025",
        paper_deadline=dt.datetime(2025, 3, 5, 17, 0, tzinfo=clock.SHANGHAI),
    )


PROJECT = {
    "name": "基层心血管病规范化诊疗培训班",
    "summary": "高血压、冠心病基层规范化诊疗与适宜技术",
    "discipline": "03-01",
    "format": "offline",
    "sessions": 2,
    "enrollment_per_session": 120,
    "venue": "本院学术报告厅",
    "venue_is_own_unit": True,
    "target_trainees": "基层医务人员",
}


def good_schedule(pi_person, colleague) -> list[CourseInput]:
    """600 teaching minutes: the PI teaches 150 (1/4), own-unit teachers teach all."""
    return [
        CourseInput(topic="开班仪式", kind="non_teaching", minutes=30),
        CourseInput(topic="高血压规范化管理", kind="theory", minutes=150, teacher_person=pi_person),
        CourseInput(topic="冠心病二级预防", kind="theory", minutes=300, teacher_person=colleague),
        CourseInput(topic="动态血压监测", kind="practical", minutes=150, teacher_person=colleague),
    ]


@pytest.fixture
def colleague(city_hospital, cardiology):
    return PersonFactory(
        name="陈志强", unit=city_hospital, department=cardiology, title_level="副高"
    )


@pytest.fixture
def draft(pi_zhang, pi_zhang_person, colleague, city_call):
    application = application_create(by=pi_zhang, call=city_call, fields=dict(PROJECT))
    application_save(
        by=pi_zhang,
        application=application,
        fields={},
        courses=good_schedule(pi_zhang_person, colleague),
    )
    return application


@pytest.fixture
def expert_a(db):
    return grant(AccountFactory(username="expert_a", display_name="专家甲"), Role.EXPERT)


@pytest.fixture
def expert_b(db):
    return grant(AccountFactory(username="expert_b", display_name="专家乙"), Role.EXPERT)


# ---------------------------------------------------------------- further along the path


@pytest.fixture
def submitted(draft, pi_zhang):
    return application_submit(by=pi_zhang, application=draft)


def record_paper(call, unit, office):
    """The unit's stamped paper set arrived before the deadline (seed 000 三.1 缺一不可)."""
    return paper_receipt_record(by=office, call=call, unit=unit, received_at=IN_WINDOW)


@pytest.fixture
def paper_received(city_call, city_hospital, wenzhou_office):
    return record_paper(city_call, city_hospital, wenzhou_office)


@pytest.fixture
def recommended(submitted, hospital_admin, city_call, city_hospital):
    applications_recommend(
        by=hospital_admin, call=city_call, unit=city_hospital, applications=[submitted]
    )
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def under_review(recommended, wenzhou_office, city_call, city_hospital):
    record_paper(city_call, city_hospital, wenzhou_office)
    return application_accept(by=wenzhou_office, application=recommended)


@pytest.fixture
def criteria(city_call, wenzhou_office):
    criteria_set(
        by=wenzhou_office,
        call=city_call,
        criteria=[("科学性与先进性", 40, True), ("实用性", 40, True), ("师资", 20, False)],
    )
    return list(city_call.criteria.order_by("position"))
