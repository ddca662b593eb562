"""Attendance — ``ATT_*`` of rules.md: who earns the session's credit.

What is about one attendee goes in the result (``ineligible`` for a rule of severity ``error`` —
it costs the credit —, ``warnings`` for a ``warning``); findings hold only what is about the
session as a whole (``ATT_CAPACITY``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Annotated, Any

from jijiao.engine.packs.model import Policy, Rule
from jijiao.engine.rules.dates import to_shanghai
from jijiao.engine.rules.findings import Finding, found
from jijiao.engine.rules.numbers import json_int_or_float
from jijiao.engine.rules.parse import Pattern
from jijiao.engine.rules.selection import Division, person_facts
from jijiao.engine.rules.vocab import Format, Title, UnitCategory, UnitLevel, secondary_discipline

Discipline = Annotated[str, Pattern(r"\d{2}(-\d{2})?", "学科代码（如 03-01）")]


@dataclass(frozen=True)
class Interval:
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True)
class AttendanceSession:
    format: Format | None = None
    days: Fraction | None = None
    start: datetime | None = None
    end: datetime | None = None
    capacity: int | None = None
    # Registrations when known; otherwise the attendees listed are the registrations.
    registrations: int | None = None
    discipline: Discipline | None = None


@dataclass(frozen=True)
class Attendee:
    id: str | None = None
    online_minutes: Fraction | None = None
    # Raw viewing intervals from the platform's log, merged when ``online_minutes`` is absent.
    watch_intervals: list[Interval] | None = None
    sign_in: datetime | None = None
    sign_out: datetime | None = None
    discipline: Discipline | None = None
    other_grants: list[Interval] | None = None
    is_health_professional: bool | None = None
    # Facts a pack's cases select on (schema FACTS), as in annual-compliance's person.
    title: Title | None = None
    title_series: str | None = None
    job_type: str | None = None
    unit_category: UnitCategory | None = None
    unit_level: UnitLevel | None = None
    division: Division | None = None
    county_level: bool | None = None


@dataclass(frozen=True)
class Attendance:
    session: AttendanceSession | None = None
    attendees: list[Attendee] | None = None


def _span(interval: Interval) -> tuple[datetime, datetime] | None:
    if interval.start is None or interval.end is None:
        return None
    return to_shanghai(interval.start), to_shanghai(interval.end)


def merged_minutes(intervals: list[Interval]) -> Fraction:
    """Watched minutes with overlapping intervals counted once."""
    spans = sorted(s for s in map(_span, intervals) if s is not None and s[1] > s[0])
    total = Fraction(0)
    current: list[datetime] | None = None
    for start, end in spans:
        if current is not None and start <= current[1]:
            current[1] = max(current[1], end)
            continue
        if current is not None:
            total += Fraction(int((current[1] - current[0]).total_seconds()), 60)
        current = [start, end]
    if current is not None:
        total += Fraction(int((current[1] - current[0]).total_seconds()), 60)
    return total


def required_minutes(session: AttendanceSession, rule: Rule | None) -> Fraction | None:
    """Online: the pack's minutes per day × the session's days (1.5 days × 240 → 360)."""
    if session.format == "offline" or rule is None or session.days is None:
        return None
    per_day = rule.fraction("minutes_per_day")
    return None if per_day is None else per_day * session.days


def _watched(attendee: Attendee) -> Fraction | None:
    if attendee.online_minutes is not None:
        return attendee.online_minutes
    if attendee.watch_intervals is not None:
        return merged_minutes(attendee.watch_intervals)
    return None


def _uses_sign_in(session: AttendanceSession, attendee: Attendee) -> bool:
    """Offline attendance is by sign-in/out; a blended session's attendee with online data is
    counted by watched time, any other by sign-in/out."""
    if session.format == "offline":
        return True
    return session.format == "blended" and _watched(attendee) is None


def no_sign_in(session: AttendanceSession, attendee: Attendee, rule: Rule) -> bool:
    """ATT_NO_SIGN_IN: an offline attendee has a sign-in."""
    return _uses_sign_in(session, attendee) and attendee.sign_in is None


def no_sign_out(session: AttendanceSession, attendee: Attendee, rule: Rule) -> bool:
    """ATT_NO_SIGN_OUT: an offline attendee has a sign-out later than the sign-in (the precheck
    does not know the host's windows)."""
    if not _uses_sign_in(session, attendee):
        return False
    if attendee.sign_out is None:
        return True
    if attendee.sign_in is None:
        return False
    return to_shanghai(attendee.sign_out) <= to_shanghai(attendee.sign_in)


def short_online(session: AttendanceSession, attendee: Attendee, rule: Rule) -> bool:
    """ATT_ONLINE_DURATION: online, merged watched minutes ≥ minutes per day × days."""
    if session.format not in ("online", "blended") or _uses_sign_in(session, attendee):
        return False
    required, watched = required_minutes(session, rule), _watched(attendee)
    return required is not None and watched is not None and watched < required


def overlaps(session: AttendanceSession, attendee: Attendee, rule: Rule) -> bool:
    """ATT_OVERLAP: already granted for a session overlapping this one in time (intervals that
    only touch do not overlap)."""
    here = _span(Interval(session.start, session.end))
    if here is None or not attendee.other_grants:
        return False
    for other in attendee.other_grants:
        span = _span(other)
        if span is not None and span[0] < here[1] and here[0] < span[1]:
            return True
    return False


def discipline_mismatch(session: AttendanceSession, attendee: Attendee, rule: Rule) -> bool:
    """ATT_DISCIPLINE_MISMATCH: the trainee's secondary discipline equals the project's."""
    if attendee.discipline is None or session.discipline is None:
        return False
    return secondary_discipline(attendee.discipline) != secondary_discipline(session.discipline)


def not_health_professional(session: AttendanceSession, attendee: Attendee, rule: Rule) -> bool:
    """ATT_NOT_HEALTH_PROFESSIONAL: trainees are health professionals."""
    return attendee.is_health_professional is False


ATTENDEE_CHECKS: dict[str, Callable[[AttendanceSession, Attendee, Rule], bool]] = {
    "ATT_NO_SIGN_IN": no_sign_in,
    "ATT_NO_SIGN_OUT": no_sign_out,
    "ATT_ONLINE_DURATION": short_online,
    "ATT_OVERLAP": overlaps,
    "ATT_DISCIPLINE_MISMATCH": discipline_mismatch,
    "ATT_NOT_HEALTH_PROFESSIONAL": not_health_professional,
}


def check_capacity(attendance: Attendance, rule: Rule) -> list[Finding]:
    """ATT_CAPACITY: registrations ≤ planned enrollment ("原则上不得超过")."""
    session = attendance.session or AttendanceSession()
    registrations = session.registrations
    if registrations is None and attendance.attendees is not None:
        registrations = len(attendance.attendees)
    if session.capacity is None or registrations is None or registrations <= session.capacity:
        return []
    text = f"报名 {registrations} 人，超过计划招生 {session.capacity} 人"
    return [found(rule, "session", text)]


def check_attendance(
    attendance: Attendance, policy: Policy
) -> tuple[list[Finding], dict[str, Any]]:
    """Per-attendee eligibility and the session's findings (contract.md ``attendance``)."""
    session = attendance.session or AttendanceSession()
    session_facts = {"project.format": session.format} if session.format else {}
    rules = policy.rules("attendance", facts=session_facts)
    # Rules per attendee, as the attendee's facts select them (one lookup per distinct facts).
    chosen: dict[tuple, dict[str, Rule]] = {}
    eligible, ineligible, warnings = [], [], []
    for attendee in attendance.attendees or []:
        facts = {**person_facts(attendee), **session_facts}
        key = tuple(sorted(facts.items()))
        if key not in chosen:
            chosen[key] = policy.rules("attendance", facts=facts)
        own = chosen[key]
        failed = [
            (code, own[code].severity)
            for code, check in ATTENDEE_CHECKS.items()
            if code in own and check(session, attendee, own[code])
        ]
        errors = sorted(code for code, severity in failed if severity == "error")
        warned = sorted(code for code, severity in failed if severity != "error")
        if errors:
            ineligible.append({"id": attendee.id, "codes": errors})
        else:
            eligible.append(attendee.id)
        if warned:
            warnings.append({"id": attendee.id, "codes": warned})
    findings = check_capacity(attendance, rules["ATT_CAPACITY"]) if "ATT_CAPACITY" in rules else []
    required = required_minutes(session, rules.get("ATT_ONLINE_DURATION"))
    result = {
        "required_minutes": None if required is None else json_int_or_float(required),
        "eligible": eligible,
        "ineligible": ineligible,
        "warnings": warnings,
    }
    return findings, result
