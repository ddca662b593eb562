"""Each step of a filing, an inspection and a sanction refuses, in Chinese and naming the state
it is in, to run from a state its lifecycle does not allow; nothing changes."""

import pytest

from jijiao.hosting.domain.filing import filing_review, filing_save, filing_submit
from jijiao.hosting.domain.inspections import inspection_assign, inspection_record
from jijiao.hosting.domain.sanctions import sanction_confirm, sanction_dismiss
from jijiao.hosting.models import Filing, Inspection, Sanction
from jijiao.orgs.models import Role
from tests.factories import AccountFactory, grant
from tests.factories.hosting import (
    FilingFactory,
    InspectionDrawFactory,
    InspectionFactory,
    SanctionFactory,
    SessionFactory,
)
from tests.refusals import refused


@pytest.fixture
def filing_in(city_project, hospital_admin):
    def make(state):
        session = SessionFactory(project=city_project, created_by=hospital_admin)
        return FilingFactory(session=session, state=state)

    return make


@pytest.mark.parametrize(
    ("state", "label"),
    [(Filing.State.FILED, "已报备，待审核"), (Filing.State.ACCEPTED, "已通过")],
)
def test_a_filed_or_accepted_filing_cannot_be_filed_or_changed_again(
    filing_in, hospital_admin, state, label
):
    filing = filing_in(state)
    session = filing.session
    refused(lambda: filing_submit(by=hospital_admin, session=session), filing, label)
    refused(
        lambda: filing_save(by=hospital_admin, session=session, fields={"contact": "王"}),
        filing,
        label,
    )
    assert Filing.objects.get(pk=filing.pk).contact == ""
    session.refresh_from_db()
    assert session.state == filing.session.state


@pytest.mark.parametrize(
    ("state", "label"),
    [
        (Filing.State.DRAFT, "草稿"),
        (Filing.State.ACCEPTED, "已通过"),
        (Filing.State.RETURNED, "已退回"),
    ],
)
def test_only_a_filing_waiting_for_review_can_be_reviewed(filing_in, wenzhou_office, state, label):
    filing = filing_in(state)
    refused(
        lambda: filing_review(by=wenzhou_office, session=filing.session, accept=True),
        filing,
        label,
    )


@pytest.fixture
def inspector(db):
    return grant(AccountFactory(username="inspector"), Role.INSPECTOR)


def test_a_recorded_inspection_is_neither_reassigned_nor_recorded_again(
    wenzhou_office, wenzhou_office_unit, inspector, city_project, hospital_admin
):
    inspection = InspectionFactory(
        draw=InspectionDrawFactory(office=wenzhou_office_unit, drawn_by=wenzhou_office),
        session=SessionFactory(project=city_project, created_by=hospital_admin),
        inspector=inspector,
        state=Inspection.State.RECORDED,
        findings="现场签到表完整",
    )
    label = "已记录督导结果"
    refused(
        lambda: inspection_assign(by=wenzhou_office, inspection=inspection, inspector=inspector),
        inspection,
        label,
    )
    refused(
        lambda: inspection_record(
            by=inspector, inspection=inspection, findings="再记一次", violation=True
        ),
        inspection,
        label,
    )
    inspection.refresh_from_db()
    assert (inspection.findings, inspection.violation) == ("现场签到表完整", False)


@pytest.mark.parametrize(
    ("state", "label"),
    [(Sanction.State.CONFIRMED, "已确认"), (Sanction.State.DISMISSED, "已撤销")],
)
def test_a_decided_sanction_is_decided_once(city_hospital, wenzhou_office, state, label):
    sanction = SanctionFactory(unit=city_hospital, state=state)
    refused(
        lambda: sanction_confirm(by=wenzhou_office, sanction=sanction, reason="确认"),
        sanction,
        label,
    )
    refused(
        lambda: sanction_dismiss(by=wenzhou_office, sanction=sanction, reason="撤销"),
        sanction,
        label,
    )
