"""Factories of the attendance area: registrations for a session and scans as they arrived."""

import factory

from jijiao.attendance.models import Registration, Scan
from jijiao.common import clock
from tests.factories import AccountFactory, PersonFactory
from tests.factories.hosting import SessionFactory


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    state = Registration.State.REGISTERED
    registered_at = factory.LazyFunction(clock.now)
    registered_by = factory.SubFactory(AccountFactory)


class ScanFactory(factory.django.DjangoModelFactory):
    """A sign-in scan of a registered person, accepted, scanned at the session's start."""

    class Meta:
        model = Scan

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    kind = "in"
    source = Scan.Source.STAFF
    outcome = Scan.Outcome.ACCEPTED
    scanned_at = factory.LazyAttribute(lambda o: o.session.starts_at)
    received_at = factory.LazyAttribute(lambda o: o.scanned_at)
