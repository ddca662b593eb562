"""Each fact a pack's ``cases`` select on, as the PI meets it in the application form's live
check: the call's pack caps a session at 100 trainees, 150 where the case holds; the form asks
for 120. Each fact is read from the records the system keeps (the unit's category, level,
division and the county office above it; the PI's title and title series; the project's format
and level), changed between two checks. The same cases through ``jijiao precheck``:
tests/engine/packs/test_selectors.py."""

import datetime as dt

import pytest

from jijiao.common import clock
from jijiao.orgs.models import Person, Unit
from jijiao.policy.domain.packs import pack_create
from jijiao.projects.domain.applications import application_create, application_save
from jijiao.projects.domain.calls import call_open
from tests.projects.conftest import PROJECT, good_schedule
from tests.projects.test_pack_rules_in_form import live, rows
from tests.projects.test_views_applications import form_data

pytestmark = pytest.mark.django_db

PACK = """
id = "wenzhou-cases-2025"
title = "温州市2025年项目申报（按条件取值，测试）"
extends = "wenzhou-2025"

[application.city.APP_ENROLLMENT_LIMIT]
cite = "测试通知 一.4"
severity = "error"
max = 100
formats = ["offline", "blended", "online"]

[[application.city.APP_ENROLLMENT_LIMIT.cases]]
when = {{ {when} }}
max = 150
"""
OVER = "每期计划招生 120 人，超过 100 人上限"


def unit(application, **values):
    Unit.objects.filter(pk=application.unit_id).update(**values)


def pi(application, **values):
    Person.objects.filter(pk=application.pi_id).update(**values)


def under_county_office(application, lucheng_office_unit):
    unit(application, supervisor=lucheng_office_unit)


# (the case's condition, what makes it hold, what makes it fail, form fields)
CASES = {
    "unit.category": (
        '"unit.category" = ["county", "township"]',
        lambda a, _: unit(a, category="township"),
        lambda a, _: unit(a, category="city_centre"),
    ),
    "unit.level": (
        '"unit.level" = "二级"',
        lambda a, _: unit(a, grade="二级"),
        lambda a, _: unit(a, grade="三级"),
    ),
    "unit.division": (
        '"unit.division" = "330381"',  # 瑞安市
        lambda a, _: unit(a, division_id="330381"),
        lambda a, _: unit(a, division_id="330302"),
    ),
    "unit.county_level": (
        '"unit.county_level" = true',
        under_county_office,
        lambda a, _: None,  # directly under the city office
    ),
    "person.title": (
        '"person.title" = "正高"',
        lambda a, _: pi(a, title_level="正高"),
        lambda a, _: pi(a, title_level="副高"),
    ),
    "person.title_series": (
        '"person.title_series" = "护理"',
        lambda a, _: pi(a, title_series="护理"),
        lambda a, _: pi(a, title_series="医师"),
    ),
}


@pytest.fixture
def make_application(
    wenzhou_office, wenzhou_office_unit, in_window, pi_zhang, pi_zhang_person, colleague
):
    def make(when: str):
        pack_create(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            pack_id="wenzhou-cases-2025",
            title="温州市2025年项目申报（按条件取值，测试）",
            extends="wenzhou-2025",
            text=PACK.format(when=when),
        )
        call = call_open(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            title="温州市2025年市级项目申报",
            level="city",
            year=2025,
            policy_id="wenzhou-cases-2025",
            paper_deadline=dt.datetime(2025, 3, 5, 17, 0, tzinfo=clock.SHANGHAI),
        )
        application = application_create(by=pi_zhang, call=call, fields=dict(PROJECT))
        application_save(
            by=pi_zhang,
            application=application,
            fields={},
            courses=good_schedule(pi_zhang_person, colleague),
        )
        return application

    return make


@pytest.mark.parametrize("fact", list(CASES))
def test_a_fact_of_the_unit_or_the_pi_chooses_the_cap_in_the_live_check(
    client, pi_zhang, pi_zhang_person, colleague, lucheng_office_unit, make_application, fact
):
    when, holds, fails = CASES[fact]
    application = make_application(when)
    client.force_login(pi_zhang)
    data = form_data(application, rows(pi_zhang_person, colleague), enrollment_per_session="120")

    fails(application, lucheng_office_unit)
    assert OVER in live(client, application, **data)
    holds(application, lucheng_office_unit)
    assert "APP_ENROLLMENT_LIMIT" not in live(client, application, **data)


@pytest.mark.parametrize(
    ("when", "capped"),
    [
        ('"project.format" = "online"', {"format": "offline"}),
        ('"project.format" = "online"', {"format": "online"}),
        ('"project.level" = "national"', {}),
        ('"project.level" = "city"', {}),
    ],
)
def test_the_projects_format_and_level_choose_the_cap_in_the_live_check(
    client, pi_zhang, pi_zhang_person, colleague, make_application, when, capped
):
    application = make_application(when)
    client.force_login(pi_zhang)
    data = form_data(
        application, rows(pi_zhang_person, colleague), enrollment_per_session="120", **capped
    )
    panel = live(client, application, **data)
    holds = capped.get("format") == "online" or '"city"' in when
    assert (OVER in panel) is not holds
