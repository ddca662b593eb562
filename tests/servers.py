"""Real servers for the tests that need more than one process: a Redis of their own and
gunicorn serving the site from a throw-away SQLite database."""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, limit: float = 90) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} 未能启动（退出码 {process.returncode}）")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} 启动超时")


@contextlib.contextmanager
def _running(args: list[str], port: int, what: str, **popen) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(args, **popen)
    try:
        wait_for_port(port, process, what)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """The URL of an empty Redis database: ``JIJIAO_TEST_REDIS_URL`` (flushed first) when
    set, else a private ``redis-server`` on a free port, without persistence."""
    url = os.environ.get("JIJIAO_TEST_REDIS_URL")
    if url:
        import redis

        redis.Redis.from_url(url).flushdb()
        yield url
        return
    port = free_port()
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    args += ["--save", "", "--appendonly", "no"]
    with _running(args, port, "redis-server", stdout=subprocess.DEVNULL):
        yield f"redis://127.0.0.1:{port}/0"


def site_environment(database_url: str, **variables: str) -> dict[str, str]:
    """The environment of a site process: this one's, without its ``JIJIAO_*`` settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIJIAO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="jijiao.settings",
        JIJIAO_DATABASE_URL=database_url,
        JIJIAO_ALLOWED_HOSTS="127.0.0.1",
        JIJIAO_DEBUG="false",
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]),
        **variables,
    )
    return env


def migrated_sqlite(folder: Path) -> str:
    url = f"sqlite:///{folder / 'site.sqlite3'}"
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--verbosity", "0"],
        env=site_environment(url),
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return url


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 1) -> Iterator[int]:
    """The site under gunicorn (sync workers) on a free loopback port; yields the port."""
    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "jijiao.wsgi:application"]
    args += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"]
    # On a busy machine a worker's first request (the URLconf's imports) can outlast
    # gunicorn's default 30 s timeout.
    args += ["--timeout", "300"]
    with _running(args, port, "gunicorn", env=env, cwd=ROOT):
        yield port


def get(port: int, path: str) -> int:
    """GET ``path`` from the server on ``port``; the status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()
