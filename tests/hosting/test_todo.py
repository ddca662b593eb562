"""The workbench items of hosting: the host files before the pack's days, the office reviews."""

import datetime as dt

import pytest

from jijiao.common import clock
from jijiao.hosting import todo
from jijiao.hosting.domain.filing import filing_review, filing_submit
from tests.factories.hosting import SanctionFactory
from tests.hosting.conftest import START, at, make_session, ready_to_file

pytestmark = pytest.mark.django_db


def test_the_host_sees_the_session_to_file_by_the_packs_deadline(hospital_admin, city_project):
    session = make_session(hospital_admin, city_project, "anyang-2022")
    with at(START.date() - dt.timedelta(days=15)):
        (item,) = todo.todos_for(hospital_admin, clock.now())
        assert item.kind == "待报备的举办期次"
        # Anyang: city projects file 10 days before (五)
        assert item.deadline == START - dt.timedelta(days=10)
        assert item.days_left(clock.now()) == 4
        assert item.url == f"/hosting/sessions/{session.pk}/filing/"


def test_filing_moves_the_item_to_the_office_and_accepting_removes_it(
    hospital_admin, wenzhou_office, city_project
):
    session = make_session(hospital_admin, city_project, "anyang-2022")
    with at(START.date() - dt.timedelta(days=12)):
        ready_to_file(hospital_admin, session)
        filing_submit(by=hospital_admin, session=session)
        assert todo.todos_for(hospital_admin, clock.now()) == []
        (item,) = todo.todos_for(wenzhou_office, clock.now())
        assert item.kind == "待审核的举办报备"
        filing_review(by=wenzhou_office, session=session, accept=True)
        assert todo.todos_for(wenzhou_office, clock.now()) == []


def test_a_pack_with_other_days_moves_the_deadline(hospital_admin, national_project):
    make_session(hospital_admin, national_project, "national-2024")
    with at(START.date() - dt.timedelta(days=30)):
        (item,) = todo.todos_for(hospital_admin, clock.now())
        assert item.deadline == START - dt.timedelta(days=14)


def test_a_proposed_sanction_waits_for_the_office_and_once_confirmed_concerns_the_pi(
    wenzhou_office, pi_zhang, pi_zhang_person, city_hospital
):
    from jijiao.hosting.domain.sanctions import sanction_confirm

    proposal = SanctionFactory(
        unit=city_hospital, person=pi_zhang_person, reason="2025 年项目未举办且无正当理由"
    )
    (item,) = [i for i in todo.todos_for(wenzhou_office, clock.now()) if "处理" in i.kind]
    assert item.kind == "待确认的处理建议"
    assert "取消项目负责人申报资格" in item.title
    assert [i for i in todo.todos_for(pi_zhang, clock.now()) if "处理" in i.kind] == []
    with at(dt.date(2025, 12, 1)):
        sanction_confirm(by=wenzhou_office, sanction=proposal, reason="属实")
        (mine,) = [i for i in todo.todos_for(pi_zhang, clock.now()) if "处理" in i.kind]
    assert mine.kind == "涉及本人或本单位的处理"
    assert "2026–2026 年" in mine.title
    assert [i for i in todo.todos_for(wenzhou_office, clock.now()) if "处理" in i.kind] == []
