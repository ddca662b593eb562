"""Queries and commits of one request, counted in-process through the whole middleware stack
(Django's test client) against the HTTP benchmark's database and cache: the trivial view
signed in, a first scan of the rotating code (accepted) and the same trainee's repeat.

Run as ``python -m bench.signin_queries SESSION_ID KEY`` with the benchmark's environment;
prints JSON ``{"trivial": {...}, "signin": {...}, "repeat": {...}}`` with ``queries`` (SQL
statements) and ``commits`` (transactions that wrote: a write statement outside any atomic
block, or an atomic block's commit).
"""

import itertools
import json
import os
import sys

WRITES = ("INSERT", "UPDATE", "DELETE")
# PostgreSQL: the window found, then the scan or its repeat written, in one statement.
SCAN_OR_REPEAT = "WITH assessed AS ("
# A scan's INSERT turns the WAL flush off for its own transaction (settings.SCAN_ASYNC_COMMIT).
ASYNC_MARK = "set_config('synchronous_commit', 'off', true)"


def _statement(sql: str) -> tuple[str, bool]:
    """The statement, and whether it commits without waiting for the flush."""
    stripped = sql.strip()
    return stripped, ASYNC_MARK in stripped


def _label(sql: str) -> str:
    """The statement's verb and its own table (not a subquery's)."""
    if sql.startswith(SCAN_OR_REPEAT):
        return "SELECT attendance_checkwindow + INSERT attendance_scan or its repeat"
    depth, words = 0, []
    for word in sql.replace('"', "").split():
        if depth == 0:
            words.append(word)
        depth += word.count("(") - word.count(")")
    table = next(
        (b for a, b in itertools.pairwise(words) if a in ("FROM", "INTO", "UPDATE")),
        "",
    )
    return f"{words[0]} {table.split('(')[0]}"


def main() -> int:
    session_id, key = int(sys.argv[1]), sys.argv[2]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.signin_settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from jijiao.attendance.tokens import session_token

    counts = {"queries": 0, "commits": 0, "statements": []}

    def count(execute, sql, params, many, context):
        statement, asynchronous = _statement(sql)
        counts["queries"] += 1
        notes = [
            "prepared" if type(context["cursor"].cursor).__name__ == "PreparedCursor" else "",
            "async commit" if asynchronous else "",
        ]
        notes = ", ".join(n for n in notes if n)
        counts["statements"].append(_label(statement) + (f" ({notes})" if notes else ""))
        writes = statement.upper().startswith(WRITES) or statement.startswith(SCAN_OR_REPEAT)
        if not connection.in_atomic_block and writes:
            counts["commits"] += 1
        return execute(sql, params, many, context)

    commit = connection.commit

    def counted_commit():
        counts["commits"] += 1
        return commit()

    connection.commit = counted_commit
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = key

    def measure(path: str, expected: bytes) -> dict:
        counts.update(queries=0, commits=0, statements=[])
        with connection.execute_wrapper(count):
            response = client.get(path)
        if response.status_code != 200 or expected not in response.content:
            raise RuntimeError(f"{path}: {response.status_code}")
        return {k: counts[k] for k in ("queries", "commits", "statements")}

    client.get("/bench/trivial/")  # the connection opened, the session in the cache
    signin = f"/attendance/c/{session_token(session_id)}/"
    result = {
        "signin": measure(signin, "签到成功".encode()),
        "repeat": measure(signin, "已签到过".encode()),
        "trivial": measure("/bench/trivial/", b"ok"),
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
