"""Redis or not: the settings' eager mode, production's start-up check, and what `make run`
(`jijiao serve --with-worker`) starts — against a closed port and against the real Redis.

The real Redis is the test database number of JIJIAO_TEST_REDIS_URL (default 9), never the
development one; `make test` starts Redis when it is not up (scripts/ensure-redis).
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from celery import Celery

from jijiao.common.broker import redis_answers
from jijiao.launcher import background_plan
from tests.test_settings import COMPLETE

TEST_REDIS_URL = os.environ.get("JIJIAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
JIJIAO = Path(sys.executable).with_name("jijiao")


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_environ(**extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("JIJIAO_")}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    return {**environ, **extra}


def test_a_closed_port_does_not_answer_and_the_real_redis_does():
    assert not redis_answers(closed_port_url())
    assert redis_answers(TEST_REDIS_URL)


def test_the_plan_is_eager_without_redis_and_a_worker_with_it():
    eager = background_plan({"JIJIAO_REDIS_URL": closed_port_url()})
    assert not eager.worker
    assert "没有应答" in eager.message and "eager" in eager.message
    worker = background_plan({"JIJIAO_REDIS_URL": TEST_REDIS_URL})
    assert worker.worker and worker.redis_url == TEST_REDIS_URL
    assert "同时启动任务进程" in worker.message


def settings_of(environ: dict[str, str]) -> subprocess.CompletedProcess:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.JOBS_EAGER, settings.CELERY_BROKER_URL)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**environ, "DJANGO_SETTINGS_MODULE": "jijiao.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_development_runs_tasks_eagerly_when_redis_does_not_answer(tmp_path):
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    closed = settings_of(clean_environ(JIJIAO_REDIS_URL=closed_port_url(), JIJIAO_DATABASE_URL=db))
    assert closed.stdout.split() == ["True", "memory://localhost/"], closed.stderr
    unset = settings_of(clean_environ(JIJIAO_DATABASE_URL=db))
    assert unset.stdout.split() == ["True", "memory://localhost/"], unset.stderr
    real = settings_of(clean_environ(JIJIAO_REDIS_URL=TEST_REDIS_URL, JIJIAO_DATABASE_URL=db))
    assert real.stdout.split() == ["False", TEST_REDIS_URL], real.stderr


def production_environ(tmp_path, redis_url: str) -> dict[str, str]:
    """The settings tests' complete production configuration, with this Redis."""
    return clean_environ(
        **{
            **COMPLETE,
            "JIJIAO_ENV": "production",
            "JIJIAO_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "JIJIAO_REDIS_URL": redis_url,
        }
    )


def test_production_refuses_to_start_when_the_broker_does_not_answer(tmp_path):
    refused = settings_of(production_environ(tmp_path, closed_port_url()))
    assert refused.returncode != 0
    assert "无法连接 Redis（JIJIAO_REDIS_URL=redis://127.0.0.1:" in refused.stderr
    assert "后台任务无法运行" in refused.stderr
    started = settings_of(production_environ(tmp_path, TEST_REDIS_URL))
    assert started.stdout.split() == ["False", TEST_REDIS_URL], started.stderr


def children_of(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append((int(entry.name), cmdline))
    return found


def wait_for_http(url: str, server: subprocess.Popen, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {seconds} s")


@pytest.fixture
def serve(tmp_path):
    """Start `jijiao serve --with-worker` as `make run` does; stop it (SIGTERM) afterwards."""
    started: list[subprocess.Popen] = []

    def start(redis_url: str) -> tuple[subprocess.Popen, str]:
        port = free_port()
        environ = clean_environ(
            JIJIAO_REDIS_URL=redis_url,
            JIJIAO_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            JIJIAO_STATIC_ROOT=str(tmp_path / "static"),
            JIJIAO_MEDIA_ROOT=str(tmp_path / "media"),
            JIJIAO_BEAT_SCHEDULE_FILE=str(tmp_path / "beat-schedule"),
        )
        log = (tmp_path / "serve.log").open("w")
        server = subprocess.Popen(
            [str(JIJIAO), "serve", "--with-worker", "--port", str(port), "--workers", "1"],
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(server)
        wait_for_http(f"http://127.0.0.1:{port}/login/", server)
        return server, (tmp_path / "serve.log").read_text()

    yield start
    for server in started:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def worker_processes(server: subprocess.Popen) -> list[int]:
    return [pid for pid, cmd in children_of(server.pid) if "jijiao.cli worker" in cmd]


def test_make_run_with_redis_stopped_serves_and_runs_tasks_in_process(serve):
    server, output = serve(closed_port_url())
    assert "没有应答，任务在网站进程内直接执行（eager 模式）" in output
    assert worker_processes(server) == []


@pytest.mark.worker
def test_make_run_with_redis_running_starts_a_worker_that_stops_with_the_server(serve):
    server, output = serve(TEST_REDIS_URL)
    assert "同时启动任务进程 jijiao worker" in output
    [worker] = worker_processes(server)

    # The worker answers on the broker the server was given.
    probe = Celery(broker=TEST_REDIS_URL)
    replies: list = []
    deadline = time.monotonic() + 60
    while not replies and time.monotonic() < deadline:
        replies = probe.control.ping(timeout=1.0)
    assert replies, "no worker answered a ping on the test Redis"

    server.send_signal(signal.SIGTERM)
    server.wait(30)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert (
        not Path(f"/proc/{worker}/cmdline").exists()
        or not Path(f"/proc/{worker}/cmdline").read_bytes()
    ), "the worker outlived the server"
