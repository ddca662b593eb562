"""From the records to the plain ``attendance`` document the attendance rules read
(contract.md), and back: the eligibility list of a session.

The workflow and the precheck run the same rules; this module only gathers facts. A
sign-in counts when every sign-in window of the session has one (likewise sign-out), so the
rule's single sign-in/sign-out stands for "inside the host's windows" on every day.
"""

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Q

from jijiao.attendance.models import (
    AttendanceCorrection,
    CheckWindow,
    Kind,
    Registration,
    Scan,
    WatchInterval,
)
from jijiao.attendance.windows import outside_windows
from jijiao.common import clock
from jijiao.credits.chain import county_level_of
from jijiao.credits.domain.grants import SESSION as SESSION_SOURCE
from jijiao.credits.models import LedgerEntry
from jijiao.credits.vocab import PROJECT_TYPE
from jijiao.engine.precheck import run_precheck
from jijiao.engine.rules.attendance import Interval, merged_minutes
from jijiao.hosting.models import Session
from jijiao.orgs.facts import person_facts as selector_person_facts
from jijiao.orgs.models import Person
from jijiao.policy.access import get_policy, resolver


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


def _overlapping_sessions(session: Session):
    return Session.objects.filter(
        starts_at__lt=session.ends_at, ends_at__gt=session.starts_at
    ).exclude(pk=session.pk)


def overlapping_grants(session: Session, person_ids: list[int]) -> dict[int, list[dict]]:
    """Credits already granted in the ledger (approved and valid) for the same time as this
    session (seed 000 二.4 同期举办培训项目不得重复授分): a session's grant with that session's
    own times; a project row entered by hand by its days (whole days, Shanghai)."""
    others = {s.pk: s for s in _overlapping_sessions(session)}
    granted = LedgerEntry.objects.filter(
        person_id__in=person_ids, status=LedgerEntry.Status.APPROVED, valid=True
    )
    grants: dict[int, list[dict]] = {}
    if others:
        by_session = Q()
        for pk in others:
            by_session |= Q(source_id__endswith=f"#{pk}")
        for row in granted.filter(by_session, source_type=SESSION_SOURCE):
            other = others.get(int(row.source_id.rsplit("#", 1)[1]))
            if other is not None:
                grants.setdefault(row.person_id, []).append(
                    {"start": _iso(other.starts_at), "end": _iso(other.ends_at)}
                )
    first = clock.local(session.starts_at).date()
    last = clock.local(session.ends_at).date()
    by_hand = granted.filter(activity_type=PROJECT_TYPE, activity_date__lte=last).exclude(
        source_type=SESSION_SOURCE
    )
    for row in by_hand:
        end = row.end_date or row.activity_date
        if end < first:
            continue
        start = dt.datetime.combine(row.activity_date, dt.time(), clock.SHANGHAI)
        stop = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), clock.SHANGHAI)
        grants.setdefault(row.person_id, []).append({"start": _iso(start), "end": _iso(stop)})
    return grants


def overlapping_registrations(session: Session, person: Person) -> list[Session]:
    """The person's other registrations for sessions overlapping this one: registering warns
    (ATT_OVERLAP), it does not refuse — only one of them can earn the credits."""
    return [
        reg.session
        for reg in Registration.objects.filter(
            person=person,
            state=Registration.State.REGISTERED,
            session__in=_overlapping_sessions(session),
        ).select_related("session__project")
    ]


def person_facts(person: Person, *, county_level: bool | None = None) -> dict[str, Any]:
    """An attendee's facts: who, health professional, specialty, and what a pack's cases select
    on (title, title series, the unit's category, level, division, under a county office)."""
    facts: dict[str, Any] = {
        **selector_person_facts(person, county_level=county_level),
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
    # A window outside the session's time (ATT_WINDOW_OUTSIDE_SESSION): its scans do not count.
    outside = outside_windows(session)
    for window_id, kind in CheckWindow.objects.filter(session=session).values_list("pk", "kind"):
        if window_id not in outside:
            windows[kind].add(window_id)
    seen: dict[tuple[int, str], list] = {}
    accepted = Scan.objects.filter(session=session, outcome=Scan.Outcome.ACCEPTED).exclude(
        window_id__in=list(outside)
    )
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
    from the pure attendance rules; ``rows`` in registration order, or by accumulated online
    time where the pack says so (:func:`list_order`)."""
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
    approved = AttendanceCorrection.objects.filter(
        session=session, state=AttendanceCorrection.State.APPROVED
    )
    for c in approved.order_by("at", "id"):
        corrections[(c.person_id, c.field)] = c  # the latest correction of a field counts
    grants = overlapping_grants(session, ids)
    rows, attendees = [], []
    county: dict[int | None, bool | None] = {}  # unit.county_level, once per unit
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
        if person.unit_id not in county:
            county[person.unit_id] = county_level_of(person.unit)
        facts = person_facts(person, county_level=county[person.unit_id])
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
    order = list_order(session)
    if order is not None:
        # Longest accumulated time first; those the platform never saw last; ties as registered.
        rows.sort(key=lambda row: -(row.minutes if row.minutes is not None else Fraction(-1)))
    return {
        "rows": rows,
        "findings": report["findings"],
        "required_minutes": result["required_minutes"],
        "order": order,
    }


def list_order(session: Session) -> str | None:
    """How the pack orders an online (or blended) session's list, in words with its cite, when
    by accumulated time (``attendance.eligibility_list.online_order``); ``None`` for
    registration order."""
    if session.format == "offline":
        return None
    policy = get_policy(session.policy_id)
    if policy.get("attendance", "eligibility_list", "online_order") != "minutes_desc":
        return None
    cite = policy.get("attendance", "eligibility_list", "cite")
    return "按累计在线学习时长从高到低排序" + (f"（{cite}）" if cite else "")


def registration_check(session: Session, person: Person, registrations: int) -> dict[str, Any]:
    """The rules for one would-be attendee: overlap (with credits granted in the ledger and
    with the person's other registrations at the same time), health professional, discipline,
    and the session's capacity counting this registration."""
    attendee = person_facts(person, county_level=county_level_of(person.unit))
    grants = overlapping_grants(session, [person.pk]).get(person.pk, [])
    grants += [
        {"start": _iso(other.starts_at), "end": _iso(other.ends_at)}
        for other in overlapping_registrations(session, person)
    ]
    if grants:
        attendee["other_grants"] = grants
    document = {
        "session": session_facts(session, registrations=registrations),
        "attendees": [attendee],
    }
    return run_precheck("attendance", session.policy_id, document, resolver=resolver)
