"""Every area's factories build rows the models accept: saved, and valid by the models' own
field rules (choices, lengths, required fields) — so a test that starts from a factory's row
starts from one the system could have written."""

import pytest

from tests.factories.attendance import RegistrationFactory, ScanFactory
from tests.factories.audits import AuditCaseFactory, CampaignFactory
from tests.factories.credits import CertificateFactory, LedgerEntryFactory
from tests.factories.execution import ExecutionReportFactory
from tests.factories.hosting import (
    FilingFactory,
    InspectionFactory,
    SanctionFactory,
    SessionFactory,
)
from tests.factories.jobs import JobFactory
from tests.factories.notifications import MessageFactory
from tests.factories.policy import StoredPackFactory
from tests.factories.projects import ApplicationFactory, CallFactory, PublishedProjectFactory
from tests.factories.records import PastProjectFactory, PersonRecordFactory
from tests.factories.remote import CourseFactory, ProviderFactory

FACTORIES = [
    PublishedProjectFactory,
    CallFactory,
    ApplicationFactory,
    PastProjectFactory,
    PersonRecordFactory,
    SessionFactory,
    FilingFactory,
    InspectionFactory,
    SanctionFactory,
    RegistrationFactory,
    ScanFactory,
    ExecutionReportFactory,
    LedgerEntryFactory,
    CertificateFactory,
    CampaignFactory,
    AuditCaseFactory,
    ProviderFactory,
    CourseFactory,
    StoredPackFactory,
    MessageFactory,
    JobFactory,
]


# What a factory leaves out that a form would ask for (an imported list may carry no credits).
GIVEN = {PublishedProjectFactory: {"credits": "4.0"}}


@pytest.mark.django_db
@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model._meta.label)
def test_a_factory_row_is_saved_and_valid(factory):
    first, second = factory(**GIVEN.get(factory, {})), factory(**GIVEN.get(factory, {}))
    assert first.pk and second.pk and first.pk != second.pk
    for row in (first, second):
        row.full_clean()


@pytest.mark.django_db
def test_a_filing_takes_its_session_to_the_matching_state():
    filing = FilingFactory(state="accepted")
    assert (filing.session.state, filing.session.is_filed) == ("accepted", True)
    assert FilingFactory().session.state == "planned"
