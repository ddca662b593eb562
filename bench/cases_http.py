"""Requests a second over HTTP (issues 5 and 15), everything under the same gunicorn (2 sync
workers) on loopback, loaded by ``wrk -t1 -c32``, on PostgreSQL with the cache in Redis, each
against a plain Django ``JsonResponse`` hello (no database, two light middlewares) measured in
the same rounds — hello, trivial view, sign-in, three times over, ``JIJIAO_BENCH_SECONDS`` (12)
per endpoint in all — so that a ratio compares figures taken under the same conditions:

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
SECONDS = int(os.environ.get("JIJIAO_BENCH_SECONDS", "12"))  # per endpoint, over the rounds
ROUNDS = 3
SLICE = max(1, SECONDS // ROUNDS)
WARM_UP = 1
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


def _interleaved(env, hello_port: int, port: int, script: Path, session_id: int) -> dict:
    """The three endpoints measured in ``ROUNDS`` rounds of hello, trivial view and sign-in,
    each ``SLICE`` seconds after a ``WARM_UP`` second, so that all three meet the machine as it
    is over the same minute (on a shared VM the speed drifts between one minute and the next);
    each figure is the mean of its rounds. Every trainee is active within the minute before
    each round, and each round scans a fresh code (valid 45–60 s)."""
    rates: dict[str, list[float]] = {"hello": [], "trivial": [], "signin": []}
    bad = {"trivial": 0, "signin": 0}
    for _ in range(ROUNDS):
        _python(env, "-m", "bench.signin_seed", "--restamp")
        signin = f"/attendance/c/{_token(port, session_id)}/"
        runs = (
            ("hello", hello_port, "/hello/", None),
            ("trivial", port, "/bench/trivial/", script),
            ("signin", port, signin, script),
        )
        for name, at, path, cookies in runs:
            # A second unmeasured first: the pause while the others ran let the workers' kept
            # sessions and accounts expire, which continuous traffic (the 09:00 burst) never does.
            wrk(at, path, seconds=WARM_UP, connections=CONNECTIONS, script=cookies)
            done = wrk(at, path, seconds=SLICE, connections=CONNECTIONS, script=cookies)
            rates[name].append(done["rps"])
            if name in bad:
                bad[name] += done["non_2xx"]
    return {
        name: {"rps": sum(r) / len(r), "rounds": [round(x) for x in r], "non_2xx": bad.get(name, 0)}
        for name, r in rates.items()
    }


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
        hello_env = _environment(database_url, redis_url, "bench.hello_settings")
        modes = {}
        with gunicorn(hello_env, WORKERS) as hello_port:
            wrk(hello_port, "/hello/", seconds=2, connections=CONNECTIONS)
            for mode, variables in MODES.items():
                _scans(database_url, clear=True)
                with gunicorn({**env, **variables}, WORKERS) as port:
                    _python(env, "-m", "bench.signin_seed", "--restamp")
                    wrk(port, "/bench/trivial/", seconds=2, connections=CONNECTIONS, script=script)
                    figures = _interleaved(env, hello_port, port, script, seeded["session"])
                modes[mode] = {**figures, "scans": _scans(database_url)}
    best = max(modes, key=lambda m: modes[m]["signin"]["rps"] + modes[m]["trivial"]["rps"])
    for mode, figures in modes.items():
        hello, trivial, signin = figures["hello"], figures["trivial"], figures["signin"]
        base = hello["rps"]
        mark = " ← kept" if mode == best else ""
        note(f"connections: {mode}{mark}")
        print(
            f"{'  plain Django hello (JsonResponse)':<40} {base:>14,.0f}/s   (the baseline, 1; "
            f"rounds {hello['rounds']})"
        )
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
            f"non-2xx answers {bad}; rounds trivial {trivial['rounds']}, "
            f"sign-in {signin['rounds']}"
        )
    for kind in ("trivial", "signin", "repeat"):
        figures = counted[kind]
        note(
            f"{kind:<8} {figures['queries']} queries, {figures['commits']} commits per request: "
            + "; ".join(figures["statements"])
        )
    note(
        f"{WORKERS} sync workers, wrk -t1 -c{CONNECTIONS}, {ROUNDS} rounds of {SLICE} s per "
        f"endpoint, PostgreSQL, Redis cache, {TRAINEES} trainees, "
        f"{time.strftime('%Y-%m-%d %H:%M')}"
    )
    row.update(
        ratio=modes[best]["ratios"]["signin"],
        kept=best,
        hello_rps=modes[best]["hello"]["rps"],
        modes={
            m: {k: f[k] for k in ("hello", "trivial", "signin", "ratios", "scans")}
            for m, f in modes.items()
        },
        queries=counted,
    )
    return row


CASES = [http_case]
