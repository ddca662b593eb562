"""Requests a second over HTTP (issues 5 and 15), everything under the same gunicorn (2 sync
workers) on loopback, loaded by ``wrk -t1 -c32 -d10s``, on PostgreSQL with the cache in Redis,
each against a plain Django ``JsonResponse`` hello (no database, two light middlewares) in the
same run:

- the site's trivial view, signed in (the whole middleware stack). Goal: ratio ≥ 0.5;
- the QR sign-in ``/attendance/c/<token>/``, signed-in trainees, each request the next of
  ``JIJIAO_BENCH_TRAINEES`` (1,000) in turn, so each signs in once and then repeats (the mix
  is printed). Floor 0.12, goal 0.25, stretch 0.5;

every trainee active within the minute before each run (``signin_seed --restamp``): the steady
state, where the idle stamp is written once a minute per person, not by every request;

both with persistent connections (``CONN_MAX_AGE``) and with psycopg's pool
(``JIJIAO_DB_POOL=on``); and the queries and commits of one request of each kind, counted
in-process (``bench/signin_queries.py``).

Works in the PostgreSQL database named by ``JIJIAO_BENCH_DATABASE_URL`` (by default
postgres://postgres@127.0.0.1:5432/jijiao_bench), dropped and created anew; Redis is
``JIJIAO_BENCH_REDIS_URL`` (flushed) or a private ``redis-server``. Needs ``wrk``
(``make bench`` installs it). Nothing is asserted.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.servers import (
    ROOT,
    cookie_script,
    fresh_postgres,
    get,
    gunicorn,
    have_wrk,
    redis_server,
    wrk,
)
from bench.timing import note

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jijiao_bench"
TRAINEES = int(os.environ.get("JIJIAO_BENCH_TRAINEES", "1000"))
SECONDS = int(os.environ.get("JIJIAO_BENCH_SECONDS", "10"))
CONNECTIONS = 32
WORKERS = 2
TRIVIAL_GOAL = 0.5
SIGNIN_FLOOR, SIGNIN_GOAL, SIGNIN_STRETCH = 0.12, 0.25, 0.5
MODES = {"persistent": {}, "pool": {"JIJIAO_DB_POOL": "on"}}


def _environment(database_url: str, redis_url: str, settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIJIAO_")}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        JIJIAO_DATABASE_URL=database_url,
        JIJIAO_REDIS_URL=redis_url,
        JIJIAO_ALLOWED_HOSTS="127.0.0.1",
        JIJIAO_DEBUG="false",  # as deployed: cached templates, no SQL log
        PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    )
    return env


def _python(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} 失败：\n{done.stderr[-3000:]}")
    return done.stdout


def _token(port: int, session: int) -> str:
    return get(port, f"/bench/token/{session}/")[1].decode()


def _scans(database_url: str, *, clear: bool = False) -> dict[str, int]:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT outcome, count(*) FROM attendance_scan GROUP BY outcome"
        ).fetchall()
        if clear:
            connection.execute("DELETE FROM attendance_scan")
    return dict(rows)


def _ratio_line(name: str, rps: float, hello: float, goals: str) -> float:
    ratio = rps / hello
    print(f"{name:<40} ratio {ratio:>8.2f}   ({rps:,.0f}/s vs {hello:,.0f}/s hello)   {goals}")
    return ratio


def http_case() -> dict:
    row = {"case": "HTTP requests per second (gunicorn, wrk)", "ratio": None}
    if not have_wrk():
        print(f"{row['case']:<40} skipped: wrk missing (scripts/ensure-system-packages wrk)")
        return row
    database_url = os.environ.get("JIJIAO_BENCH_DATABASE_URL", DEFAULT_URL)
    try:
        fresh_postgres(database_url)
    except Exception as error:
        print(f"{row['case']:<40} skipped: PostgreSQL {database_url} unreachable ({error})")
        return row
    folder = Path(tempfile.mkdtemp(prefix="jijiao-bench-http-"))
    with redis_server() as redis_url:
        env = _environment(database_url, redis_url, "bench.signin_settings")
        _python(env, "-m", "django", "migrate", "--verbosity", "0")
        seeded = json.loads(_python(env, "-m", "bench.signin_seed", str(TRAINEES + 1)))
        keys, spare = seeded["keys"][:-1], seeded["keys"][-1]
        counted = json.loads(
            _python(env, "-m", "bench.signin_queries", str(seeded["session"]), spare)
        )
        script = cookie_script(folder, seeded["cookie"], keys)
        load = {"seconds": SECONDS, "connections": CONNECTIONS}
        hello_env = _environment(database_url, redis_url, "bench.hello_settings")
        with gunicorn(hello_env, WORKERS) as port:
            wrk(port, "/hello/", seconds=2, connections=CONNECTIONS)
            hello = wrk(port, "/hello/", **load)
        modes = {}
        for mode, variables in MODES.items():
            _scans(database_url, clear=True)
            with gunicorn({**env, **variables}, WORKERS) as port:
                # Every trainee active within the minute: no run pays for all the stamps.
                _python(env, "-m", "bench.signin_seed", "--restamp")
                wrk(port, "/bench/trivial/", seconds=2, connections=CONNECTIONS, script=script)
                trivial = wrk(port, "/bench/trivial/", script=script, **load)
                _python(env, "-m", "bench.signin_seed", "--restamp")
                path = f"/attendance/c/{_token(port, seeded['session'])}/"  # valid for 45–60 s
                signin = wrk(port, path, script=script, **load)
            modes[mode] = {"trivial": trivial, "signin": signin, "scans": _scans(database_url)}
    best = max(modes, key=lambda m: modes[m]["signin"]["rps"] + modes[m]["trivial"]["rps"])
    base = hello["rps"]
    print(f"{'plain Django hello (JsonResponse)':<40} {base:>14,.0f}/s   (the baseline, 1)")
    for mode, figures in modes.items():
        trivial, signin = figures["trivial"], figures["signin"]
        mark = " ← kept" if mode == best else ""
        note(f"connections: {mode}{mark}")
        ratios = {
            "trivial": _ratio_line(
                "  trivial view, signed in", trivial["rps"], base, f"goal: ≥ {TRIVIAL_GOAL}"
            ),
            "signin": _ratio_line(
                "  QR sign-in, signed in",
                signin["rps"],
                base,
                f"floor ≥ {SIGNIN_FLOOR}, goal ≥ {SIGNIN_GOAL}, stretch ≥ {SIGNIN_STRETCH}",
            ),
        }
        figures["ratios"] = {k: round(v, 3) for k, v in ratios.items()}
        scans = figures["scans"]
        bad = {k: v["non_2xx"] for k, v in (("trivial", trivial), ("sign-in", signin))}
        note(
            f"  sign-ins: {scans.get('accepted', 0)} accepted, "
            f"{scans.get('duplicate', 0)} repeats, {scans.get('refused', 0)} refused; "
            f"non-2xx answers {bad}"
        )
    for kind in ("trivial", "signin", "repeat"):
        figures = counted[kind]
        note(
            f"{kind:<8} {figures['queries']} queries, {figures['commits']} commits per request: "
            + "; ".join(figures["statements"])
        )
    note(
        f"{WORKERS} sync workers, wrk -t1 -c{CONNECTIONS} -d{SECONDS}s, PostgreSQL, Redis cache, "
        f"{TRAINEES} trainees, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    row.update(
        ratio=modes[best]["ratios"]["signin"],
        kept=best,
        hello_rps=base,
        modes={
            m: {k: f[k] for k in ("trivial", "signin", "ratios", "scans")} for m, f in modes.items()
        },
        queries=counted,
    )
    return row


CASES = [http_case]
