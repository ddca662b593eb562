"""Factories of the credits area: ledger rows and certificates."""

import datetime as dt
import secrets

import factory

from jijiao.common import clock
from jijiao.credits.domain.certificates import entry_snapshot
from jijiao.credits.models import Certificate, LedgerEntry
from tests.factories import PersonFactory


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    """A class II in-unit activity of 2025 entered by hand, approved unless ``status`` says."""

    class Meta:
        model = LedgerEntry

    person = factory.SubFactory(PersonFactory)
    unit = factory.LazyAttribute(lambda o: o.person.unit)
    year = 2025
    activity_date = dt.date(2025, 3, 1)
    credit_class = "II"
    credit_level = "unit"
    source = LedgerEntry.Source.IN_UNIT
    activity_type = "全院业务学习"
    title = factory.Sequence(lambda n: f"院内业务学习{n}")
    credits = "1.0"
    entry_method = LedgerEntry.Method.MANUAL
    status = LedgerEntry.Status.APPROVED
    policy_id = "wenzhou-2023"
    policy_hash = "0" * 64
    entered_at = factory.LazyFunction(clock.now)


class CertificateFactory(factory.django.DjangoModelFactory):
    """The credit certificate of an approved ledger row."""

    class Meta:
        model = Certificate

    code = factory.LazyFunction(lambda: secrets.token_urlsafe(16))
    kind = Certificate.Kind.CREDIT
    entry = factory.SubFactory(LedgerEntryFactory)
    person = factory.LazyAttribute(lambda o: o.entry.person)
    year = factory.LazyAttribute(lambda o: o.entry.year)
    snapshot = factory.LazyAttribute(lambda o: entry_snapshot(o.entry))
    issued_at = factory.LazyFunction(clock.now)
