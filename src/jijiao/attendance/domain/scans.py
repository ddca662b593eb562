"""Scans: a trainee scanning the rotating session code, staff scanning a trainee's personal
code, and an offline device uploading the scans it kept.

Every scan is kept as a ``Scan`` with its outcome and, when not recorded, the reason — records
of their own, not audit entries. An accepted scan is the sign-in or sign-out; the database
allows one per window and person, and a device's nonce once: each scan is written by a single
``INSERT … ON CONFLICT DO NOTHING``, so two scans racing (or a retried upload) can never both
be recorded, and the common case costs one statement. A scan that lost the race is kept as a
duplicate; a nonce seen before returns the stored scan and writes nothing.
"""

import copy
import datetime as dt
import functools
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections

from jijiao.attendance.models import CheckWindow, Kind, Registration, Scan
from jijiao.attendance.tokens import check_session_token, person_from_code
from jijiao.audit_log.context import current_address
from jijiao.common import clock, rows
from jijiao.common.errors import DomainError, require
from jijiao.common.prepared import prepared_cursor
from jijiao.hosting.models import Session
from jijiao.orgs.models import Person

# The project a session belongs to (the published project), as the session's model names it.
_PROJECT = Session._meta.get_field("project").related_model
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


@functools.cache
def _assess_statement() -> tuple[str, tuple[rows.Columns, ...]]:
    """The assessing query's text, written once per process from the models' own table and
    column names (compiling it through the ORM cost more than the query itself on the 09:00
    path), with the columns of the window, its session and their project."""
    quote = connection.ops.quote_name
    window, session, project = (
        rows.columns(CheckWindow, "w"),
        rows.columns(Session, "s"),
        rows.columns(_PROJECT, "p"),
    )
    registration, person = Registration._meta, Person._meta
    name = quote(person.get_field("name").column)
    sql = (
        f"SELECT {window.select}, {session.select}, {project.select}, "  # noqa: S608 — names from the models, values as parameters
        f"EXISTS (SELECT 1 FROM {quote(registration.db_table)} r WHERE r.session_id = w.session_id"
        " AND r.person_id = %s AND r.state = %s) AS registered, "
        f"(SELECT n.{name} FROM {quote(person.db_table)} n WHERE n.id = %s) AS person_name "
        f"FROM {quote(CheckWindow._meta.db_table)} w "
        f"JOIN {quote(Session._meta.db_table)} s ON s.id = w.session_id "
        f"JOIN {quote(_PROJECT._meta.db_table)} p ON p.id = s.project_id "
        "WHERE w.session_id = %s AND w.opens_at <= %s AND w.closes_at >= %s "
        "ORDER BY w.opens_at, w.id LIMIT 1"
    )
    return sql, (window, session, project)


def _instances(row: tuple) -> tuple[CheckWindow, bool, str]:
    """The window with its session and project loaded, whether the person registered, and
    the person's name, from one row of the assessing query."""
    _, parts = _assess_statement()
    built, at = [], 0
    for part in parts:
        built.append(part.build(row[at : at + len(part)]))
        at += len(part)
    window, session, project = built
    Session._meta.get_field("project").set_cached_value(session, project)
    CheckWindow._meta.get_field("session").set_cached_value(window, session)
    return window, bool(row[at]), row[at + 1]


def _open_window(session_id: int, person: Person, moment: dt.datetime):
    """The open window with its session and project, whether the person registered and their
    name — or None when no window of the session is open at ``moment``."""
    sql, _ = _assess_statement()
    opens = CheckWindow._meta.get_field("opens_at").get_db_prep_value(
        moment, connections[DEFAULT_DB_ALIAS]
    )
    params = [person.pk, Registration.State.REGISTERED, person.pk, session_id, opens, opens]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else _instances(row)


def _assess(session_id: int, person: Person, moment: dt.datetime):
    """The session and the open window the scan falls in (one query when all is well: the
    window, its session and project, whether the person registered, and the person's name
    when ``person`` came without it), or the session and why the scan is refused."""
    found = _open_window(session_id, person, moment)
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


@functools.cache
def _insert_text() -> tuple[str, str, str, tuple]:
    """The table, its columns and the placeholders of a hand-written INSERT of a Scan, written
    once per process (only the model's own table and column names go into the text; values
    are parameters), and the fields in their order."""
    meta = Scan._meta
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    return quote(meta.db_table), columns, placeholders, fields


def _values(scan: Scan) -> list:
    *_, fields = _insert_text()
    db = connections[DEFAULT_DB_ALIAS]  # once: each use of the ``connection`` proxy looks it up
    return [f.get_db_prep_save(getattr(scan, f.attname), db) for f in fields]


def _repeat_values(values: list, duplicate: Scan) -> list:
    """The values of ``duplicate`` from those of the scan it repeats: only its outcome and
    reason differ."""
    *_, fields = _insert_text()
    repeat = list(values)
    for index, field in enumerate(fields):
        if field.attname in ("outcome", "reason_code", "reason"):
            repeat[index] = getattr(duplicate, field.attname)
    return repeat


# Appended to a statement's RETURNING or final SELECT list: its implicit transaction commits
# without waiting for the WAL flush (``SET LOCAL`` as a function, so the statement stays one
# that can be prepared; it is called only when the statement returns a row).
UNFLUSHED = ", set_config('synchronous_commit', 'off', true)"


def _execute_returning(sql: str, params: list) -> tuple | None:
    """Run one INSERT statement ending in its RETURNING or SELECT list, prepared on
    PostgreSQL, and return its row. Outside a caller's transaction on PostgreSQL it commits
    without waiting for the WAL flush (settings.SCAN_ASYNC_COMMIT)."""
    asynchronous = _commits_asynchronously()
    with prepared_cursor() as cursor:
        cursor.execute(sql + UNFLUSHED if asynchronous else sql, params)
        row = cursor.fetchone()
    return row[:-1] if asynchronous and row is not None else row


def _stored(scan: Scan, pk: int) -> Scan:
    scan.pk = pk
    scan._state.adding = False
    scan._state.db = DEFAULT_DB_ALIAS
    return scan


def _insert(scan: Scan) -> bool:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING id``: True (and ``scan.pk`` set) when the
    row went in; False when an accepted scan of the same window and person, or the same nonce,
    is already there (a concurrent one is waited for, then counted)."""
    table, columns, placeholders, _ = _insert_text()
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        "ON CONFLICT DO NOTHING RETURNING id"
    )
    row = _execute_returning(sql, _values(scan))
    if row is None:
        return False
    _stored(scan, row[0])
    return True


def _insert_or_keep_duplicate(scan: Scan, duplicate: Scan) -> Scan:
    """PostgreSQL, one statement for a scan without a nonce: the accepted row, or — when an
    accepted scan of the same window and person is already there (a concurrent one is waited
    for) — ``duplicate``, the same scan kept as a repeat. The repeats of the 09:00 burst cost
    one round trip instead of two. Returns the scan stored."""
    table, columns, placeholders, _ = _insert_text()
    params = _values(scan)
    repeat = _repeat_values(params, duplicate)
    sql = (
        f"WITH accepted AS (INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        "ON CONFLICT DO NOTHING RETURNING id), "
        f"repeated AS (INSERT INTO {table} ({columns}) SELECT {placeholders} "
        "WHERE NOT EXISTS (SELECT 1 FROM accepted) RETURNING id) "
        "SELECT (SELECT id FROM accepted), (SELECT id FROM repeated)"
    )
    accepted, repeated = _execute_returning(sql, params + repeat)
    return _stored(scan, accepted) if accepted is not None else _stored(duplicate, repeated)


def _commits_asynchronously() -> bool:
    """Whether this scan's INSERT is its own transaction on PostgreSQL, committed without
    waiting for the WAL flush (settings.SCAN_ASYNC_COMMIT says why). Inside a caller's
    transaction (an offline upload, a test) the caller's commit decides."""
    db = connections[DEFAULT_DB_ALIAS]
    return settings.SCAN_ASYNC_COMMIT and db.vendor == "postgresql" and not db.in_atomic_block


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
    session, window = None, None
    if session_id is not None:
        if refusal is None and person is not None:
            session, assessed = _assess(session_id, person, moment)
            if isinstance(assessed, Refusal):
                refusal = assessed
            else:
                window = assessed
        else:
            session = Session.objects.select_related("project").filter(pk=session_id).first()
    scan = Scan(
        session=session,
        person=person,
        kind=window.kind if window else "",
        window=window,
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
    if window is not None and not nonce and connection.vendor == "postgresql":
        return _insert_or_keep_duplicate(scan, _as_duplicate(scan, person, window))
    if _insert(scan):
        return scan
    if nonce:
        existing = Scan.objects.filter(nonce=nonce).first()
        if existing is not None:
            return existing
    # An accepted scan of this window and person is already there: kept as a duplicate.
    duplicate = _as_duplicate(scan, person, window)
    if not _insert(duplicate):  # only a nonce can clash now: that scan was stored meanwhile
        return Scan.objects.get(nonce=nonce)
    return duplicate


def _as_duplicate(scan: Scan, person: Person, window: CheckWindow) -> Scan:
    """The same scan kept as a repeat of an accepted one of this window and person."""
    duplicate = copy.copy(scan)
    duplicate.outcome = Scan.Outcome.DUPLICATE
    duplicate.reason_code = "SCAN_DUPLICATE"
    duplicate.reason = f"{person.name} 在本时段已{Kind(window.kind).label}，重复扫码不重复记录"
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
