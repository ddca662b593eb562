"""Factories of the hosting area: sessions of a published project, their filings, inspections
and sanctions — rows written directly in the state asked for (``state=…``), for tests that start
from a state rather than walk to it through the domain functions."""

import datetime as dt

import factory

from jijiao.common import clock
from jijiao.hosting.models import Filing, Inspection, InspectionDraw, Sanction, Session
from tests.factories import AccountFactory, OfficeFactory, PersonFactory, UnitFactory
from tests.factories.projects import PublishedProjectFactory

START = dt.datetime(2025, 5, 20, 9, 0, tzinfo=clock.SHANGHAI)


class SessionFactory(factory.django.DjangoModelFactory):
    """A one-day offline session of a published city project, planned (not filed)."""

    class Meta:
        model = Session

    project = factory.SubFactory(PublishedProjectFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    starts_at = START
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=8))
    venue = "本院学术报告厅"
    format = "offline"
    days = 1
    capacity = 120
    teachers = "张建华\n陈志强"
    policy_id = "anyang-2025"
    state = Session.State.PLANNED
    created_at = factory.LazyFunction(clock.now)
    created_by = factory.SubFactory(AccountFactory)


class FilingFactory(factory.django.DjangoModelFactory):
    """A session's filing in ``state`` (draft unless said); the session's own state follows
    it (filed, accepted or returned)."""

    class Meta:
        model = Filing

    class Params:
        session_state = factory.LazyAttribute(
            lambda o: {
                Filing.State.DRAFT: Session.State.PLANNED,
                Filing.State.FILED: Session.State.FILED,
                Filing.State.ACCEPTED: Session.State.ACCEPTED,
                Filing.State.RETURNED: Session.State.RETURNED,
            }[o.state]
        )

    session = factory.SubFactory(SessionFactory, state=factory.SelfAttribute("..session_state"))
    notice_name = factory.LazyAttribute(lambda o: o.session.project.name)
    notice_number = factory.LazyAttribute(lambda o: o.session.project.number)
    state = Filing.State.DRAFT
    filed_on = factory.LazyAttribute(
        lambda o: None if o.state == Filing.State.DRAFT else clock.today()
    )


class InspectionDrawFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionDraw

    office = factory.SubFactory(OfficeFactory)
    year = 2025
    rate = "0.10"
    seed = "test"
    population = factory.LazyFunction(list)
    sample = factory.LazyFunction(list)
    drawn_at = factory.LazyFunction(clock.now)
    drawn_by = factory.SubFactory(AccountFactory)


class InspectionFactory(factory.django.DjangoModelFactory):
    """An inspection of an accepted session, drawn and not yet assigned."""

    class Meta:
        model = Inspection

    draw = factory.SubFactory(InspectionDrawFactory)
    session = factory.SubFactory(SessionFactory, state=Session.State.ACCEPTED)
    state = Inspection.State.DRAWN


class SanctionFactory(factory.django.DjangoModelFactory):
    """A project leader barred for 2026, as a pack's rule proposed it: waiting for the office."""

    class Meta:
        model = Sanction

    kind = Sanction.Kind.PI_BARRED
    state = Sanction.State.PROPOSED
    unit = factory.SubFactory(UnitFactory)
    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..unit"))
    first_year = 2026
    last_year = 2026
    reason = "未按期上报执行情况"
    at = factory.LazyFunction(clock.now)
