"""The SQL of a scan, written by hand for the 09:00 path (``scans.py`` decides; this module only
reads and writes).

Each statement's text is written once per process from the models' own table and column names
(compiling them through the ORM cost more than running them); values always go in as
parameters, and on PostgreSQL the statements are prepared on each connection
(``common/prepared.py``).

On PostgreSQL a scan of a trainee is one statement (``assess_and_insert``): it finds the open
window with its session and project, whether the person registered and their name, and — when
the session is filed and the person registered — writes the accepted scan, or, when an accepted
one of the same window and person is already there (a concurrent one is waited for), the same
scan kept as a duplicate with its reason. The database's unique index on accepted scans per
window and person is what keeps a second one out.
"""

import datetime as dt
import functools

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from jijiao.attendance.models import CheckWindow, Kind, Registration, Scan
from jijiao.common import rows
from jijiao.common.prepared import prepared_cursor
from jijiao.hosting.models import Session
from jijiao.orgs.models import Person

# The project a session belongs to (the published project), as the session's model names it.
_PROJECT = Session._meta.get_field("project").related_model
# Added at the end of a statement's RETURNING or final SELECT list (where the statement has
# ``UNFLUSHED_AT``): its implicit transaction commits without waiting for the WAL flush (``SET
# LOCAL`` as a function, so the statement stays one that can be prepared; it is called only when
# the statement returns a row).
UNFLUSHED = ", set_config('synchronous_commit', 'off', true)"
UNFLUSHED_AT = "/* unflushed */"


def _db():
    return connections[DEFAULT_DB_ALIAS]  # once per use: each ``connection.x`` looks it up


def duplicate_reason(name: str, kind: str) -> str:
    return f"{name} 在本时段已{Kind(kind).label}，重复扫码不重复记录"


# What the scan's page and its judging read of the session and its project (str(session), the
# window's note, whether it is filed); nothing else is loaded (``rows.columns``).
_SESSION_READ = ("project_id", "sequence", "starts_at", "ends_at", "format", "policy_id", "state")
_PROJECT_READ = ("name",)


@functools.cache
def _assess_parts() -> tuple[str, str, tuple[rows.Columns, ...]]:
    """The assessing query's select list and its FROM … LIMIT, with named parameters (person,
    registered, session, moment), and the columns of the window, its session and their
    project."""
    quote = _db().ops.quote_name
    window, session, project = (
        rows.columns(CheckWindow, "w"),
        rows.columns(Session, "s", only=_SESSION_READ),
        rows.columns(_PROJECT, "p", only=_PROJECT_READ),
    )
    registration, person = Registration._meta, Person._meta
    name = quote(person.get_field("name").column)
    select = (
        f"{window.select}, {session.select}, {project.select}, "  # noqa: S608 — names from the models, values as parameters
        f"EXISTS (SELECT 1 FROM {quote(registration.db_table)} r WHERE r.session_id = w.session_id"
        " AND r.person_id = %(person)s AND r.state = %(registered)s) AS registered, "
        f"(SELECT n.{name} FROM {quote(person.db_table)} n WHERE n.id = %(person)s) AS person_name"
    )
    source = (
        f"FROM {quote(CheckWindow._meta.db_table)} w "
        f"JOIN {quote(Session._meta.db_table)} s ON s.id = w.session_id "
        f"JOIN {quote(_PROJECT._meta.db_table)} p ON p.id = s.project_id "
        "WHERE w.session_id = %(session)s AND w.opens_at <= %(moment)s "
        "AND w.closes_at >= %(moment)s ORDER BY w.opens_at, w.id LIMIT 1"
    )
    return select, source, (window, session, project)


def _assess_params(session_id: int, person_id: int, moment: dt.datetime) -> dict:
    opens = CheckWindow._meta.get_field("opens_at").get_db_prep_value(moment, _db())
    return {
        "person": person_id,
        "registered": Registration.State.REGISTERED,
        "session": session_id,
        "moment": opens,
    }


def _instances(row: tuple) -> tuple[tuple[CheckWindow, bool, str], int]:
    """The window with its session and project loaded, whether the person registered, and
    the person's name, from a row of the assessing query; and where the row goes on."""
    *_, parts = _assess_parts()
    built, at = [], 0
    for part in parts:
        built.append(part.build(row[at : at + len(part)]))
        at += len(part)
    window, session, project = built
    Session._meta.get_field("project").set_cached_value(session, project)
    CheckWindow._meta.get_field("session").set_cached_value(window, session)
    return (window, bool(row[at]), row[at + 1]), at + 2


def open_window(session_id: int, person: Person, moment: dt.datetime):
    """The open window with its session and project, whether the person registered and their
    name — or None when no window of the session is open at ``moment``. One query."""
    select, source, _ = _assess_parts()
    with prepared_cursor() as cursor:
        cursor.execute(f"SELECT {select} {source}", _assess_params(session_id, person.pk, moment))
        row = cursor.fetchone()
    return None if row is None else _instances(row)[0]


@functools.cache
def _insert_text() -> tuple[str, str, str, tuple]:
    """The table, its columns and the placeholders of an INSERT of a Scan, and the fields in
    their order."""
    meta = Scan._meta
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    quote = _db().ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    return quote(meta.db_table), columns, placeholders, fields


def _values(scan: Scan) -> list:
    *_, fields = _insert_text()
    db = _db()
    return [f.get_db_prep_save(getattr(scan, f.attname), db) for f in fields]


def commits_asynchronously() -> bool:
    """Whether a scan's statement is its own transaction on PostgreSQL, committed without
    waiting for the WAL flush (settings.SCAN_ASYNC_COMMIT says why). Inside a caller's
    transaction (an offline upload, a test) the caller's commit decides."""
    db = _db()
    return settings.SCAN_ASYNC_COMMIT and db.vendor == "postgresql" and not db.in_atomic_block


def _execute_returning(sql: str, params: list | dict) -> tuple | None:
    """Run one statement and return its row (see ``UNFLUSHED``)."""
    asynchronous = commits_asynchronously()
    with prepared_cursor() as cursor:
        cursor.execute(sql.replace(UNFLUSHED_AT, UNFLUSHED if asynchronous else ""), params)
        row = cursor.fetchone()
    return row[:-1] if asynchronous and row is not None else row


def stored(scan: Scan, pk: int) -> Scan:
    scan.pk = pk
    scan._state.adding = False
    scan._state.db = DEFAULT_DB_ALIAS
    return scan


def insert(scan: Scan) -> bool:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING id``: True (and ``scan.pk`` set) when the
    row went in; False when an accepted scan of the same window and person, or the same nonce,
    is already there (a concurrent one is waited for, then counted)."""
    table, columns, placeholders, _ = _insert_text()
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT DO NOTHING RETURNING id{UNFLUSHED_AT}"
    )
    row = _execute_returning(sql, _values(scan))
    if row is None:
        return False
    stored(scan, row[0])
    return True


def one_statement() -> bool:
    """Whether a scan without a nonce is assessed and written in one statement (PostgreSQL:
    data-modifying WITH)."""
    return _db().vendor == "postgresql"


def _scan_select(decided: dict[str, str]) -> str:
    """The SELECT list of an ``INSERT … SELECT`` of a scan: the ``decided`` columns as the
    given SQL, every other one the draft's value (its parameter, ``_value_names``)."""
    *_, fields = _insert_text()
    return ", ".join(
        decided.get(f.attname, f"%({name})s")
        for f, name in zip(fields, _value_names(), strict=True)
    )


@functools.cache
def _value_names() -> tuple[str, ...]:
    """The parameter names of the draft's values, in the fields' order (``v_<field>``)."""
    *_, fields = _insert_text()
    return tuple(f"v_{f.attname}" for f in fields)


@functools.cache
def _fixed_params() -> dict:
    """The one statement's parameters that are the same for every scan: the states a trainee
    may sign in to, the outcomes, and each kind's repeat reason (after the person's name)."""
    params = {
        "filed": list(Session.FILED_STATES),
        "accepted": Scan.Outcome.ACCEPTED,
        "duplicate": Scan.Outcome.DUPLICATE,
        "duplicate_code": "SCAN_DUPLICATE",
    }
    for kind in Kind:
        params[f"kind_{kind.value}"] = kind.value
        params[f"repeat_{kind.value}"] = duplicate_reason("", kind.value)
    return params


@functools.cache
def _assess_and_insert_statement() -> str:
    """The one statement of ``assess_and_insert``, with named parameters (each value sent
    once however often the statement uses it)."""
    select, source, _ = _assess_parts()
    table, columns, _, _ = _insert_text()
    cases = " ".join(f"WHEN %(kind_{k.value})s THEN %(repeat_{k.value})s" for k in Kind)
    taken = {"kind": "a.scan_kind", "window_id": "a.scan_window_id"}
    accepted = _scan_select(
        {**taken, "outcome": "%(accepted)s", "reason_code": "''", "reason": "''"}
    )
    repeated = _scan_select(
        {
            **taken,
            "outcome": "%(duplicate)s",
            "reason_code": "%(duplicate_code)s",
            "reason": f"left(coalesce(a.person_name, '') || CASE a.scan_kind {cases} END, 200)",
        }
    )
    admitted = "FROM assessed a WHERE a.registered AND a.scan_filed"
    return (
        f"WITH assessed AS (SELECT {select}, w.kind AS scan_kind, w.id AS scan_window_id, "  # noqa: S608
        f"s.state = ANY(%(filed)s) AS scan_filed {source}), "
        f"accepted AS (INSERT INTO {table} ({columns}) SELECT {accepted} {admitted} "
        "ON CONFLICT DO NOTHING RETURNING id), "
        f"repeated AS (INSERT INTO {table} ({columns}) SELECT {repeated} {admitted} "
        "AND NOT EXISTS (SELECT 1 FROM accepted) RETURNING id) "
        f"SELECT a.*, (SELECT id FROM accepted), (SELECT id FROM repeated){UNFLUSHED_AT} "
        "FROM assessed a"
    )


def assess_and_insert(draft: Scan, session_id: int, person: Person, moment: dt.datetime):
    """PostgreSQL, one statement (see the module): the scan stored — accepted, or kept as a
    duplicate — with its window, session and project loaded; or None when the statement wrote
    nothing (no window open, the session not filed, the person not registered), with what the
    assessment found (as ``open_window`` gives it) for the caller to say why."""
    draft.session_id = session_id  # the window's session: ``w.session_id`` is this parameter
    params = {
        **_assess_params(session_id, person.pk, moment),
        **_fixed_params(),
        **dict(zip(_value_names(), _values(draft), strict=True)),
    }
    row = _execute_returning(_assess_and_insert_statement(), params)
    if row is None:
        return None, None
    found, at = _instances(row)
    accepted_id, repeated_id = row[at + 3], row[at + 4]
    if accepted_id is None and repeated_id is None:
        return None, found
    window, _, name = found
    if "name" in person.get_deferred_fields():
        person.name = name
    draft.window, draft.session, draft.kind = window, window.session, window.kind
    if accepted_id is not None:
        draft.outcome = Scan.Outcome.ACCEPTED
        return stored(draft, accepted_id), found
    draft.outcome, draft.reason_code = Scan.Outcome.DUPLICATE, "SCAN_DUPLICATE"
    draft.reason = duplicate_reason(person.name, window.kind)[:200]
    return stored(draft, repeated_id), found
