"""The yearly execution summaries (seed 000 附件3/附件4) from the one history
(:mod:`jijiao.execution.history`): the past projects the office recorded or imported, and the
published projects the reports decide — held (with the persons granted credit for its sessions,
from the ledger), not held (with its reason; excused when the office accepted a not-held
report), or, while undecided, "执行情况未登记". The form, the overview and the Excel are the
projects area's own (same data)."""

from jijiao.execution.history import EXCUSED, HELD, NOT_HELD, Outcome, outcomes
from jijiao.projects.summaries import Line, UnitYearSummary


def _line(outcome: Outcome) -> Line:
    return Line(
        name=outcome.name,
        number=outcome.number,
        leader_name=outcome.leader_name,
        track=outcome.track,
        online=outcome.online,
        credited_persons=outcome.credited_persons,
        reason=outcome.reason,
        excused=outcome.status == EXCUSED,
    )


def year_summaries(units, year: int, level: str) -> list[UnitYearSummary]:
    """The summary of each unit with any approved project of the year and level."""
    units = {u.pk: u for u in units}
    by_unit: dict[int, UnitYearSummary] = {}
    for outcome in outcomes(units=list(units), years=[year], level=level):
        summary = by_unit.setdefault(
            outcome.unit_id, UnitYearSummary(units[outcome.unit_id], year, level)
        )
        if outcome.status == HELD:
            summary.held.append(_line(outcome))
        elif outcome.status in (NOT_HELD, EXCUSED):
            summary.not_held.append(_line(outcome))
        else:
            summary.unrecorded.append(_line(outcome))
    return sorted(by_unit.values(), key=lambda s: s.unit.name)


def unit_summary(unit, year: int, level: str) -> UnitYearSummary:
    found = year_summaries([unit], year, level)
    return found[0] if found else UnitYearSummary(unit, year, level)
