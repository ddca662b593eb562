"""Starting real servers on loopback for the tests and the benchmarks that need more than one
process: a free port, a process that is waited for until it listens and stopped afterwards, a
Redis of its own, gunicorn serving the site, one GET. Development tooling only — the site never
calls it; it lives here so that ``tests`` and ``bench`` share it without importing each other.
No Django."""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path


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
def running(args: list[str], port: int, what: str, **popen) -> Iterator[subprocess.Popen]:
    """``args`` started, yielded once it listens on ``port``; terminated (killed after 30 s)
    on the way out."""
    process = subprocess.Popen(args, **popen)  # noqa: S603 — our own commands, no shell
    try:
        wait_for_port(port, process, what)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def redis_server(url_variable: str) -> Iterator[str]:
    """The URL of an empty Redis database: the one ``url_variable`` names (flushed first) when
    it is set, else a private ``redis-server`` on a free port, without persistence."""
    url = os.environ.get(url_variable)
    if url:
        import redis

        redis.Redis.from_url(url).flushdb()
        yield url
        return
    port = free_port()
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    args += ["--save", "", "--appendonly", "no"]
    with running(args, port, "redis-server", stdout=subprocess.DEVNULL):
        yield f"redis://127.0.0.1:{port}/0"


def get(
    port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 120
) -> tuple[int, bytes]:
    """GET ``path`` from the server on ``port``: the status and the body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str], workers: int = 1, *, cwd: Path, preload: bool = False
) -> Iterator[int]:
    """``jijiao.wsgi`` under gunicorn with ``workers`` sync workers on a free loopback port;
    yields the port. ``preload``: the application loaded before the workers fork (each is ready
    at once), and the port yielded only once a request to ``/`` is answered."""
    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "jijiao.wsgi:application"]
    args += ["--preload"] if preload else []
    args += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    # On a busy machine a worker's first request (the URLconf's imports) can outlast
    # gunicorn's default 30 s timeout.
    args += ["--worker-class", "sync", "--log-level", "warning", "--timeout", "300"]
    with running(args, port, "gunicorn", env=env, cwd=cwd):
        if preload:
            get(port, "/")
        yield port
