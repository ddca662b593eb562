"""Whether a sign-in or sign-out window lies in its session's time (ATT_WINDOW_OUTSIDE_SESSION):
checked when the host sets it, when the eligibility list counts scans, and on the phone."""

import datetime as dt

from jijiao.attendance.models import CheckWindow, Kind
from jijiao.common import clock
from jijiao.engine.rules.findings import Finding
from jijiao.engine.rules.workflow import WindowSpan, check_window
from jijiao.hosting.models import Session
from jijiao.policy.access import get_policy

CODE = "ATT_WINDOW_OUTSIDE_SESSION"


def window_rule(session: Session):
    return get_policy(session.policy_id).rule(
        "attendance", CODE, facts={"project.format": session.format}
    )


def window_finding(
    session: Session, kind: str, opens_at: dt.datetime, closes_at: dt.datetime, rule=None
) -> Finding | None:
    """The finding for a window of ``kind`` from ``opens_at`` to ``closes_at``, or ``None``
    when it lies in the session's time or the session's pack does not check it."""
    rule = rule if rule is not None else window_rule(session)
    if rule is None:
        return None
    span = WindowSpan(
        kind_label=Kind(kind).label,
        opens_at=clock.local(opens_at),
        closes_at=clock.local(closes_at),
        session_start=clock.local(session.starts_at),
        session_end=clock.local(session.ends_at),
    )
    findings = check_window(span, rule)
    return findings[0] if findings else None


def outside_windows(session: Session) -> dict[int, Finding]:
    """The session's windows whose scans do not count, by id, with the reason."""
    rule = window_rule(session)
    if rule is None:
        return {}
    found = {}
    for window in CheckWindow.objects.filter(session=session):
        finding = window_finding(session, window.kind, window.opens_at, window.closes_at, rule)
        if finding is not None:
            found[window.pk] = finding
    return found


def scan_note(scan) -> str:
    """For an accepted scan: why it will not count ('' when it does) — its window lies outside
    the session's time. Read from the scan's window and session as loaded with the scan, no
    query more: two hundred phones ask at the door."""
    window, session = scan.window, scan.session
    if window is None or session is None:
        return ""
    finding = window_finding(session, window.kind, window.opens_at, window.closes_at)
    return finding.message if finding else ""
