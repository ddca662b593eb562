"""The approved projects of a year and their sessions: approved → filed → held → reported →
accepted, per level and unit; the sessions by month; trainees per session and their shares
from outside the host unit and the host's province.

A project is at a stage when one of its sessions is:
- **filed** (已报备): filed, or its filing accepted;
- **held** (已举办): its report says it was held, or its filing was accepted and it has ended
  with no report saying otherwise;
- **reported** (已上报): its report says it was held and was submitted (whatever came of it);
- **accepted** (已通过): its report says it was held and was accepted.

Trainees of a session are the people registered for it (报名在册, cancellations left out); a
trainee is from outside the unit when they are not staff of the host unit, from outside the
province when their unit's province (or the province they declared) is not the host's.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from jijiao.attendance.models import Registration
from jijiao.common import clock
from jijiao.execution.models import ExecutionReport
from jijiao.execution.vocab import province_short
from jijiao.hosting.models import Session
from jijiao.orgs.models import Division
from jijiao.projects.models import Level, PublishedProject

STAGES = [
    ("approved", "批准立项"),
    ("filed", "已报备"),
    ("held", "已举办"),
    ("reported", "已上报执行情况"),
    ("accepted", "执行情况已通过"),
]
STAGE_LABELS = dict(STAGES)
LEVELS = list(Level.choices)
LEVEL_LABELS = dict(LEVELS)
# Trainees per session, in bands (each a bar that opens its sessions).
BANDS = [("0", "无人报名", 0, 0), ("1", "1–29 人", 1, 29), ("30", "30–99 人", 30, 99)]
BANDS.append(("100", "100 人及以上", 100, 10**9))
BAND_LABELS = {key: label for key, label, _low, _high in BANDS}


@dataclass
class SessionRow:
    session: Session
    unit_id: int
    department_id: int | None
    month: int
    filed: bool
    held: bool
    reported: bool
    accepted: bool
    trainees: int = 0
    outside_unit: int = 0
    outside_province: int = 0

    @property
    def band(self) -> str:
        return next(key for key, _l, low, high in BANDS if low <= self.trainees <= high)


@dataclass
class ProjectRow:
    project: PublishedProject
    unit_id: int
    department_id: int | None
    level: str
    sessions: list[SessionRow] = field(default_factory=list)

    def at(self, stage: str) -> bool:
        return stage == "approved" or any(getattr(s, stage) for s in self.sessions)

    @property
    def stage(self) -> str:
        """The furthest stage reached."""
        reached = [key for key, _label in STAGES if self.at(key)]
        return reached[-1]

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)


def _session_row(session: Session, project_row: ProjectRow, now) -> SessionRow:
    report: ExecutionReport | None = getattr(session, "execution_report", None)
    says_held = report is not None and report.held and report.state != report.State.DRAFT
    says_not_held = report is not None and not report.held and report.state != report.State.DRAFT
    ended = session.ends_at < now
    return SessionRow(
        session=session,
        unit_id=project_row.unit_id,
        department_id=project_row.department_id,
        month=clock.local(session.starts_at).month,
        filed=session.is_filed,
        held=says_held or (session.state == Session.State.ACCEPTED and ended and not says_not_held),
        reported=says_held and report.submitted_at is not None,
        accepted=says_held and report.state == ExecutionReport.State.ACCEPTED,
    )


def _province_names() -> dict[str, str]:
    """Province code (two digits) → short name."""
    return {
        d.code[:2]: province_short(d.name)
        for d in Division.objects.filter(level=Division.Level.PROVINCE)
    }


def project_rows(
    year: int, unit_ids: list[int], department_id: int | None = None
) -> list[ProjectRow]:
    """The year's approved projects hosted by ``unit_ids`` (of a leader of the department when
    given; 0 = leaders without a department) with their sessions, in four queries."""
    projects = PublishedProject.objects.filter(year=year, host_id__in=unit_ids).select_related(
        "host", "application__pi"
    )
    if department_id == 0:
        projects = projects.filter(application__pi__department__isnull=True)
    elif department_id is not None:
        projects = projects.filter(application__pi__department_id=department_id)
    rows = {}
    for project in projects.order_by("host__name", "level", "number", "pk"):
        application = getattr(project, "application", None)
        rows[project.pk] = ProjectRow(
            project=project,
            unit_id=project.host_id,
            department_id=application.pi.department_id if application else None,
            level=project.level,
        )
    now = clock.now()
    sessions: dict[int, SessionRow] = {}
    for session in (
        Session.objects.filter(project_id__in=list(rows))
        .select_related("project", "project__host", "project__host__division", "execution_report")
        .order_by("starts_at", "pk")
    ):
        row = rows[session.project_id]
        session_row = _session_row(session, row, now)
        row.sessions.append(session_row)
        sessions[session.pk] = session_row
    provinces = _province_names()
    for session_id, unit_id, division_id, declared in Registration.objects.filter(
        session_id__in=list(sessions), state=Registration.State.REGISTERED
    ).values_list(
        "session_id", "person__unit_id", "person__unit__division_id", "person__declared_province"
    ):
        session_row = sessions[session_id]
        host = session_row.session.project.host
        session_row.trainees += 1
        if unit_id != host.pk:
            session_row.outside_unit += 1
        mine = provinces.get(host.division_id[:2], "")
        theirs = provinces.get(division_id[:2], "") if division_id else province_short(declared)
        if theirs != mine:
            session_row.outside_province += 1
    return list(rows.values())


def session_rows(projects: list[ProjectRow]) -> list[SessionRow]:
    return [s for p in projects for s in p.sessions]


def share(part: int, whole: int) -> Decimal | None:
    """``part`` over ``whole`` in per cent, one decimal; ``None`` when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def by_key(rows, key) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped
