"""Factories of the execution area: a session's execution report in the state asked for."""

import factory

from jijiao.common import clock
from jijiao.execution.models import ExecutionReport
from jijiao.hosting.models import Session
from tests.factories.hosting import SessionFactory


class ExecutionReportFactory(factory.django.DjangoModelFactory):
    """The report of an accepted session as first saved (held; the facts not yet written), in
    ``state`` (draft unless said)."""

    class Meta:
        model = ExecutionReport

    session = factory.SubFactory(SessionFactory, state=Session.State.ACCEPTED)
    held = True
    state = ExecutionReport.State.DRAFT
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)
