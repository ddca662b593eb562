"""Filing before a session (举办报备) — ``FIL_*`` of rules.md."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from jijiao.engine.packs.model import Policy, Rule
from jijiao.engine.rules.dates import days_between
from jijiao.engine.rules.findings import Finding, found
from jijiao.engine.rules.numbers import fraction_text
from jijiao.engine.rules.selection import Division, project_facts, unit_facts
from jijiao.engine.rules.vocab import (
    TITLE_RANK,
    CourseKind,
    Format,
    Level,
    LicenceStatus,
    Title,
    UnitCategory,
    UnitLevel,
    secondary_discipline,
)


@dataclass(frozen=True)
class FilingProject:
    level: Level | None = None
    name: str | None = None
    number: str | None = None
    host: str | None = None
    format: Format | None = None
    # As approved, for FIL_CHANGED_AFTER_APPROVAL and FIL_HOURS_SHORTENED.
    content: str | None = None
    teachers: list[str] | None = None
    hours: Fraction | None = None
    # The discipline (学科) the teachers' specialty must match (FIL_TEACHER_DISCIPLINE).
    discipline: str | None = None


@dataclass(frozen=True)
class FilingTeacher:
    """A teacher of the session as filed: title level, specialty (a discipline code) and
    whether the teacher takes theory or practical (实验、技术示范) classes."""

    name: str | None = None
    title: Title | None = None
    specialty: str | None = None
    kind: CourseKind | None = None


@dataclass(frozen=True)
class FilingPlan:
    """The session as filed: its name, content (日程), teachers and 学时."""

    name: str | None = None
    number: str | None = None
    content: str | None = None
    teachers: list[str] | None = None
    hours: Fraction | None = None
    teacher_rows: list[FilingTeacher] | None = None


@dataclass(frozen=True)
class FilingUnit:
    """The host unit's facts a pack's cases select on (schema FACTS ``unit.*``)."""

    category: UnitCategory | None = None
    level: UnitLevel | None = None
    division: Division | None = None
    county_level: bool | None = None


@dataclass(frozen=True)
class FilingSession:
    start: date | None = None
    end: date | None = None
    venue: str | None = None
    scenic_area: bool | None = None


@dataclass(frozen=True)
class Notice:
    """The host's notice of the session (举办通知)."""

    name: str | None = None
    number: str | None = None
    host: str | None = None
    fee_statement: str | None = None
    registration_date: date | None = None
    start: date | None = None
    end: date | None = None
    format: str | None = None
    venue: str | None = None
    contact: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Filing:
    project: FilingProject | None = None
    session: FilingSession | None = None
    filed_on: date | None = None
    notice: Notice | None = None
    host_licence_status: LicenceStatus | None = None
    name_prefix_approved: bool | None = None
    approval_year: int | None = None
    unit: FilingUnit | None = None
    plan: FilingPlan | None = None

    @property
    def facts(self) -> dict[str, Any]:
        """The facts a pack's cases select on: the host unit's and the project's."""
        return {**unit_facts(self.unit), **project_facts(self.project)}


_NOTICE_FIELDS = {
    "name": "项目名称",
    "number": "项目编号",
    "host": "主办单位",
    "fee_statement": "是否收费",
    "registration_date": "报到日期",
    "start": "开始日期",
    "end": "结束日期",
    "format": "举办方式",
    "venue": "举办地点",
    "contact": "联系人",
    "phone": "联系电话",
}


def days_before(filing: Filing) -> int | None:
    """Calendar days from filing to the session's start (``start − filed``)."""
    session = filing.session
    if filing.filed_on is None or session is None or session.start is None:
        return None
    return days_between(filing.filed_on, session.start)


def check_late(filing: Filing, rule: Rule) -> list[Finding]:
    """FIL_LATE: filed at least N calendar days before the session's start."""
    days, required = days_before(filing), rule.get("min_days")
    if days is None or required is None or days >= required:
        return []
    text = f"举办前 {days} 天报备，应至少提前 {required} 天"
    return [found(rule, "session", text)]


def check_notice_fields(filing: Filing, rule: Rule) -> list[Finding]:
    """FIL_NOTICE_FIELD_MISSING: the notice states every field the pack lists."""
    notice = filing.notice
    if notice is None:
        return []
    missing = [_NOTICE_FIELDS[key] for key in rule.get("fields", ()) if not getattr(notice, key)]
    if not missing:
        return []
    return [found(rule, "notice", "举办通知未注明" + "、".join(missing))]


def check_notice_mismatch(filing: Filing, rule: Rule) -> list[Finding]:
    """FIL_NOTICE_MISMATCH: the notice's name, number and host equal the approved project's
    (compared where both are given)."""
    notice, project = filing.notice, filing.project
    if notice is None or project is None:
        return []
    differ = [
        f"{_NOTICE_FIELDS[key]}「{getattr(notice, key)}」≠「{getattr(project, key)}」"
        for key in rule.get("fields", ())
        if getattr(notice, key)
        and getattr(project, key)
        and getattr(notice, key) != getattr(project, key)
    ]
    if not differ:
        return []
    return [found(rule, "notice", "举办通知与批准的项目不一致：" + "；".join(differ))]


def check_name_prefix(filing: Filing, rule: Rule) -> list[Finding]:
    """FIL_NAME_PREFIX: the name (the notice's, else the project's) is not prefixed with a word
    the pack lists, unless the approval allowed it (``name_prefix_approved``)."""
    if filing.name_prefix_approved:
        return []
    notice_name = filing.notice.name if filing.notice else None
    name = notice_name or (filing.project.name if filing.project else None)
    if not name:
        return []
    prefixes = [p for p in rule.get("prefixes", ()) if name.startswith(p)]
    if not prefixes:
        return []
    subject = "notice" if notice_name else "project"
    text = f"项目名称「{name}」擅自冠以“{max(prefixes, key=len)}”字样"
    return [found(rule, subject, text)]


def check_scenic(filing: Filing, rule: Rule) -> list[Finding]:
    """FIL_SCENIC_VENUE: not held in a scenic area (风景名胜区)."""
    session = filing.session
    if session is None or not session.scenic_area:
        return []
    return [found(rule, "session", f"举办地点「{session.venue or ''}」位于风景名胜区")]


def check_host(filing: Filing, rule: Rule) -> list[Finding]:
    """FIL_HOST_INELIGIBLE: the host's licence status is valid."""
    status = filing.host_licence_status
    if status is None or status == "valid":
        return []
    return [found(rule, "host", f"主办单位执业资格状态为 {status}，不得举办项目")]


def check_outside_year(filing: Filing, rule: Rule) -> list[Finding]:
    """FIL_OUTSIDE_YEAR: the session lies within the project's approval year."""
    session, year = filing.session, filing.approval_year
    if session is None or year is None:
        return []
    days = [d for d in (session.start, session.end) if d is not None]
    if all(d.year == year for d in days):
        return []
    shown = "至".join(d.isoformat() for d in days)
    return [found(rule, "session", f"举办时间 {shown} 不在项目立项年度 {year} 年内")]


_CHANGEABLE = {"name": "项目名称", "number": "项目编号", "content": "内容", "hours": "学时"}


def _texts_apart(approved: str, planned: str, size: int = 30) -> tuple[str, str]:
    """Both texts from a little before where they first differ, each cut at ``size``."""
    first = next(
        (i for i, (a, b) in enumerate(zip(approved, planned, strict=False)) if a != b),
        min(len(approved), len(planned)),
    )
    start = max(0, first - 10)

    def shown(text: str) -> str:
        part = text[start:]
        return ("…" if start else "") + (part if len(part) <= size else part[:size] + "…")

    return shown(approved), shown(planned) if planned else "（未填写）"


def _changed(key: str, approved, planned) -> str | None:
    if approved is None or planned is None:
        return None
    if key == "teachers":
        added = [t for t in planned if t not in approved]
        dropped = [t for t in approved if t not in planned]
        if not added and not dropped:
            return None
        parts = ([f"新增 {'、'.join(added)}"] if added else []) + (
            [f"减少 {'、'.join(dropped)}"] if dropped else []
        )
        return f"授课教师（{'；'.join(parts)}）"
    if key == "content":
        # The content is free text: the same words, however they are spaced or broken into
        # lines (Chinese puts no space between words), are the same content; a long text is
        # shown where it differs.
        if "".join(approved.split()) == "".join(planned.split()):
            return None
        approved, planned = " ".join(approved.split()), " ".join(planned.split())
        before, after = _texts_apart(approved, planned)
        return f"内容「{before}」→「{after}」"
    if approved == planned:
        return None
    if key == "hours":
        return f"学时 {fraction_text(approved)} → {fraction_text(planned)}"
    return f"{_CHANGEABLE[key]}「{approved}」→「{planned}」"


def check_changed_after_approval(filing: Filing, rule: Rule) -> list[Finding]:
    """FIL_CHANGED_AFTER_APPROVAL: what the pack lists (``fields``: name, number, content,
    teachers, hours) is filed as approved — compared where both the approved project and the
    filed plan give it (seed 004 三：不得随意更改项目编号、名称、内容). The content is compared
    whatever its spacing and line breaks; on the filing page it is the 项目内容 the host files
    (prefilled from the approved application's 项目简介), and left empty it counts as changed."""
    project, plan = filing.project, filing.plan
    if project is None or plan is None:
        return []
    changes = [
        change
        for key in rule.get("fields", ())
        if (change := _changed(key, getattr(project, key), getattr(plan, key))) is not None
    ]
    if not changes:
        return []
    return [found(rule, "plan", "批准后擅自变更：" + "；".join(changes))]


def check_hours_shortened(filing: Filing, rule: Rule) -> list[Finding]:
    """FIL_HOURS_SHORTENED: the filed 学时 are not fewer than approved (seed 004 三：不得随意缩短
    学时)."""
    approved = filing.project.hours if filing.project else None
    planned = filing.plan.hours if filing.plan else None
    if approved is None or planned is None or planned >= approved:
        return []
    text = f"举办学时 {fraction_text(planned)} 少于批准的 {fraction_text(approved)} 学时"
    return [found(rule, "plan", text)]


def _teacher_rows(filing: Filing) -> list[tuple[int, FilingTeacher]]:
    rows = filing.plan.teacher_rows if filing.plan else None
    return list(enumerate(rows or []))


def _title_check(kind: str, label: str) -> Callable[[Filing, Rule], list[Finding]]:
    def check(filing: Filing, rule: Rule) -> list[Finding]:
        minimum = rule.get("min")
        if minimum is None:
            return []
        findings = []
        for index, teacher in _teacher_rows(filing):
            if (teacher.kind or "theory") != kind or teacher.title is None:
                continue
            if TITLE_RANK[teacher.title] < TITLE_RANK[minimum]:
                text = f"{label} {teacher.name or ''} 职称为{teacher.title}，须为{minimum}及以上"
                findings.append(found(rule, f"plan.teacher_rows[{index}]", text))
        return findings

    return check


check_theory_title = _title_check("theory", "授课教师")
check_theory_title.__doc__ = """FIL_THEORY_TEACHER_TITLE: each teacher of theory classes (a
teacher whose kind is not given counts as one) has at least the pack's title level; a teacher
whose title is unknown is not judged."""
check_practical_title = _title_check("practical", "实验或技术示范教师")
check_practical_title.__doc__ = """FIL_PRACTICAL_TEACHER_TITLE: each teacher of practical classes
(实验、技术示范) has at least the pack's title level."""


def check_teacher_discipline(filing: Filing, rule: Rule) -> list[Finding]:
    """FIL_TEACHER_DISCIPLINE: each teacher whose specialty is known has the project's secondary
    discipline (seed 004 三：其专业应符合授课内容的学科专业)."""
    taught = filing.project.discipline if filing.project else None
    if not taught:
        return []
    findings = []
    for index, teacher in _teacher_rows(filing):
        if not teacher.specialty:
            continue
        if secondary_discipline(teacher.specialty) != secondary_discipline(taught):
            text = (
                f"授课教师 {teacher.name or ''} 专业 {teacher.specialty} 与项目学科 {taught} 不一致"
            )
            findings.append(found(rule, f"plan.teacher_rows[{index}]", text))
    return findings


CHECKS: dict[str, Callable[[Filing, Rule], list[Finding]]] = {
    "FIL_LATE": check_late,
    "FIL_NOTICE_FIELD_MISSING": check_notice_fields,
    "FIL_NOTICE_MISMATCH": check_notice_mismatch,
    "FIL_NAME_PREFIX": check_name_prefix,
    "FIL_SCENIC_VENUE": check_scenic,
    "FIL_HOST_INELIGIBLE": check_host,
    "FIL_OUTSIDE_YEAR": check_outside_year,
    "FIL_CHANGED_AFTER_APPROVAL": check_changed_after_approval,
    "FIL_HOURS_SHORTENED": check_hours_shortened,
    "FIL_THEORY_TEACHER_TITLE": check_theory_title,
    "FIL_PRACTICAL_TEACHER_TITLE": check_practical_title,
    "FIL_TEACHER_DISCIPLINE": check_teacher_discipline,
}


def check_filing(filing: Filing, policy: Policy) -> tuple[list[Finding], dict[str, Any]]:
    """The filing rules of the project's level; result ``days_before`` and ``required_days``."""
    level = filing.project.level if filing.project else None
    rules = policy.rules("filing", level, facts=filing.facts) if level else {}
    findings = [f for code, rule in rules.items() for f in CHECKS[code](filing, rule)]
    late = rules.get("FIL_LATE")
    result = {
        "days_before": days_before(filing),
        "required_days": late.get("min_days") if late else None,
    }
    return findings, result
