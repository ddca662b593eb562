"""From the records to the plain ``attendance`` document the attendance rules read
(contract.md), and back: the eligibility list of a session.

The workflow and the precheck run the same rules; this module only gathers facts. A
sign-in counts when every sign-in window of the session has one (likewise sign-out), so the
rule's single sign-in/sign-out stands for "inside the host's windows" on every day.
"""

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from jijiao.attendance.models import (
    AttendanceCorrection,
    CheckWindow,
    Kind,
    Registration,
    Scan,
    WatchInterval,
)
from jijiao.common import clock
from jijiao.engine.precheck import run_precheck
from jijiao.engine.rules.attendance import Interval, merged_minutes
from jijiao.hosting.models import Session
from jijiao.orgs.models import Person
from jijiao.policy.access import resolver


def _iso(moment) -> str | None:
    return clock.local(moment).isoformat() if moment else None


def session_facts(session: Session, *, registrations: int | None = None) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "format": session.format,
        "days": float(session.days),
        "start": _iso(session.starts_at),
        "end": _iso(session.ends_at),
        "capacity": session.capacity,
    }
    if registrations is not None:
        facts["registrations"] = registrations
    if session.project.discipline:
        facts["discipline"] = session.project.discipline
    return facts


def overlapping_grants(session: Session, person_ids: list[int]) -> dict[int, list[dict]]:
    """Other sessions overlapping this one in time for which a person holds a registration
    (the credits ledger will narrow this to granted credit)."""
    others = Registration.objects.filter(
        person_id__in=person_ids,
        state=Registration.State.REGISTERED,
        session__starts_at__lt=session.ends_at,
        session__ends_at__gt=session.starts_at,
    ).exclude(session=session)
    grants: dict[int, list[dict]] = {}
    for reg in others.select_related("session"):
        grants.setdefault(reg.person_id, []).append(
            {"start": _iso(reg.session.starts_at), "end": _iso(reg.session.ends_at)}
        )
    return grants


def person_facts(person: Person) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "id": str(person.pk),
        "is_health_professional": person.is_health_professional,
    }
    if person.specialty:
        facts["discipline"] = person.specialty
    return facts


@dataclass
class Row:
    """One attendee of the eligibility list."""

    person: Person
    sign_in: Any = None
    sign_out: Any = None
    minutes: Fraction | None = None
    eligible: bool = False
    codes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    corrected: list[str] = field(default_factory=list)


def _marks(session: Session) -> tuple[dict, dict]:
    """Per person: the sign-in and sign-out that count (None unless every window has one)."""
    windows = {kind: set() for kind in Kind.values}
    for window_id, kind in CheckWindow.objects.filter(session=session).values_list("pk", "kind"):
        windows[kind].add(window_id)
    seen: dict[tuple[int, str], list] = {}
    accepted = Scan.objects.filter(session=session, outcome=Scan.Outcome.ACCEPTED)
    for person_id, window_id, kind, at in accepted.values_list(
        "person_id", "window_id", "kind", "scanned_at"
    ):
        seen.setdefault((person_id, kind), []).append((window_id, at))
    first_in, last_out = {}, {}
    for (person_id, kind), marks in seen.items():
        if {window_id for window_id, _ in marks} != windows[kind]:
            continue
        times = sorted(at for _, at in marks)
        if kind == Kind.SIGN_IN:
            first_in[person_id] = times[0]
        else:
            last_out[person_id] = times[-1]
    return first_in, last_out


def eligibility(session: Session) -> dict[str, Any]:
    """The session's attendees who earn credit and those who do not, with the ATT_* codes
    from the pure attendance rules; ``rows`` in registration order."""
    registrations = list(
        Registration.objects.filter(session=session, state=Registration.State.REGISTERED)
        .select_related("person", "person__unit")
        .order_by("registered_at", "id")
    )
    people = [r.person for r in registrations]
    ids = [p.pk for p in people]
    first_in, last_out = _marks(session)
    intervals: dict[int, list[Interval]] = {}
    for joined, left, person_id in WatchInterval.objects.filter(session=session).values_list(
        "joined_at", "left_at", "person_id"
    ):
        intervals.setdefault(person_id, []).append(Interval(joined, left))
    corrections: dict[tuple[int, str], AttendanceCorrection] = {}
    for c in AttendanceCorrection.objects.filter(session=session).order_by("at", "id"):
        corrections[(c.person_id, c.field)] = c  # the latest correction of a field counts
    grants = overlapping_grants(session, ids)
    rows, attendees = [], []
    online = session.format != "offline"
    # An online attendee the platform never saw watched 0 minutes (the rule skips unknowns).
    only_online = session.format == "online"
    for person in people:
        row = Row(person=person, sign_in=first_in.get(person.pk), sign_out=last_out.get(person.pk))
        if person.pk in intervals:
            row.minutes = merged_minutes(intervals[person.pk])
        for (pid, name), c in corrections.items():
            if pid != person.pk:
                continue
            row.corrected.append(name)
            if name == AttendanceCorrection.Field.ONLINE_MINUTES:
                row.minutes = Fraction(c.minutes or 0)
            else:
                setattr(row, name, c.value_at)
        if only_online and row.minutes is None:
            row.minutes = Fraction(0)
        facts = person_facts(person)
        facts["sign_in"] = _iso(row.sign_in)
        facts["sign_out"] = _iso(row.sign_out)
        if row.minutes is not None and online:
            facts["online_minutes"] = float(row.minutes)
        if person.pk in grants:
            facts["other_grants"] = grants[person.pk]
        attendees.append(facts)
        rows.append(row)
    document = {
        "session": session_facts(session, registrations=len(registrations)),
        "attendees": attendees,
    }
    report = run_precheck("attendance", session.policy_id, document, resolver=resolver)
    result = report["result"]
    codes = {item["id"]: item["codes"] for item in result["ineligible"]}
    warned = {item["id"]: item["codes"] for item in result["warnings"]}
    for row in rows:
        key = str(row.person.pk)
        row.codes = codes.get(key, [])
        row.eligible = key not in codes
        row.warnings = warned.get(key, [])
    return {
        "rows": rows,
        "findings": report["findings"],
        "required_minutes": result["required_minutes"],
    }


def registration_check(session: Session, person: Person, registrations: int) -> dict[str, Any]:
    """The rules for one would-be attendee: overlap, health professional, discipline, and the
    session's capacity counting this registration."""
    attendee = person_facts(person)
    grants = overlapping_grants(session, [person.pk]).get(person.pk)
    if grants:
        attendee["other_grants"] = grants
    document = {
        "session": session_facts(session, registrations=registrations),
        "attendees": [attendee],
    }
    return run_precheck("attendance", session.policy_id, document, resolver=resolver)
