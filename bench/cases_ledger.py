"""Ledger speed (issue 6), on PostgreSQL with generated ledger rows — by default 10 million rows
for 400,000 people (``JIJIAO_BENCH_ROWS``, ``JIJIAO_BENCH_PEOPLE`` scale it down; the import's
size is ``JIJIAO_BENCH_IMPORT_ROWS``, by default 1 million):

- one person's transcript query, the queryset the transcript page lists: p95 against the p95 of
  a primary-key lookup of a ledger row in the same loop. Goal (printed, never asserted): p95
  under 5 ms;
- the import of a CSV through ``ledger_rows_import``, in rows per second, against ``psql \\copy``
  of the same rows into the same ledger table (its indexes, the generated rows in it) in the same
  run. Goal: at least 0.25 of psql's rows per second;
- a second import of the same file, which inserts nothing (the count is printed).

Runs only when ``JIJIAO_BENCH_DATABASE_URL`` names a PostgreSQL database (for instance
postgres://postgres@127.0.0.1:5432/jijiao_bench). This case works in that database's sibling with
``_ledger`` appended (``jijiao_bench_ledger``): the sign-in case drops and re-creates the one
named, and the generated world — minutes to make at full scale — is kept for the next run at the
same scale. The sibling is created when missing. The work happens in ``bench/ledger_bench.py``,
in a process of its own whose Django points at that database.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.timing import note

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jijiao_bench"
TRANSCRIPT_GOAL_MS = 5.0
IMPORT_GOAL = 0.25
FRESH = 3  # bench.ledger_bench's exit status asking for a new database
_results: dict | None = None


def _database(url: str, *, fresh: bool = False, suffix: str = "_ledger") -> str:
    """The URL of this case's own database (``…_ledger``, or another ``suffix``), created when
    missing (dropped first when ``fresh``)."""
    import psycopg

    base, _, rest = url.rpartition("/")
    name, mark, query = rest.partition("?")
    name = f"{name}{suffix}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}{mark}{query}"


def _run() -> dict | None:
    """Run the worker once for both cases; ``None`` (and a note) when not on PostgreSQL."""
    global _results
    if _results is not None:
        return _results or None
    url = os.environ.get("JIJIAO_BENCH_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        note(
            "ledger: skipped — set JIJIAO_BENCH_DATABASE_URL to a PostgreSQL database, e.g. "
            f"{DEFAULT_URL} (created when missing)"
        )
        _results = {}
        return None
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jijiao.settings",
        "JIJIAO_DATABASE_URL": _database(url),
        "JIJIAO_DEBUG": "false",  # no SQL log growing with every query
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("JIJIAO_NOW", None)
    with tempfile.TemporaryDirectory(prefix="jijiao-bench-ledger-") as folder:
        out = Path(folder) / "results.json"
        command = [sys.executable, "-m", "bench.ledger_bench", str(out)]
        done = subprocess.run(command, env=env, cwd=ROOT, check=False)
        if done.returncode == FRESH:
            env["JIJIAO_DATABASE_URL"] = _database(url, fresh=True)
            done = subprocess.run(command, env=env, cwd=ROOT, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"bench.ledger_bench failed (exit status {done.returncode})")
        _results = json.loads(out.read_text(encoding="utf-8"))
    return _results


def transcript_case() -> dict:
    results = _run()
    if results is None:
        return {"case": "ledger transcript query", "skipped": True}
    t, scale = results["transcript"], results["scale"]
    row = {
        "case": "ledger transcript query p95 / pk lookup",
        "ratio": round(t["ratio"], 2),
        "p95_ms": round(t["p95_ms"], 2),
        "baseline_p95_ms": round(t["baseline_p95_ms"], 2),
        "goal": f"p95 < {TRANSCRIPT_GOAL_MS:g} ms",
    }
    print(
        f"{row['case']:<40} ratio {row['ratio']:>8.2f}   ({row['p95_ms']} ms vs "
        f"{row['baseline_p95_ms']} ms)   goal: {row['goal']}"
    )
    verdict = "meets" if t["p95_ms"] < TRANSCRIPT_GOAL_MS else "misses"
    note(
        f"= p50 {t['p50_ms']:.2f} ms, p95 {t['p95_ms']:.2f} ms, p99 {t['p99_ms']:.2f} ms over "
        f"{t['samples']:,} random people and years ({verdict} the goal); "
        f"{t['rows_per_transcript']:.1f} rows each; {scale['rows']:,} rows, "
        f"{scale['people']:,} people"
    )
    note(
        f"in PostgreSQL itself (EXPLAIN ANALYZE): p50 {t['server_p50_ms']:.2f} ms, p95 "
        f"{t['server_p95_ms']:.2f} ms; index used: {', '.join(t['indexes']) or 'none'}"
    )
    return row


def import_case() -> dict:
    results = _run()
    if results is None:
        return {"case": "ledger import", "skipped": True}
    i = results["import"]
    row = {
        "case": "ledger CSV import / psql \\copy",
        "ratio": round(i["ratio"], 2),
        "import_rows_per_second": round(i["import_rows_per_second"]),
        "psql_rows_per_second": round(i["psql_rows_per_second"]),
        "goal": f"ratio ≥ {IMPORT_GOAL}",
    }
    print(
        f"{row['case']:<40} ratio {row['ratio']:>8.2f}   ({row['import_rows_per_second']:,}/s "
        f"vs {row['psql_rows_per_second']:,}/s)   goal: {row['goal']}"
    )
    verdict = "meets" if i["ratio"] >= IMPORT_GOAL else "misses"
    note(
        f"= {i['rows']:,} rows: import {i['import_seconds']:.1f} s (created {i['created']:,}), "
        f"psql \\copy {i['psql_seconds']:.1f} s ({verdict} the goal)"
    )
    note(
        f"second import of the same file: created {i['second_created']:,}, existing "
        f"{i['second_existing']:,} in {i['second_seconds']:.1f} s"
    )
    row["second_import_created"] = i["second_created"]
    return row


CASES = [transcript_case, import_case]
