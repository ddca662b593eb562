"""The ledger import as a background job on a real Celery worker (Redis database 9 of
JIJIAO_TEST_REDIS_URL) and PostgreSQL: the worker is killed (SIGKILL) in the middle of a large
import; nothing of it stays; a restarted worker gets the unacknowledged message back and the job
completes once, each row added once — the result of one clean run."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.core.cache.backends.redis import RedisCache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from jijiao.audit_log.models import AuditEntry
from jijiao.celery import app
from jijiao.credits.models import LedgerEntry
from jijiao.credits.tasks import task_ledger_import
from jijiao.jobs.domain import job_submit
from jijiao.jobs.models import Job
from jijiao.jobs.progress import progress_key
from tests.credits.test_bulk_import import csv_file, line

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.worker,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEST_REDIS_URL = os.environ.get("JIJIAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
JIJIAO = Path(sys.executable).with_name("jijiao")
ROWS = 60_000
WORKER_APP = "jijiao-test-worker"  # the workers' PostgreSQL connections, by application_name


@pytest.fixture
def real_broker(monkeypatch):
    """This process sends to the test Redis instead of running tasks itself; Redis emptied."""
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    app.close()
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", TEST_REDIS_URL)
    yield
    app.close()
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()


def database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{db['NAME']}?application_name={WORKER_APP}"


def end_worker_connections() -> None:
    """What PostgreSQL does once it notices a killed client: end its session, rolling back.
    (A backend busy with a long statement notices only when it next talks to the client.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            [WORKER_APP],
        )


@pytest.fixture
def workers(tmp_path, settings):
    """Start `jijiao worker` processes on the test database and Redis; each in its own process
    group, so that killing one kills its pool too."""
    started: list[subprocess.Popen] = []
    environ = {k: v for k, v in os.environ.items() if not k.startswith("JIJIAO_")}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    environ.update(
        JIJIAO_DATABASE_URL=database_url(),
        JIJIAO_REDIS_URL=TEST_REDIS_URL,
        JIJIAO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        JIJIAO_NOW="2023-11-20T10:00",
        JIJIAO_JOB_REDELIVERY_SECONDS="3",
        JIJIAO_BEAT_SCHEDULE_FILE=str(tmp_path / "beat"),
    )

    def start(name: str) -> subprocess.Popen:
        log = (tmp_path / f"{name}.log").open("w")
        worker = subprocess.Popen(
            [str(JIJIAO), "worker", "--pool", "solo", "--loglevel", "INFO"],
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
    end_worker_connections()  # the test's flush must not wait for them


def wait_until(condition, seconds: float, what: str, logs: Path | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    tails = ""
    if logs is not None:
        for log in sorted(logs.glob("*.log")):
            tails += f"\n--- {log.name}\n" + "\n".join(log.read_text().splitlines()[-30:])
    raise AssertionError(f"timed out waiting for {what}{tails}")


def big_history(people) -> bytes:
    """ROWS distinct activities (one per row key) spread over the people."""
    rows = []
    for index in range(ROWS):
        person = people[index % len(people)]
        rows.append(line(person, title=f"学术讲座第{index}讲", credits="0.5", hours="2"))
    return csv_file(rows).getvalue()


def test_a_ledger_import_survives_a_killed_worker_and_completes_once(
    tmp_path,
    real_broker,
    workers,
    wenzhou_office,
    wenzhou_office_unit,
    staff,
    nurse_wang,
    credit_year_2023,
):
    content = big_history([*staff, nurse_wang])
    first = workers("first")
    progress = RedisCache(TEST_REDIS_URL, {"KEY_PREFIX": "jijiao-jobs"})

    job = job_submit(
        kind="ledger_import",
        task=task_ledger_import,
        by=wenzhou_office,
        organisation=wenzhou_office_unit,
        permission="credits.import_ledger",
        upload=SimpleUploadedFile("history.csv", content, content_type="text/csv"),
    )

    # The worker has started reading the file when it is killed.
    def under_way():
        done, total = progress.get(progress_key(job.pk)) or (0, 1)
        return 0 < done < total and (done, total)

    wait_until(under_way, 300, "the import to be under way", tmp_path)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    end_worker_connections()

    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.RUNNING, 1)
    assert LedgerEntry.objects.count() == 0

    workers("second")
    finished = wait_until(
        lambda: Job.objects.filter(pk=job.pk, state__in=Job.FINISHED).first(),
        400,
        "the restarted worker to finish the job",
        tmp_path,
    )

    assert finished.state == Job.State.DONE, finished.error
    assert finished.attempts == 2
    assert finished.counts == {"rows": ROWS, "created": ROWS, "existing": 0}
    assert finished.summary == f"共 {ROWS} 行：新导入 {ROWS} 条，已存在 0 条。"
    assert LedgerEntry.objects.count() == ROWS
    assert LedgerEntry.objects.values("source_id").distinct().count() == ROWS
    assert AuditEntry.objects.filter(action="credits.ledger_imported").count() == 1
    finished_entries = AuditEntry.objects.filter(action="job.finished")
    assert finished_entries.filter(object_id=str(job.pk)).count() == 1

    # The message was acknowledged: nothing is delivered again.
    time.sleep(5)
    assert Job.objects.get(pk=job.pk).attempts == 2
    assert LedgerEntry.objects.count() == ROWS

    # The rows it wrote touched these people's year: the recompute of their summaries it set
    # off finishes too, each job audited once.
    wait_until(
        lambda: not Job.objects.exclude(state__in=Job.FINISHED).exists(),
        120,
        "the follow-up jobs to finish",
        tmp_path,
    )
    for each in Job.objects.all():
        assert each.state == Job.State.DONE, (each.kind, each.error)
        assert finished_entries.filter(object_id=str(each.pk)).count() == 1
