"""Scans: a trainee scanning the rotating session code, staff scanning a trainee's personal
code, and an offline device uploading the scans it kept.

Every scan is kept as a ``Scan`` with its outcome and, when not recorded, the reason — these
are records of their own, not audit entries. A sign-in or sign-out is a ``Mark``, unique per
window and person: scanning twice records once, also when two scans race. An offline scan
carries the device's nonce, unique across scans: a retried upload returns the stored outcome
and writes nothing.
"""

import datetime as dt
import ipaddress
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from jijiao import clock
from jijiao.attendance.models import CheckWindow, Kind, Mark, Registration, Scan
from jijiao.attendance.tokens import check_session_token, person_from_code
from jijiao.audit_log.context import current_address
from jijiao.errors import DomainError, require
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


def _assess(session: Session, person: Person, moment: dt.datetime):
    """The window the scan falls in, or why it is refused."""
    if not session.is_filed:
        return Refusal("SCAN_NOT_FILED", f"{session} 尚未报备，不能签到")
    registered = Registration.objects.filter(
        session=session, person=person, state=Registration.State.REGISTERED
    ).exists()
    if not registered:
        return Refusal("SCAN_NOT_REGISTERED", f"{person.name} 未报名{session}")
    window = current_window(session, moment)
    if window is None:
        text = f"{clock.local(moment):%m-%d %H:%M} 不在签到或签退时间内（{_windows_text(session)}）"
        return Refusal("SCAN_OUTSIDE_WINDOW", text)
    return window


def _store(
    *,
    session: Session | None,
    person: Person | None,
    source: str,
    moment: dt.datetime,
    by,
    nonce: str | None = None,
    refusal: Refusal | None = None,
) -> Scan:
    """Keep the scan and, when it falls in a window, the mark. One transaction per scan."""
    with transaction.atomic():
        if nonce:
            existing = Scan.objects.filter(nonce=nonce).first()
            if existing is not None:
                return existing
        window = None
        if refusal is None and session is not None and person is not None:
            assessed = _assess(session, person, moment)
            if isinstance(assessed, Refusal):
                refusal = assessed
            else:
                window = assessed
        try:
            with transaction.atomic():
                scan = Scan.objects.create(
                    session=session,
                    person=person,
                    kind=window.kind if window else "",
                    source=source,
                    outcome=Scan.Outcome.REFUSED if refusal else Scan.Outcome.ACCEPTED,
                    reason_code=refusal.code if refusal else "",
                    reason=refusal.reason[:200] if refusal else "",
                    scanned_at=moment,
                    received_at=clock.now(),
                    by=by if getattr(by, "pk", None) else None,
                    nonce=nonce or None,
                    address=_address(),
                )
        except IntegrityError:
            if not nonce:
                raise
            return Scan.objects.get(nonce=nonce)
        if window is None:
            return scan
        try:
            with transaction.atomic():
                Mark.objects.create(
                    session=session,
                    person=person,
                    window=window,
                    kind=window.kind,
                    at=moment,
                    scan=scan,
                )
        except IntegrityError:
            scan.outcome = Scan.Outcome.DUPLICATE
            scan.reason_code = "SCAN_DUPLICATE"
            label = Kind(window.kind).label
            scan.reason = f"{person.name} 在本时段已{label}，重复扫码不重复记录"
            scan.save(update_fields=["outcome", "reason_code", "reason"])
        return scan


def scan_session_code(*, by, token: str, seen_at: dt.datetime | None = None) -> Scan:
    """A trainee scanned the session's rotating code. ``seen_at`` is when the code was first
    opened (before logging in), taken from the trainee's own browser session; it must be
    recent. Side effects: a Scan, and a Mark when accepted (no audit entry: scans are records
    of their own)."""
    require(by, "attendance.scan_self")
    now = clock.now()
    moment = seen_at if seen_at and now - seen_at <= LOGIN_GRACE else now
    check = check_session_token(token, moment)
    session = Session.objects.filter(pk=check.session_id).first() if check.session_id else None
    refusal = None if check.valid else Refusal(check.code, check.reason)
    if refusal is None and session is None:
        refusal = Refusal("SCAN_FORGED", "二维码无效：期次不存在")
    return _store(
        session=session,
        person=by.person,
        source=Scan.Source.QR,
        moment=moment,
        by=by,
        refusal=refusal,
    )


def _person_of_code(code: str) -> Person | None:
    person_id = person_from_code(code)
    return Person.objects.filter(pk=person_id).first() if person_id else None


def scan_person_code(*, by, session: Session, code: str) -> Scan:
    """Staff scanned a trainee's personal code for a session, online. Side effects: a Scan,
    and a Mark when accepted."""
    require(by, "attendance.manage", session)
    person = _person_of_code(code)
    refusal = None if person else Refusal("SCAN_BAD_CODE", "学员码无效：不是本系统生成的学员码")
    return _store(
        session=session,
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
    """An offline device uploads the scans it kept. Each is its own transaction, keyed by its
    nonce: a retried or concurrent upload of the same scan returns the stored outcome and
    writes nothing. Side effects: a Scan per new nonce, and Marks for accepted ones."""
    require(by, "attendance.manage", session)
    now = clock.now()
    results = []
    for item in scans:
        nonce = item.nonce.strip()
        if not nonce or len(nonce) > 64:
            raise DomainError("每条扫码记录须带 1–64 位的客户端编号（nonce）", field="nonce")
        moment = clock.local(item.scanned_at)
        person = _person_of_code(item.code)
        refusal = None
        if person is None:
            refusal = Refusal("SCAN_BAD_CODE", "学员码无效：不是本系统生成的学员码")
        elif moment > now + CLOCK_SKEW:
            refusal = Refusal("SCAN_FUTURE", f"扫码时间 {moment:%m-%d %H:%M} 晚于服务器时间")
        results.append(
            _store(
                session=session,
                person=person,
                source=Scan.Source.OFFLINE,
                moment=moment,
                by=by,
                nonce=nonce,
                refusal=refusal,
            )
        )
    return results


def scan_refused_anonymous(*, token: str) -> Scan:
    """Someone not logged in opened an expired or forged code: kept, with its reason."""
    check = check_session_token(token)
    session = Session.objects.filter(pk=check.session_id).first() if check.session_id else None
    refusal = Refusal(check.code or "SCAN_FORGED", check.reason or "二维码无效")
    return _store(
        session=session,
        person=None,
        source=Scan.Source.QR,
        moment=clock.now(),
        by=None,
        refusal=refusal,
    )
