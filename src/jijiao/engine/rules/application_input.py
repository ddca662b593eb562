"""The application (申报) document of contract.md as dataclasses, and the prepared Context."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Annotated, Any

from jijiao.engine.rules.dates import local_date
from jijiao.engine.rules.parse import Pattern
from jijiao.engine.rules.selection import Division, person_facts, project_facts, unit_facts
from jijiao.engine.rules.vocab import (
    CourseKind,
    Format,
    Level,
    LicenceStatus,
    Title,
    Track,
    UnitCategory,
    UnitLevel,
)

Discipline = Annotated[str, Pattern(r"\d{2}(-\d{2})?", "学科代码（如 03-06）")]


@dataclass(frozen=True)
class DatedRecord:
    """A dated record: research-integrity record, execution misconduct."""

    date: dt.date | None = None


@dataclass(frozen=True)
class Unexecuted:
    """An approved project the PI left unexecuted; ``excused`` when there was a valid reason."""

    year: int | None = None
    excused: bool | None = None
    level: Level | None = None


@dataclass(frozen=True)
class Sanction:
    """A sanction the office confirmed (jijiao.engine.rules.sanctions; seed 004 五、六、七, seed 003
    第十条): the years it is in force, its reason, and for a unit the discipline it bars."""

    first_year: int | None = None
    last_year: int | None = None
    reason: str | None = None
    discipline: Discipline | None = None

    def in_force(self, year: int) -> bool:
        return (self.first_year or year) <= year <= (self.last_year or year)


@dataclass(frozen=True)
class Unit:
    name: str | None = None
    licence_status: LicenceStatus | None = None
    is_medical: bool | None = None
    first_time: bool | None = None
    completed_projects: dict[int, int] | None = None
    applications_in_call: int | None = None
    # Sanctions in force (confirmed by the office): disciplines barred, recommendation places
    # taken away — a number of places and/or a share of the quota.
    sanctions: list[Sanction] | None = None
    quota_cut: int | None = None
    quota_cut_share: Fraction | None = None
    # Facts a pack's cases select on (schema FACTS): category, level, division, county.
    category: UnitCategory | None = None
    level: UnitLevel | None = None
    division: Division | None = None
    county_level: bool | None = None


@dataclass(frozen=True)
class Project:
    name: str | None = None
    summary: str | None = None
    level: Level | None = None
    track: Track | None = None
    theme_kind: str | None = None
    discipline: Discipline | None = None
    format: Format | None = None
    sessions: int | None = None
    enrollment_per_session: int | None = None
    venue: str | None = None
    venue_is_own_unit: bool | None = None
    requested_credits: Fraction | None = None
    # Planned trainees from other provinces (national requirement APP_OUT_OF_PROVINCE_TRAINEES).
    out_of_province_trainees: int | None = None
    # The call's year; sanctions are decided per year (else the submission's year is used).
    year: int | None = None
    # Planned trainees of the whole project, when given (else sessions × per session).
    enrollment_total: int | None = None
    # Fields a pack declares beyond the fixed ones (APP_FIELD_MISSING): key → the text entered.
    fields: dict[str, str] | None = None
    # The number the project had when it was approved before (a re-filing), if any.
    previous_number: str | None = None


@dataclass(frozen=True)
class Pi:
    name: str | None = None
    birth_date: date | None = None
    is_unit_staff: bool | None = None
    # The person record's employment status in words (在职、退休、离职、调出待调入), when known:
    # a PI attached to the unit but not in service is not its 在职（岗）staff.
    employment: str | None = None
    title: Title | None = None
    discipline: Discipline | None = None
    applications_in_call: int | None = None
    unexecuted_projects: list[Unexecuted] | None = None
    integrity_records: list[DatedRecord] | None = None
    execution_misconduct: list[DatedRecord] | None = None
    sanctions: list[Sanction] | None = None
    # Facts a pack's cases select on (person.title_series, person.job_type).
    title_series: str | None = None
    job_type: str | None = None


@dataclass(frozen=True)
class Teacher:
    name: str | None = None
    is_pi: bool | None = None
    title: Title | None = None
    own_unit: bool | None = None
    discipline: Discipline | None = None
    integrity_records: list[DatedRecord] | None = None


@dataclass(frozen=True)
class Course:
    topic: str | None = None
    kind: CourseKind | None = None
    minutes: int | None = None
    teacher: Teacher | None = None
    # The content's own discipline, for cross-disciplinary classes.
    discipline: Discipline | None = None

    @property
    def teaches(self) -> bool:
        """Theory and practical rows are teaching time; non-teaching rows count for nothing."""
        return self.kind in ("theory", "practical")


@dataclass(frozen=True)
class Other:
    """Another application of the call or a project published this year or last."""

    name: str | None = None
    summary: str | None = None


@dataclass(frozen=True)
class AttachmentIn:
    """An attachment of the application: its kind as the pack names it (``pi_pledge`` …)."""

    kind: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class PastRecord:
    """A project of the unit's (or the PI's) past: the year, its name and number, and whether
    it was approved, held and reported (执行情况已上报). For ``APP_PAST_PROJECT``."""

    year: int | None = None
    name: str | None = None
    number: str | None = None
    approved: bool | None = None
    held: bool | None = None
    reported: bool | None = None


@dataclass(frozen=True)
class Application:
    submitted_at: datetime | None = None
    unit: Unit | None = None
    project: Project | None = None
    pi: Pi | None = None
    courses: list[Course] | None = None
    others: list[Other] | None = None
    attachments: list[AttachmentIn] | None = None
    history: list[PastRecord] | None = None


@dataclass(frozen=True)
class Context:
    """An application with its absent parts replaced by empty ones, and its derived figures."""

    app: Application
    unit: Unit
    project: Project
    pi: Pi
    courses: list[Course]
    submitted_on: date | None
    credits: Mapping[str, Any] = field(default_factory=dict)

    @property
    def facts(self) -> dict[str, Any]:
        """The facts a pack's cases select on: the unit's, the PI's, the project's."""
        return {**unit_facts(self.unit), **person_facts(self.pi), **project_facts(self.project)}

    @property
    def teaching_rows(self) -> list[tuple[int, Course]]:
        """``(index, row)`` of the theory and practical rows (their index in ``courses``)."""
        return [(i, c) for i, c in enumerate(self.courses) if c.teaches]

    @property
    def teaching_minutes(self) -> int | None:
        if self.app.courses is None:
            return None
        return sum(c.minutes or 0 for _, c in self.teaching_rows)

    def is_pi(self, course: Course) -> bool:
        """A row taught by the PI: flagged, or the same name (contract: equal names, one person)."""
        teacher = course.teacher
        if teacher is None:
            return False
        return bool(teacher.is_pi) or (teacher.name is not None and teacher.name == self.pi.name)


def prepare(app: Application, credits: Mapping[str, Any] | None = None) -> Context:
    return Context(
        app=app,
        unit=app.unit or Unit(),
        project=app.project or Project(),
        pi=app.pi or Pi(),
        courses=app.courses or [],
        submitted_on=local_date(app.submitted_at) if app.submitted_at else None,
        credits=credits or {},
    )
