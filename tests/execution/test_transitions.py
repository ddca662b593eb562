"""Each step of an execution report and of a yearly work report refuses, in Chinese and naming
the state it is in, to run from a state its lifecycle does not allow; nothing changes."""

import datetime as dt

import pytest

from jijiao.execution.domain.oversight import work_report_submit
from jijiao.execution.domain.reports import report_save, report_submit
from jijiao.execution.domain.review import report_grant, report_review
from jijiao.execution.models import ExecutionReport, WorkReport
from tests.factories.execution import ExecutionReportFactory
from tests.factories.hosting import SessionFactory
from tests.factories.projects import PublishedProjectFactory
from tests.refusals import refused

S = ExecutionReport.State


@pytest.fixture
def report_in(wenzhou_office_unit, wenzhou_office, city_hospital, hospital_admin):
    """A report of a city project of 温州市第一人民医院 in ``state``, reviewed by the city."""
    project = PublishedProjectFactory(
        publication__office=wenzhou_office_unit,
        publication__published_by=wenzhou_office,
        host=city_hospital,
        credits="4.0",
    )

    def make(state):
        session = SessionFactory(project=project, created_by=hospital_admin, state="accepted")
        chain = [{"stage": "city", "office": wenzhou_office_unit.pk, "name": "温州市卫健委"}]
        return ExecutionReportFactory(session=session, state=state, chain=chain)

    return make


@pytest.mark.parametrize(
    ("state", "label"),
    [(S.SUBMITTED, "已上报，审核中"), (S.ACCEPTED, "审核通过"), (S.REJECTED, "审核不通过")],
)
def test_a_report_out_of_the_hosts_hands_is_neither_changed_nor_submitted(
    report_in, hospital_admin, state, label
):
    report = report_in(state)
    session = report.session
    refused(
        lambda: report_save(by=hospital_admin, session=session, fields={"problems": "补充"}),
        report,
        label,
    )
    refused(lambda: report_submit(by=hospital_admin, session=session), report, label)
    assert ExecutionReport.objects.get(pk=report.pk).problems == ""


# A decided report reviewed again is refused by the stage's permission (test_reports.py:
# test_a_rejected_report_grants_nothing); accepting an accepted one only retries the grant.
@pytest.mark.parametrize(("state", "label"), [(S.DRAFT, "草稿"), (S.RETURNED, "已退回修改")])
@pytest.mark.parametrize("action", ["accept", "return", "reject"])
def test_only_a_submitted_report_is_reviewed(report_in, wenzhou_office, state, label, action):
    report = report_in(state)
    refused(
        lambda: report_review(
            by=wenzhou_office, session=report.session, action=action, note="意见"
        ),
        report,
        label,
    )
    assert not report.decisions.exists()


@pytest.mark.parametrize(("state", "label"), [(S.SUBMITTED, "已上报，审核中"), (S.DRAFT, "草稿")])
def test_credits_are_granted_only_for_an_accepted_report(report_in, wenzhou_office, state, label):
    report = report_in(state)
    refused(lambda: report_grant(by=wenzhou_office, session=report.session), report, label)
    report.refresh_from_db()
    assert (report.credited, report.grant) == (False, {})


def test_a_work_report_is_submitted_once(
    city_hospital, wenzhou_office_unit, wenzhou_office, hospital_admin
):
    report = WorkReport.objects.create(
        office=wenzhou_office_unit,
        unit=city_hospital,
        year=2024,
        due=dt.date(2024, 12, 31),
        state=WorkReport.State.SUBMITTED,
        text="已开展继续医学教育项目 12 项。",
        submitted_on=dt.date(2024, 12, 20),
        opened_at=dt.datetime(2024, 11, 1, tzinfo=dt.UTC),
        opened_by=wenzhou_office,
    )
    refused(
        lambda: work_report_submit(by=hospital_admin, report=report, text="再报一次"),
        report,
        "已报送",
    )
    assert WorkReport.objects.get(pk=report.pk).text == "已开展继续医学教育项目 12 项。"
