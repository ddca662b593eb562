"""Scans: a trainee scanning the rotating session code, staff scanning a trainee's personal
code, and an offline device uploading the scans it kept.

Every scan is kept as a ``Scan`` with its outcome and, when not recorded, the reason — records
of their own, not audit entries. An accepted scan is the sign-in or sign-out; the database
allows one per window and person, and a device's nonce once: each scan is written by a single
``INSERT … ON CONFLICT DO NOTHING``, so two scans racing (or a retried upload) can never both
be recorded. A scan that lost the race is kept as a duplicate; a nonce seen before returns the
stored scan and writes nothing. On PostgreSQL a trainee's scan — assessed, then accepted or kept
as a repeat — is one statement (``scan_statements.py``, where the SQL is).
"""

import copy
import datetime as dt
import ipaddress
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS

from jijiao.attendance.domain import scan_statements as statements
from jijiao.attendance.models import CheckWindow, Registration, Scan
from jijiao.attendance.tokens import check_session_token, person_from_code
from jijiao.audit_log.context import current_address
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.hosting.models import Session
from jijiao.orgs.models import Person

# A trainee who opened the code in time may take this long to log in.
LOGIN_GRACE = dt.timedelta(minutes=10)
# An offline device's clock may run a little ahead.
CLOCK_SKEW = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Refusal:
    code: str
    reason: str


def _address() -> str | None:
    try:
        return str(ipaddress.ip_address(current_address.get() or ""))
    except ValueError:
        return None


def current_window(session: Session, moment: dt.datetime) -> CheckWindow | None:
    return CheckWindow.objects.filter(
        session=session, opens_at__lte=moment, closes_at__gte=moment
    ).first()


def _windows_text(session: Session) -> str:
    windows = [
        f"{w.get_kind_display()} {clock.local(w.opens_at):%m-%d %H:%M}–"
        f"{clock.local(w.closes_at):%H:%M}"
        for w in CheckWindow.objects.filter(session=session)
    ]
    return "、".join(windows) if windows else "主办方尚未设置签到签退时间"


def _registered(person: Person, session_id):
    return Registration.objects.filter(
        session_id=session_id, person=person, state=Registration.State.REGISTERED
    )


def _judge(session_id: int, person: Person, moment: dt.datetime, found):
    """The session and the open window the scan falls in, or the session and why the scan is
    refused, from what the assessing query ``found`` (the window, its session and project,
    whether the person registered, and the person's name when ``person`` came without it;
    None when no window is open). No query more when all is well."""
    window, registered = (found[0], found[1]) if found else (None, False)
    if found is not None and "name" in person.get_deferred_fields():
        person.name = found[2]
    session = window.session if window else None
    if session is None:
        session = Session.objects.select_related("project").filter(pk=session_id).first()
    if session is None:
        return None, Refusal("SCAN_FORGED", "二维码无效：期次不存在")
    if not session.is_filed:
        return session, Refusal("SCAN_NOT_FILED", f"{session} 尚未报备，不能签到")
    if window is None:
        registered = _registered(person, session.pk).exists()
    if not registered:
        return session, Refusal("SCAN_NOT_REGISTERED", f"{person.name} 未报名{session}")
    if window is None:
        text = f"{clock.local(moment):%m-%d %H:%M} 不在签到或签退时间内（{_windows_text(session)}）"
        return session, Refusal("SCAN_OUTSIDE_WINDOW", text)
    return session, window


def _store(
    *,
    session_id: int | None,
    person: Person | None,
    source: str,
    moment: dt.datetime,
    by,
    nonce: str | None = None,
    refusal: Refusal | None = None,
) -> Scan:
    """Keep the scan: accepted when it falls in a window, else with its reason."""
    if nonce:
        existing = Scan.objects.filter(nonce=nonce).first()
        if existing is not None:
            return existing
    scan = Scan(
        person=person,
        source=source,
        scanned_at=moment,
        received_at=clock.now(),
        by=by if getattr(by, "pk", None) else None,
        nonce=nonce or None,
        address=_address(),
    )
    session, window = None, None
    if session_id is not None:
        if refusal is None and person is not None:
            if not nonce and statements.one_statement():
                written, found = statements.assess_and_insert(scan, session_id, person, moment)
                if written is not None:
                    return written
            else:
                found = statements.open_window(session_id, person, moment)
            session, assessed = _judge(session_id, person, moment, found)
            if isinstance(assessed, Refusal):
                refusal = assessed
            else:
                window = assessed
        else:
            session = Session.objects.select_related("project").filter(pk=session_id).first()
    scan.session, scan.window, scan.kind = session, window, window.kind if window else ""
    scan.outcome = Scan.Outcome.REFUSED if refusal else Scan.Outcome.ACCEPTED
    scan.reason_code = refusal.code if refusal else ""
    scan.reason = refusal.reason[:200] if refusal else ""
    if statements.insert(scan):
        return scan
    if nonce:
        existing = Scan.objects.filter(nonce=nonce).first()
        if existing is not None:
            return existing
    # An accepted scan of this window and person is already there: kept as a duplicate.
    duplicate = _as_duplicate(scan, person, window)
    if not statements.insert(duplicate):  # only a nonce can clash now: stored meanwhile
        return Scan.objects.get(nonce=nonce)
    return duplicate


def _as_duplicate(scan: Scan, person: Person, window: CheckWindow) -> Scan:
    """The same scan kept as a repeat of an accepted one of this window and person."""
    duplicate = copy.copy(scan)
    duplicate.outcome = Scan.Outcome.DUPLICATE
    duplicate.reason_code = "SCAN_DUPLICATE"
    duplicate.reason = statements.duplicate_reason(person.name, window.kind)[:200]
    return duplicate


def _person_by_id(person_id: int) -> Person:
    """The person without a query: only the id loaded, the rest read when first used (the
    name comes with the scan's one assessing query)."""
    return Person.from_db(DEFAULT_DB_ALIAS, ["id"], [person_id])


def scan_session_code(*, by, token: str, seen_at: dt.datetime | None = None) -> Scan:
    """A trainee scanned the session's rotating code. ``seen_at`` is when the code was first
    opened (before logging in), taken from the trainee's own browser session; it must be
    recent. Side effects: a Scan (no audit entry: scans are records of their own)."""
    require(by, "attendance.scan_self")
    now = clock.now()
    moment = seen_at if seen_at and now - seen_at <= LOGIN_GRACE else now
    check = check_session_token(token, moment)
    return _store(
        session_id=check.session_id,
        person=_person_by_id(by.person_id),
        source=Scan.Source.QR,
        moment=moment,
        by=by,
        refusal=None if check.valid else Refusal(check.code, check.reason),
    )


def scan_refused_anonymous(*, token: str) -> Scan:
    """Someone not logged in opened an expired or forged code: kept, with its reason."""
    check = check_session_token(token)
    return _store(
        session_id=check.session_id,
        person=None,
        source=Scan.Source.QR,
        moment=clock.now(),
        by=None,
        refusal=Refusal(check.code or "SCAN_FORGED", check.reason or "二维码无效"),
    )


def _person_of_code(code: str) -> Person | None:
    person_id = person_from_code(code)
    return Person.objects.filter(pk=person_id).first() if person_id else None


def scan_person_code(*, by, session: Session, code: str) -> Scan:
    """Staff scanned a trainee's personal code for a session, online. Side effects: a Scan."""
    require(by, "attendance.manage", session)
    person = _person_of_code(code)
    refusal = None if person else Refusal("SCAN_BAD_CODE", "学员码无效：不是本系统生成的学员码")
    return _store(
        session_id=session.pk,
        person=person,
        source=Scan.Source.STAFF,
        moment=clock.now(),
        by=by,
        refusal=refusal,
    )


@dataclass(frozen=True)
class OfflineScan:
    nonce: str
    code: str
    scanned_at: dt.datetime


def scans_upload(*, by, session: Session, scans: list[OfflineScan]) -> list[Scan]:
    """An offline device uploads the scans it kept, keyed by their nonces: a retried or
    concurrent upload of the same scan returns the stored outcome and writes nothing.
    Side effects: a Scan per new nonce."""
    require(by, "attendance.manage", session)
    now = clock.now()
    for item in scans:
        nonce = item.nonce.strip()
        if not nonce or len(nonce) > 64:
            raise DomainError("每条扫码记录须带 1–64 位的客户端编号（nonce）", field="nonce")
    results = []
    for item in scans:
        moment = clock.local(item.scanned_at)
        person = _person_of_code(item.code)
        refusal = None
        if person is None:
            refusal = Refusal("SCAN_BAD_CODE", "学员码无效：不是本系统生成的学员码")
        elif moment > now + CLOCK_SKEW:
            refusal = Refusal("SCAN_FUTURE", f"扫码时间 {moment:%m-%d %H:%M} 晚于服务器时间")
        results.append(
            _store(
                session_id=session.pk,
                person=person,
                source=Scan.Source.OFFLINE,
                moment=moment,
                by=by,
                nonce=item.nonce.strip(),
                refusal=refusal,
            )
        )
    return results
