"""Earlier years in the system: approved applications published as projects, and what happened
to them (a session held with its report accepted, or nothing at all)."""

import datetime as dt

from jijiao.common import clock
from jijiao.execution.models import ExecutionReport
from jijiao.hosting.models import Session
from jijiao.projects.models import Application, Call
from tests.execution.helpers import published
from tests.factories.execution import ExecutionReportFactory
from tests.factories.hosting import SessionFactory

SH = clock.SHANGHAI


def approved(office_unit, office, unit, pi, *, year, number, level="city", policy="wenzhou-2025"):
    """A project of ``year`` approved through an application of ``pi`` and published."""
    opened = dt.datetime(year, 1, 10, 9, tzinfo=SH)
    call = Call.objects.create(
        title=f"{year}年项目申报",
        level=level,
        year=year,
        office=office_unit,
        policy_id=policy,
        policy_hash="",
        opens_at=opened,
        closes_at=opened + dt.timedelta(days=30),
        state=Call.State.CLOSED,
        opened_at=opened,
        opened_by=office,
    )
    application = Application.objects.create(
        call=call,
        unit=unit,
        pi=pi,
        created_by=office,
        name=f"{year}年项目 {number}",
        discipline="03-01",
        state=Application.State.APPROVED,
        number=number,
        created_at=opened,
        updated_at=opened,
    )
    return published(
        office_unit,
        office,
        unit,
        level=level,
        year=year,
        number=number,
        name=application.name,
        leader_name=pi.name,
        application=application,
    )


def held_and_accepted(project, by, policy="wenzhou-2025") -> ExecutionReport:
    """One session of the project held in June, filed, and its report accepted."""
    start = dt.datetime(project.year, 6, 3, 9, tzinfo=SH)
    session = SessionFactory(
        project=project,
        sequence=1,
        starts_at=start,
        teachers="",
        capacity=100,
        policy_id=policy,
        state=Session.State.ACCEPTED,
        created_at=start - dt.timedelta(days=20),
        created_by=by,
    )
    return ExecutionReportFactory(
        session=session,
        state=ExecutionReport.State.ACCEPTED,
        reported_on=start.date() + dt.timedelta(days=3),
        created_at=start,
    )
