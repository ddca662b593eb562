"""Servers for the HTTP benchmark: gunicorn on a free loopback port, a Redis of its own (both
started by ``jijiao.common.servers``, which the tests use too), a throw-away PostgreSQL
database, and ``wrk`` to load them."""

import contextlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from jijiao.common import servers

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """``JIJIAO_BENCH_REDIS_URL`` (flushed first) when set, else a private ``redis-server``."""
    with servers.redis_server("JIJIAO_BENCH_REDIS_URL") as url:
        yield url


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
    with servers.gunicorn(env, workers, cwd=ROOT, preload=True) as port:
        yield port


get = servers.get


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
