"""Anyang's filing (seed 004 三): the teachers may not change after approval and the 学时 may not
be shortened — the approved application against the session as filed."""

import datetime as dt

import pytest

from jijiao.hosting.domain.filing import filing_submit
from tests.hosting.conftest import START, at, make_session, ready_to_file
from tests.projects.conftest import city_call, colleague, draft, in_window  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_project(city_project, draft):  # noqa: F811
    """The city project with the application it was approved on: 张建华 and 陈志强 teach 10
    学时. (Linked once the session exists, so the session keeps the Anyang pack.)"""
    draft.figures = {"teaching_hours": 10.0}
    draft.save(update_fields=["figures"])

    def link(session):
        city_project.application = draft
        city_project.save(update_fields=["application"])
        return session

    city_project.link = link
    return city_project


def file_ten_days_before(by, session):
    with at(START.date() - dt.timedelta(days=10)):
        ready_to_file(by, session)
        return filing_submit(by=by, session=session)


def test_filed_as_approved_passes(hospital_admin, approved_project):
    session = approved_project.link(
        make_session(hospital_admin, approved_project, "anyang-2022", hours=10)
    )
    report = file_ten_days_before(hospital_admin, session)
    assert report["ok"] is True and report["findings"] == []


def test_other_teachers_and_fewer_hours_are_refused(hospital_admin, approved_project):
    session = approved_project.link(
        make_session(
            hospital_admin, approved_project, "anyang-2022", hours=8, teachers="张建华\n王某"
        )
    )
    report = file_ten_days_before(hospital_admin, session)
    assert report["ok"] is False
    assert [(f["code"], f["severity"], f["message"]) for f in report["findings"]] == [
        (
            "FIL_CHANGED_AFTER_APPROVAL",
            "error",
            "批准后擅自变更：授课教师（新增 王某；减少 陈志强）（安阳市继委2022年项目通知 三）",
        ),
        (
            "FIL_HOURS_SHORTENED",
            "error",
            "举办学时 8 少于批准的 10 学时（安阳市继委2022年项目通知 三）",
        ),
    ]


def test_the_session_form_asks_for_the_planned_hours(client, hospital_admin, approved_project):
    client.force_login(hospital_admin)
    page = client.get(f"/hosting/projects/{approved_project.pk}/sessions/new/").content.decode()
    assert 'name="hours"' in page and "计划学时" in page
