"""``jijiao serve --with-worker`` (what ``make run`` starts): Redis or not, decided once.

When Redis answers, a Celery worker (with the beat scheduler inside it) starts beside the web
server and stops with it; when it does not, nothing more starts and the settings run every task
inside the web process (eager mode). Django-free: it runs before the settings are read.
"""

import atexit
import os
import signal
import subprocess
import sys
from dataclasses import dataclass

from jijiao.common.broker import DEVELOPMENT_REDIS_URL, redacted, redis_answers


@dataclass(frozen=True)
class BackgroundPlan:
    redis_url: str | None  # None: eager, no worker
    message: str

    @property
    def worker(self) -> bool:
        return self.redis_url is not None


def background_plan(environ: dict[str, str] | os._Environ) -> BackgroundPlan:
    """Probe ``JIJIAO_REDIS_URL`` (or the local default) and say what will run."""
    url = environ.get("JIJIAO_REDIS_URL") or DEVELOPMENT_REDIS_URL
    if redis_answers(url):
        return BackgroundPlan(
            url, f"后台任务：已连接 Redis（{redacted(url)}），同时启动任务进程 jijiao worker"
        )
    return BackgroundPlan(
        None,
        f"后台任务：Redis（{redacted(url)}）没有应答，任务在网站进程内直接执行（eager 模式）",
    )


def start_worker(redis_url: str, *, concurrency: int = 2) -> subprocess.Popen:
    """Start ``jijiao worker --beat`` as a child process, stopped when this process exits."""
    environ = {**os.environ, "JIJIAO_REDIS_URL": redis_url}
    worker = subprocess.Popen(  # noqa: S603 — our own command, no shell
        [
            sys.executable,
            "-m",
            "jijiao.cli",
            "worker",
            "--beat",
            "--concurrency",
            str(concurrency),
        ],
        env=environ,
    )
    owner = os.getpid()
    atexit.register(stop_worker, worker, owner)
    return worker


def stop_worker(worker: subprocess.Popen, owner: int | None = None, timeout: float = 15) -> None:
    """Warm shutdown (SIGTERM: finish the running task), then SIGKILL after ``timeout``.

    Only the process that started the worker stops it: the server's forked children inherit
    the exit handler and must leave it alone.
    """
    if owner is not None and os.getpid() != owner:
        return
    if worker.poll() is not None:
        return
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
