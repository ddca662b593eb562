"""The office's look back at a year: which events of the pack's sanction rules happened in its
jurisdiction that no single step noticed — a unit's execution rate below the pack's share
(seed 003 第十条), a session over with no report after the pack's days (seed 004 五/六), a
project's 附件4 score below the pack's value. Each proposes its sanctions once (a second scan
proposes nothing new); the office then confirms or dismisses them."""

from collections import defaultdict
from fractions import Fraction

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import require
from jijiao.engine.rules.dates import days_between
from jijiao.engine.rules.numbers import as_fraction
from jijiao.engine.rules.sanctions import Event
from jijiao.execution.history import HELD, outcomes
from jijiao.execution.models import ExecutionReport, ProjectScore
from jijiao.hosting.domain.sanctions import sanctions_propose
from jijiao.hosting.models import Sanction, Session
from jijiao.orgs import roles
from jijiao.orgs.models import Person, Unit
from jijiao.policy.access import get_policy
from jijiao.projects.models import PublishedProject


@transaction.atomic
def sanctions_scan(*, by, office: Unit, year: int, policy_id: str) -> list[Sanction]:
    """Propose the sanctions the year's execution calls for, for the units under ``office``:
    execution rates by ``policy_id`` (the pack the office assesses its units by); missing
    reports and low scores by each session's or project's own pack.

    Side effects: a Sanction ``proposed`` per rule, event and target (sanctions_propose, each
    audited ``sanction.proposed``); one audit ``sanction.scanned`` with the counts.
    """
    require(by, "execution.scan_sanctions", office)
    get_policy(policy_id)
    units = list(roles.units_in_jurisdiction({office.pk}))
    made = []
    made += _execution_rates(by, units, year, policy_id)
    made += _missing_reports(by, units, year)
    made += _low_scores(by, units, year)
    record(
        "sanction.scanned",
        actor=by,
        obj=office,
        data={"year": year, "policy": policy_id, "proposed": len(made), "units": len(units)},
    )
    return made


def _execution_rates(by, units, year: int, policy_id: str) -> list[Sanction]:
    by_unit: dict[tuple[int, str], list] = defaultdict(list)
    for o in outcomes(units=units, years=[year]):
        if o.unit_id is not None:
            by_unit[(o.unit_id, o.level)].append(o)
    names = {u.pk: u for u in units}
    made = []
    for (unit_id, level), found in sorted(by_unit.items()):
        held = sum(1 for o in found if o.status == HELD)
        rate = Fraction(held, len(found))
        leaders = Person.objects.filter(
            pk__in=[o.leader_id for o in found if o.status != HELD and o.leader_id]
        )
        unit = names[unit_id]
        event = Event(
            "execution_rate_below",
            year,
            level=level,
            rate=rate,
            text=f"{unit.name}（{held}/{len(found)} 项）",
        )
        made += sanctions_propose(
            by=by,
            event=event,
            policy_id=policy_id,
            unit=unit,
            key=f"rate:{year}:{level}:{unit_id}",
            leaders=leaders,
        )
    return made


def _missing_reports(by, units, year: int) -> list[Sanction]:
    """Sessions of the year's projects filed and over, with no report submitted after the
    pack's EXE_LATE days."""
    today = clock.today()
    sessions = (
        Session.objects.filter(
            project__host__in=units,
            project__year=year,
            state__in=(Session.State.FILED, Session.State.ACCEPTED),
        )
        .exclude(
            execution_report__state__in=(
                ExecutionReport.State.SUBMITTED,
                ExecutionReport.State.ACCEPTED,
                ExecutionReport.State.REJECTED,
            )
        )
        .select_related("project", "project__host", "project__application")
    )
    made = []
    for session in sessions:
        project = session.project
        rule = get_policy(session.policy_id).rule("execution", project.level, "EXE_LATE")
        limit = rule.get("max_days") if rule else None
        days = days_between(clock.local(session.ends_at).date(), today)
        if limit is None or days <= limit:
            continue
        event = Event(
            "missing_report",
            project.year,
            level=project.level,
            days=days,
            text=f"{project.number} {project.name} 第 {session.sequence} 期",
        )
        made += sanctions_propose(
            by=by,
            event=event,
            policy_id=session.policy_id,
            unit=project.host,
            key=f"missing_report:{session.pk}",
            project=project,
        )
    return made


def _low_scores(by, units, year: int) -> list[Sanction]:
    scores = ProjectScore.objects.filter(project__host__in=units, year=year).select_related(
        "project", "project__host", "project__application"
    )
    made = []
    for score in scores:
        project: PublishedProject = score.project
        event = Event(
            "score_below",
            year,
            level=project.level,
            score=as_fraction(str(score.total)),
            text=f"{project.number} {project.name}",
        )
        made += sanctions_propose(
            by=by,
            event=event,
            policy_id=score.policy_id,
            unit=project.host,
            key=f"score:{project.pk}",
            project=project,
        )
    return made
