"""A unit's and a leader's standing: the execution record per year (seed 000 二.4: 各单位的培训
项目实施情况将作为次年新项目评审的重要参考依据) and the facts of earlier years the application
rules read — both from the one history (jijiao.execution.history) and the confirmed sanctions
(jijiao.hosting).

The projects app asks for these through ``jijiao.projects.facts.years_behind()``; this module
is registered as its provider by ``ExecutionConfig.ready`` (the projects app does not import the
apps above it)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from jijiao.execution.history import (
    EXCUSED,
    HELD,
    NOT_HELD,
    PENDING,
    Outcome,
    has_history,
    outcomes,
)
from jijiao.execution.models import ExecutionReport, ProjectScore
from jijiao.execution.summaries import year_summaries
from jijiao.hosting.models import Inspection, Sanction
from jijiao.hosting.queries import sanctions_in_force
from jijiao.projects.models import Application


@dataclass
class YearRecord:
    """One year of a unit's (or a leader's) projects."""

    year: int
    approved: int = 0
    held: int = 0
    not_held: int = 0
    excused: int = 0
    reports: int = 0
    on_time: int = 0
    scores: list[Decimal] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        """执行率 in percent, one decimal: held ÷ approved."""
        if not self.approved:
            return None
        return (Decimal(100 * self.held) / self.approved).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def average_score(self) -> Decimal | None:
        if not self.scores:
            return None
        return (sum(self.scores) / len(self.scores)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def _records(found: list[Outcome], sanctions) -> list[YearRecord]:
    years: dict[int, YearRecord] = {}

    def of(year: int) -> YearRecord:
        return years.setdefault(year, YearRecord(year))

    project_ids = [o.project_id for o in found if o.project_id]
    year_of = {o.project_id: o.year for o in found if o.project_id}
    for o in found:
        record = of(o.year)
        record.approved += 1
        record.held += o.status == HELD
        record.not_held += o.status == NOT_HELD
        record.excused += o.status == EXCUSED
    reports = ExecutionReport.objects.filter(
        session__project_id__in=project_ids,
        state__in=(ExecutionReport.State.SUBMITTED, ExecutionReport.State.ACCEPTED),
    ).values_list("session__project_id", "findings")
    for project_id, findings in reports:
        record = of(year_of[project_id])
        record.reports += 1
        record.on_time += not any(f.get("code") == "EXE_LATE" for f in findings or [])
    for project_id, total in ProjectScore.objects.filter(project_id__in=project_ids).values_list(
        "project_id", "total"
    ):
        of(year_of[project_id]).scores.append(total)
    inspections = Inspection.objects.filter(
        session__project_id__in=project_ids, state=Inspection.State.RECORDED
    ).values_list("session__project_id", "violation", "findings")
    for project_id, violation, text in inspections:
        mark = "违规：" if violation else ""
        of(year_of[project_id]).findings.append(f"{mark}{text}")
    for sanction in sanctions:
        of(sanction.first_year - 1).sanctions.append(sanction)
    return sorted(years.values(), key=lambda r: r.year, reverse=True)


def unit_record(unit, *, years: list[int] | None = None, level: str | None = None):
    """The unit's execution record per year (newest first); sanctions only once confirmed
    (proposals wait on the office's page, not beside an application)."""
    sanctions = Sanction.objects.filter(unit=unit, state=Sanction.State.CONFIRMED)
    return _records(outcomes(units=[unit], years=years, level=level), sanctions)


def leader_record(person, *, years: list[int] | None = None, level: str | None = None):
    """The leader's execution record per year (newest first)."""
    sanctions = Sanction.objects.filter(person=person, state=Sanction.State.CONFIRMED)
    return _records(outcomes(leader=person, years=years, level=level), sanctions)


def _sanction(sanction: Sanction) -> dict:
    return {
        "first_year": sanction.first_year,
        "last_year": sanction.last_year,
        "reason": sanction.reason,
        "discipline": sanction.discipline or None,
    }


class YearsBehind:
    """The provider registered with jijiao.projects.facts."""

    def unit_facts(self, application: Application, quota_years: list[int] | None) -> dict:
        unit, call = application.unit, application.call
        earlier = (
            Application.objects.filter(
                unit=unit, call__level=call.level, state=Application.State.APPROVED
            )
            .exclude(call=call)
            .exists()
        )
        facts: dict = {"first_time": not earlier and not has_history(unit, call.level, call.year)}
        if quota_years:
            counts = defaultdict(int)
            for o in outcomes(units=[unit], years=quota_years, level=call.level):
                counts[o.year] += o.status == HELD
            facts["completed_projects"] = {str(year): counts[year] for year in quota_years}
        in_force = list(sanctions_in_force(year=call.year, unit=unit))
        cut_shares = [s.quota_cut_share for s in in_force if s.quota_cut_share]
        facts["sanctions"] = [_sanction(s) for s in in_force if s.discipline]
        facts["quota_cut"] = sum(s.quota_cut or 0 for s in in_force)
        if cut_shares:
            # Several share cuts: the largest applies (they are not added up).
            facts["quota_cut_share"] = float(max(Fraction(s) for s in cut_shares))
        return facts

    def pi_facts(self, application: Application) -> dict:
        pi, call = application.pi, application.call
        return {
            "unexecuted_projects": [
                {"year": o.year, "excused": o.status == EXCUSED, "level": o.level}
                for o in outcomes(leader=pi, level=call.level)
                if o.status in (NOT_HELD, EXCUSED)
            ],
            "sanctions": [_sanction(s) for s in sanctions_in_force(year=call.year, person=pi)],
        }

    def past_projects(self, application: Application) -> list[dict]:
        """The unit's approved projects of earlier years at the call's level, from the one
        history: ``held`` (``None`` while nothing is recorded yet) and ``reported`` — an
        execution report accepted, held or excused; ``None`` for an imported project, whose list
        says whether it was held but not how it was reported."""
        unit, call = application.unit, application.call
        return [
            {
                "year": o.year,
                "name": o.name,
                "number": o.number or None,
                "approved": True,
                "held": None if o.status == PENDING else o.status == HELD,
                "reported": None if o.imported else o.status in (HELD, EXCUSED),
            }
            for o in outcomes(units=[unit], level=call.level)
            if o.year < call.year
        ]

    def year_summaries(self, units: list, year: int, level: str) -> list:
        return year_summaries(units, year, level)

    def execution_record(self, application: Application) -> dict:
        years = list(range(application.call.year - 3, application.call.year))
        return {
            "unit": application.unit,
            "unit_years": unit_record(application.unit, years=years),
            "pi": application.pi,
            "pi_years": leader_record(application.pi, years=years),
        }
