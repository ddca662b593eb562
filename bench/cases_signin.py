"""Sign-in speed (issue 5): sign-in requests per second under gunicorn on loopback, against a
trivial Django view served the same way in the same run (same server, workers, middleware,
logged-in session); prints the ratio. Goal (printed, never asserted): at least 0.5.

Everything runs on a throw-away database — SQLite in a temporary folder, or the PostgreSQL
database named by ``JIJIAO_BENCH_DATABASE_URL`` (dropped and created anew): migrate, seed (a filed
session under way, its sign-in time open, ``TRAINEES`` registered trainees each with a
logged-in session), start gunicorn on a free loopback port, then ``CLIENTS`` threads send one
request per trainee — first to the trivial view, then to the rotating code's URL (each one a
real sign-in: a Scan and a Mark written). Bounded: ``TRAINEES`` requests per run, a time limit
per request.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.timing import note

ROOT = Path(__file__).resolve().parents[1]
TRAINEES = 300
CLIENTS = 8
WORKERS = 2
GOAL = 0.5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _run(port: int, paths_and_cookies: list[tuple[str, str]]) -> tuple[float, list[int]]:
    """Send every request from ``CLIENTS`` threads; the elapsed seconds and the statuses."""
    statuses: list[int] = []
    lock = threading.Lock()
    pending = list(paths_and_cookies)

    def client() -> None:
        while True:
            with lock:
                if not pending:
                    return
                path, cookie = pending.pop()
            status, _ = _get(port, path, cookie)
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, statuses


def _wait_for(port: int, process: subprocess.Popen, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn 未能启动")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn 启动超时")


def _database_url() -> tuple[str, str]:
    """The benchmark's empty database and its name for the report."""
    url = os.environ.get("JIJIAO_BENCH_DATABASE_URL")
    if not url:
        folder = tempfile.mkdtemp(prefix="jijiao-bench-signin-")
        return f"sqlite:///{folder}/bench.sqlite3", "SQLite"
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url, "PostgreSQL"


def signin_case() -> dict:
    database_url, database = _database_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.signin_settings",
        "JIJIAO_DATABASE_URL": database_url,
        "JIJIAO_ALLOWED_HOSTS": "127.0.0.1",
        "JIJIAO_DEBUG": "false",  # as deployed: cached templates, no SQL log
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("JIJIAO_NOW", None)
    python = sys.executable

    def run(*args: str) -> str:
        done = subprocess.run(
            [python, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} 失败：\n{done.stderr[-3000:]}")
        return done.stdout

    run("-m", "django", "migrate", "--verbosity", "0")
    seeded = json.loads(run("-m", "bench.signin_seed", str(TRAINEES)))
    port = _free_port()
    server = subprocess.Popen(
        [
            python, "-m", "gunicorn", "jijiao.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--log-level", "warning",
        ],
        env=env,
        cwd=ROOT,
    )  # fmt: skip
    try:
        _wait_for(port, server)
        cookies = [f"{seeded['cookie']}={key}" for key in seeded["keys"]]
        _get(port, "/bench/trivial/", cookies[0])  # both workers warm
        _get(port, "/bench/trivial/", cookies[1])
        base_time, base_statuses = _run(port, [("/bench/trivial/", c) for c in cookies])
        _, token = _get(port, f"/bench/token/{seeded['session']}/", cookies[0])
        path = f"/attendance/c/{token.decode()}/"
        signin_time, signin_statuses = _run(port, [(path, c) for c in cookies])
    finally:
        server.terminate()
        server.wait(timeout=30)
    base_rps, signin_rps = TRAINEES / base_time, TRAINEES / signin_time
    row = {
        "case": "sign-in requests per second (gunicorn)",
        "ratio": round(signin_rps / base_rps, 2),
        "signin_rps": round(signin_rps, 1),
        "baseline_rps": round(base_rps, 1),
        "goal": f"ratio ≥ {GOAL}",
    }
    print(
        f"{row['case']:<40} ratio {row['ratio']:>8.2f}   ({row['signin_rps']}/s vs "
        f"{row['baseline_rps']}/s trivial view)   goal: {row['goal']}"
    )
    signed = sum(1 for s in signin_statuses if s == 200)
    note(f"{TRAINEES} trainees, {CLIENTS} clients, {WORKERS} sync workers, {database}; "
         f"sign-ins answered 200: {signed}, trivial 200: {base_statuses.count(200)}")  # fmt: skip
    return row


CASES = [signin_case]
