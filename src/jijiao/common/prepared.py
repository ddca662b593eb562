"""Statements PostgreSQL parses and plans once per connection, for the few run on every request
of a burst — the 09:00 sign-in, where planning the assessing query's three-table join cost the
database several times what executing it does (``bench/`` measured 5,200 against 27,000 a
second for the same SELECT, unprepared and prepared).

Django's PostgreSQL cursors bind parameters on the client (the values are written into the SQL
text), which cannot be prepared. ``prepared_cursor()`` gives, on the same connection and inside
the same transaction, a server-binding psycopg cursor that prepares each statement on first use;
psycopg keeps up to ``prepared_max`` statements per connection, keyed by their text and
parameter types. The cursor is wrapped as Django wraps its own, so query logging, the test
suite's query counts and ``execute_wrapper`` see it.

Where the database is not PostgreSQL, or ``settings.DB_PREPARED_STATEMENTS`` is off (behind a
connection pooler in transaction mode that does not carry prepared statements), it is the
ordinary cursor.
"""

import functools
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


@functools.cache
def _classes():
    """The psycopg cursor that prepares, and the debug wrapper that records its statements
    with their values written in (psycopg does not keep the text of a prepared execution,
    where Django's wrapper looks for it)."""
    from django.db.backends.postgresql.base import CursorDebugWrapper, ServerBindingCursor
    from django.db.backends.utils import CursorWrapper

    class PreparedCursor(ServerBindingCursor):
        """Prepares every statement it runs (psycopg otherwise waits for ``prepare_threshold``
        runs, which Django turns off)."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    class LoggedPreparedCursor(CursorDebugWrapper):
        def execute(self, sql, params=None):
            with self.debug_sql(self.db.ops.compose_sql(sql, params)):
                return CursorWrapper.execute(self, sql, params)

    return PreparedCursor, LoggedPreparedCursor


@contextmanager
def prepared_cursor() -> Iterator:
    """A cursor on the default connection whose statements are prepared (see the module)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not (connection.vendor == "postgresql" and settings.DB_PREPARED_STATEMENTS):
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    prepared, logged = _classes()
    with connection.wrap_database_errors:
        raw = prepared(connection.connection)
    cursor = logged(raw, connection) if connection.queries_logged else connection.make_cursor(raw)
    with cursor:
        yield cursor
