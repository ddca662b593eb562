"""The workbench items of hosting: the host files before the pack's days, the office reviews."""

import datetime as dt

import pytest

from jijiao.common import clock
from jijiao.hosting import todo
from jijiao.hosting.domain.filing import filing_review, filing_submit
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
