"""The yearly execution summaries (seed 000 附件3/附件4) completed by the execution reports.

The projects area fills the form from the office's records of past projects and lists the
projects published for a unit that have no such record as "执行情况未登记". The reports say
what happened to those: a project is held when one of its sessions was held and its report
accepted — the persons granted credit for its sessions counted from the ledger — and not held
when every session was reported not held and the report accepted. Anything else stays
unrecorded. The form, the overview and the Excel are the projects area's own (same data).
"""

from collections import defaultdict

from jijiao.credits.models import LedgerEntry
from jijiao.execution.domain.review import session_ref
from jijiao.execution.models import ExecutionReport
from jijiao.projects.models import PublishedProject
from jijiao.projects.summaries import UnitYearSummary, summaries, unit_year_summary


def with_reports(items: list[UnitYearSummary]) -> list[UnitYearSummary]:
    """Move the unrecorded lines the reports decide into held or not held (in place)."""
    wanted = {(s.unit.pk, line.number) for s in items for line in s.unrecorded}
    if not wanted:
        return items
    year, level = items[0].year, items[0].level
    projects = {
        (p.host_id, p.number): p
        for p in PublishedProject.objects.filter(
            host_id__in={unit for unit, _ in wanted},
            number__in={number for _, number in wanted},
            year=year,
            level=level,
        ).prefetch_related("sessions")
    }
    reports = defaultdict(list)
    for report in ExecutionReport.objects.filter(
        session__project__in=list(projects.values()), state=ExecutionReport.State.ACCEPTED
    ).select_related("session"):
        reports[report.session.project_id].append(report)
    refs = {session_ref(r.session): pid for pid, rs in reports.items() for r in rs if r.held}
    people = defaultdict(set)
    for source_id, person_id in LedgerEntry.objects.filter(
        source_type="session", source_id__in=list(refs), valid=True
    ).values_list("source_id", "person_id"):
        people[refs[source_id]].add(person_id)
    for summary in items:
        unrecorded = []
        for line in summary.unrecorded:
            project = projects.get((summary.unit.pk, line.number))
            decided = reports.get(project.pk, []) if project else []
            held = [r for r in decided if r.held]
            sessions = list(project.sessions.all()) if project else []
            if held:
                line.credited_persons = len(people[project.pk])
                line.online = all(r.format == "online" for r in held)
                summary.held.append(line)
            elif sessions and len(decided) == len(sessions):
                line.reason = "；".join(sorted({r.not_held_reason for r in decided}))
                summary.not_held.append(line)
            else:
                unrecorded.append(line)
        summary.unrecorded = unrecorded
    return items


def year_summaries(units, year: int, level: str) -> list[UnitYearSummary]:
    return with_reports(summaries(units, year, level))


def unit_summary(unit, year: int, level: str) -> UnitYearSummary:
    return with_reports([unit_year_summary(unit, year, level)])[0]
