"""Servers for the HTTP benchmark: gunicorn on a free loopback port, a Redis of its own, a
throw-away PostgreSQL database, and ``wrk`` to load them."""

import contextlib
import http.client
import os
import re
import shutil
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
def running(args: list[str], port: int, what: str, **popen) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(args, **popen)
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
def redis_server() -> Iterator[str]:
    """``JIJIAO_BENCH_REDIS_URL`` (flushed first) when set, else a private ``redis-server``."""
    url = os.environ.get("JIJIAO_BENCH_REDIS_URL")
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


def fresh_postgres(url: str) -> None:
    """Drop and create the database ``url`` names."""
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[int]:
    """``jijiao.wsgi`` under gunicorn with ``workers`` sync workers, the application loaded
    before they fork (so each is ready at once); yields the port once a request is answered."""
    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "jijiao.wsgi:application", "--preload"]
    args += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    # A generous timeout: on a busy machine a worker's first request (the URLconf's imports)
    # can take longer than gunicorn's default 30 s.
    args += ["--worker-class", "sync", "--log-level", "warning", "--timeout", "300"]
    with running(args, port, "gunicorn", env=env, cwd=ROOT):
        get(port, "/")
        yield port


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def wrk(port: int, path: str, *, seconds: int, connections: int, script: Path | None = None):
    """``wrk -t1 -c<connections> -d<seconds>s``: requests a second and non-2xx/3xx answers."""
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    if script is not None:
        args += ["-s", str(script)]
    args.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rate,
        "requests": total,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def cookie_script(folder: Path, cookie: str, keys: list[str]) -> Path:
    """A wrk script sending each request with the next trainee's session cookie in turn."""
    lines = ",\n".join(f'"{cookie}={key}"' for key in keys)
    script = folder / "cookies.lua"
    script.write_text(
        f"local cookies = {{\n{lines}\n}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #cookies + 1\n"
        '  return wrk.format("GET", nil, {["Cookie"] = cookies[i]})\n'
        "end\n",
        encoding="utf-8",
    )
    return script
