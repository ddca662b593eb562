"""Audit log inserts at a 09:00 sign-in storm (issue 17): ``WRITERS`` threads, each with its own
PostgreSQL connection, write ``PER_WRITER`` entries, each in a transaction that goes on for
``HOLD`` seconds after the entry (as a sign-in's transaction does: the account row, the session),
once with the chain in ``LANES`` lanes (as configured) and once in a single lane (one lock for
everyone), in the same run. Prints the ratio of the times (lanes / single); goal (printed, never
asserted): at most 0.25 — writers do not queue on one lock.

Needs PostgreSQL: the database named by ``JIJIAO_BENCH_DATABASE_URL`` gets ``_audit`` appended,
is dropped and created anew, migrated. Without the variable the case says so and is skipped.
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.timing import note

ROOT = Path(__file__).resolve().parents[1]
WRITERS = 16
PER_WRITER = 10
HOLD = 0.05
LANES = 16
GOAL = 0.25


def _storm(lanes: int) -> tuple[float, float]:
    """Seconds for the whole storm, and the longest single write (lock wait included)."""
    from django.conf import settings
    from django.db import connection, transaction

    from jijiao.audit_log.log import record

    settings.AUDIT_CHAIN_LANES = lanes
    start = threading.Barrier(WRITERS)
    longest = [0.0]

    def writer():
        try:
            start.wait()
            for _ in range(PER_WRITER):
                began = time.perf_counter()
                with transaction.atomic():
                    record("account.login", data={"bench": True})
                    time.sleep(HOLD)
                longest[0] = max(longest[0], time.perf_counter() - began)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, longest[0]


def _inside() -> None:
    """Run in a process configured for the bench database: print both storms."""
    import django

    django.setup()
    from jijiao.audit_log.chain import verify

    single, single_longest = _storm(1)
    laned, laned_longest = _storm(LANES)
    report = verify()
    print(f"RESULT {laned} {single} {laned_longest} {single_longest} {report.ok}")


def audit_storm_case() -> dict:
    name = f"audit log: {WRITERS} writers, {LANES} lanes vs 1"
    url = os.environ.get("JIJIAO_BENCH_DATABASE_URL", "")
    if not url.startswith("postgres"):
        print(f"{name:<40} skipped (set JIJIAO_BENCH_DATABASE_URL to a PostgreSQL URL)")
        return {"case": name, "skipped": True}
    import psycopg

    parts = urlsplit(url)
    db = parts.path.lstrip("/") + "_audit"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIJIAO_")}
    env.update(
        JIJIAO_DATABASE_URL=urlunsplit(parts._replace(path=f"/{db}")),
        DJANGO_SETTINGS_MODULE="jijiao.settings",
        PYTHONPATH=str(ROOT),
    )
    jijiao = Path(sys.executable).with_name("jijiao")
    subprocess.run([jijiao, "migrate"], env=env, check=True, cwd=ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "bench.cases_audit"],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    laned, single, laned_longest, single_longest, ok = line.split()[1:]
    laned, single = float(laned), float(single)
    row = {
        "case": name,
        "ratio": round(laned / single, 2),
        "lanes_s": round(laned, 2),
        "single_s": round(single, 2),
        "goal": f"<= {GOAL}",
    }
    entries = WRITERS * PER_WRITER
    print(
        f"{name:<40} ratio {row['ratio']:>8.2f}   ({laned:.2f} s vs {single:.2f} s)"
        f"   goal: <= {GOAL}"
    )
    longest = f"{float(laned_longest) * 1000:.0f} ms vs {float(single_longest) * 1000:.0f} ms"
    note(
        f"{entries} entries: {entries / laned:.0f}/s in {LANES} lanes,"
        f" {entries / single:.0f}/s in one; longest write {longest}; chain verifies: {ok}"
    )
    return row


CASES = [audit_storm_case]

if __name__ == "__main__":
    _inside()
