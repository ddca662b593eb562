"""The one history: what happened to each approved project of a year — held, not held, or not
held for a reason the office accepted (excused) — from the in-system projects and the imported
(or typed) past projects alike.

Everything that looks back reads this: the unit quota and the first-time flag (seed 000 三.1),
the leader's unexecuted check (seed 000 二.3(1)), the 附件3/附件4 summaries, the execution
records beside next year's applications, the office's year scan for sanctions and the unit's
annual assessment.

A past project (``PastProject``) says it itself. A published project without one is decided
by its sessions: **held** when a report of one of its sessions saying it was held is accepted;
**excused** when every session was reported not held and those reports accepted (the office
accepted the reason); **not held** when it was approved through the system (its sessions are
filed here), its year is over and no session of it was ever filed; otherwise **pending** (a
session filed whose report is not yet accepted, the year not over, or a project of an imported
list the system cannot see hosted), which counts neither way and is never guessed.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from jijiao.common import clock
from jijiao.credits.models import LedgerEntry
from jijiao.execution.domain.review import session_ref
from jijiao.execution.models import ExecutionReport
from jijiao.hosting.models import Session
from jijiao.projects.models import PublishedProject, Track
from jijiao.records.models import PastProject

HELD, NOT_HELD, EXCUSED, PENDING = "held", "not_held", "excused", "pending"
LABELS = {HELD: "已举办", NOT_HELD: "未举办（无正当理由）", EXCUSED: "未举办（理由正当）"}
LABELS[PENDING] = "执行情况未登记"


@dataclass
class Outcome:
    """One approved project of a year and what happened to it."""

    unit_id: int | None
    year: int
    level: str
    number: str
    name: str
    leader_name: str
    leader_id: int | None
    track: str
    status: str
    reason: str = ""
    credited_persons: int | None = None
    online: bool = False
    project_id: int | None = None
    imported: bool = False
    discipline: str = ""

    @property
    def held(self) -> bool:
        return self.status == HELD

    @property
    def label(self) -> str:
        return LABELS[self.status]


def outcomes(
    *,
    units: Iterable | None = None,
    leader=None,
    years: Iterable[int] | None = None,
    level: str | None = None,
) -> list[Outcome]:
    """The outcomes of the approved projects of ``units`` (or led by ``leader``, a Person) in
    ``years`` at ``level`` (any when ``None``), past projects first, then published projects
    they do not already record (same unit and year, same number or name)."""
    past = PastProject.objects.all()
    published = PublishedProject.objects.select_related("application")
    if units is not None:
        unit_ids = [getattr(u, "pk", u) for u in units]
        past = past.filter(unit_id__in=unit_ids)
        published = published.filter(host_id__in=unit_ids)
    if leader is not None:
        past = past.filter(leader=leader)
        published = published.filter(application__pi=leader)
    if years is not None:
        years = list(years)
        past = past.filter(year__in=years)
        published = published.filter(year__in=years)
    if level is not None:
        past = past.filter(level=level)
        published = published.filter(level=level)
    found = [_from_past(p) for p in past.order_by("unit", "year", "number", "name")]
    recorded: dict[tuple, set[str]] = defaultdict(set)
    for o in found:
        recorded[(o.unit_id, o.year, o.level)].update(filter(None, (o.number, o.name)))
    fresh = [
        p
        for p in published.order_by("host", "year", "number")
        if not ({p.number, p.name} & recorded[(p.host_id, p.year, p.level)])
    ]
    found.extend(_decided(fresh))
    return found


def _from_past(project: PastProject) -> Outcome:
    status = HELD if project.held else (EXCUSED if project.excused else NOT_HELD)
    return Outcome(
        unit_id=project.unit_id,
        year=project.year,
        level=project.level,
        number=project.number,
        name=project.name,
        leader_name=project.leader_name,
        leader_id=project.leader_id,
        track=project.track,
        status=status,
        reason=project.not_held_reason,
        credited_persons=project.credited_persons,
        online=project.online,
        imported=True,
    )


def _decided(projects: list[PublishedProject]) -> list[Outcome]:
    if not projects:
        return []
    ids = [p.pk for p in projects]
    sessions: dict[int, list[Session]] = defaultdict(list)
    for session in Session.objects.filter(project_id__in=ids).select_related("project"):
        sessions[session.project_id].append(session)
    reports: dict[int, list[ExecutionReport]] = defaultdict(list)
    for report in ExecutionReport.objects.filter(
        session__project_id__in=ids, state=ExecutionReport.State.ACCEPTED
    ).select_related("session", "session__project"):
        reports[report.session.project_id].append(report)
    refs = {session_ref(r.session): pid for pid, rs in reports.items() for r in rs if r.held}
    people: dict[int, set[int]] = defaultdict(set)
    for source_id, person_id in LedgerEntry.objects.filter(
        Q(source_type="session"), source_id__in=list(refs), valid=True
    ).values_list("source_id", "person_id"):
        people[refs[source_id]].add(person_id)
    this_year = clock.today().year
    found = []
    for project in projects:
        application = project.application
        decided = reports.get(project.pk, [])
        held = [r for r in decided if r.held]
        mine = sessions.get(project.pk, [])
        what: dict = {"status": PENDING}
        if held:
            what = {
                "status": HELD,
                "credited_persons": len(people[project.pk]),
                "online": all(r.format == "online" for r in held),
            }
        elif mine and len(decided) == len(mine):
            reason = "；".join(sorted({r.not_held_reason for r in decided}))
            what = {"status": EXCUSED, "reason": reason}
        elif application and project.year < this_year and not any(s.is_filed for s in mine):
            what = {"status": NOT_HELD, "reason": "年度内未举办，也未说明理由"}
        found.append(
            Outcome(
                unit_id=project.host_id,
                year=project.year,
                level=project.level,
                number=project.number,
                name=project.name,
                leader_name=project.leader_name,
                leader_id=application.pi_id if application else None,
                track=application.track if application else Track.NEW,
                project_id=project.pk,
                discipline=project.discipline,
                **what,
            )
        )
    return found


def completed_by_year(unit, level: str, years: Iterable[int]) -> dict[int, int]:
    """Projects held per year (the quota's "已举办完成的项目")."""
    counts = dict.fromkeys(years, 0)
    for o in outcomes(units=[unit], years=list(counts), level=level):
        if o.held:
            counts[o.year] += 1
    return counts


def unexecuted(leader, level: str | None = None) -> list[Outcome]:
    """The leader's approved projects not held (excused or not)."""
    return [o for o in outcomes(leader=leader, level=level) if o.status in (NOT_HELD, EXCUSED)]


def has_history(unit, level: str, year: int) -> bool:
    """Whether the unit had an approved project at the level before ``year`` (not first-time):
    a past project of any year, or a project published for an earlier year."""
    return (
        PastProject.objects.filter(unit=unit, level=level).exists()
        or PublishedProject.objects.filter(host=unit, level=level, year__lt=year).exists()
    )
