"""Real servers for the tests that need more than one process: a Redis of their own and
gunicorn serving the site from a throw-away SQLite database (started by
``jijiao.common.servers``, which the benchmarks use too)."""

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from jijiao.common import servers

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """The URL of an empty Redis database: ``JIJIAO_TEST_REDIS_URL`` (flushed first) when
    set, else a private ``redis-server`` on a free port, without persistence."""
    with servers.redis_server("JIJIAO_TEST_REDIS_URL") as url:
        yield url


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
    with servers.gunicorn(env, workers, cwd=ROOT) as port:
        yield port


def get(port: int, path: str) -> int:
    """GET ``path`` from the server on ``port``; the status."""
    return servers.get(port, path)[0]
