"""Each fact a filing pack's ``cases`` select on, as the host meets it on the filing page: a
session must be filed 10 days ahead, 5 where the case holds; the host files 7 days ahead. The
facts are the host unit's level, division and the county office above it (its category:
tests/hosting/test_filing_pack_in_pages.py) and the session's format and project's level. The
same cases through ``jijiao precheck``: tests/engine/packs/test_selectors.py."""

import datetime as dt

import pytest

from jijiao.orgs.models import Unit
from jijiao.policy.domain.packs import pack_create
from tests.hosting.conftest import START, at, make_session, ready_to_file

pytestmark = pytest.mark.django_db

PACK = """
id = "anyang-cases"
title = "安阳市项目举办报备（按条件取值，测试）"
extends = "anyang-2022"

[filing.city.FIL_LATE]
cite = "测试通知 六"
severity = "error"
min_days = 10

[[filing.city.FIL_LATE.cases]]
when = {{ {when} }}
min_days = 5
"""


def host(project, **values):
    Unit.objects.filter(pk=project.host_id).update(**values)


# (the case's condition, what makes it hold, what makes it fail; the session's format)
CASES = {
    "unit.level": (
        '"unit.level" = "一级"',
        lambda p, county: host(p, grade="一级"),
        lambda p, county: host(p, grade="三级"),
    ),
    "unit.division": (
        '"unit.division" = "330381"',
        lambda p, county: host(p, division_id="330381"),
        lambda p, county: host(p, division_id="330302"),
    ),
    "unit.county_level": (
        '"unit.county_level" = true',
        lambda p, county: host(p, supervisor=county),
        lambda p, county: None,
    ),
}


def filing_page(client, session) -> str:
    return client.get(f"/hosting/sessions/{session.pk}/filing/").content.decode()


@pytest.fixture
def pack(wenzhou_office, wenzhou_office_unit):
    def make(when: str):
        pack_create(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            pack_id="anyang-cases",
            title="安阳市项目举办报备（按条件取值，测试）",
            extends="anyang-2022",
            text=PACK.format(when=when),
        )

    return make


@pytest.mark.parametrize("fact", list(CASES))
def test_a_fact_of_the_host_unit_chooses_the_days_ahead(
    client, hospital_admin, city_project, lucheng_office_unit, pack, fact
):
    when, holds, fails = CASES[fact]
    pack(when)
    session = make_session(hospital_admin, city_project, "anyang-cases")
    client.force_login(hospital_admin)
    with at(START.date() - dt.timedelta(days=7)):
        ready_to_file(hospital_admin, session)
        fails(city_project, lucheng_office_unit)
        assert "今天报备为举办前 7 天，规定至少提前 10 天" in filing_page(client, session)
        holds(city_project, lucheng_office_unit)
        page = filing_page(client, session)
    assert "今天报备为举办前 7 天，规定至少提前 5 天" in page and "FIL_LATE" not in page


@pytest.mark.parametrize(
    ("when", "session_format", "days"),
    [
        ('"project.format" = "online"', "offline", 10),
        ('"project.format" = "online"', "online", 5),
        ('"project.level" = "national"', "offline", 10),
        ('"project.level" = "city"', "offline", 5),
    ],
)
def test_the_sessions_format_and_the_projects_level_choose_the_days_ahead(
    client, hospital_admin, city_project, pack, when, session_format, days
):
    pack(when)
    session = make_session(hospital_admin, city_project, "anyang-cases", format=session_format)
    client.force_login(hospital_admin)
    with at(START.date() - dt.timedelta(days=7)):
        ready_to_file(hospital_admin, session)
        page = filing_page(client, session)
    assert f"今天报备为举办前 7 天，规定至少提前 {days} 天" in page
