"""The job record and its runner in eager mode (SQLite): one run per job whatever the number of
deliveries, nothing left of a failed job's work, problems with ID numbers masked, visibility."""

import datetime as dt
from contextlib import nullcontext

import pytest
from celery import shared_task
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.audit_log.models import AuditEntry
from jijiao.jobs.domain import (
    INTERNAL_ERROR,
    JobOutcome,
    ResultFile,
    job_run,
    job_submit,
)
from jijiao.jobs.models import Job
from jijiao.orgs.models import Person
from jijiao.orgs.synthetic import synthetic_id_number
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = synthetic_id_number("330302", dt.date(1980, 1, 2), 123, female=False)
CALLS: list[tuple[int, bytes | None]] = []


def _record_and_report(job, progress) -> JobOutcome:
    CALLS.append((job.pk, job.source.read() if job.source else None))
    PersonFactory(name="任务写入", unit=job.organisation)
    progress(1, 1)
    return JobOutcome(
        summary="已写入 1 人。",
        counts={"created": 1},
        done=1,
        total=1,
        result=ResultFile("名单.csv", "姓名\n任务写入\n".encode(), "text/csv"),
    )


def _write_then_break(job, progress) -> JobOutcome:
    PersonFactory(name="不应留下", unit=job.organisation)
    raise RuntimeError("disk on fire")


def _refuse(job, progress):
    from jijiao.orgs.staff_sheet import SheetProblem

    PersonFactory(name="被拒文件写入", unit=job.organisation)
    return JobOutcome(
        summary="",
        problems=[SheetProblem(4, "身份证号", f"号码 {ID_NUMBER} 已在系统中")],
    )


@shared_task(name="tests.jobs.record")
def task_record(job_id: int) -> None:
    job_run(job_id, _record_and_report)


@shared_task(name="tests.jobs.break")
def task_break(job_id: int) -> None:
    job_run(job_id, _write_then_break)


@shared_task(name="tests.jobs.refuse")
def task_refuse(job_id: int) -> None:
    job_run(job_id, _refuse)


def submit(task, by, unit, captured, **extra) -> Job:
    with captured(execute=True):
        job = job_submit(
            kind="people_import",
            task=task,
            by=by,
            organisation=unit,
            permission="orgs.import_people",
            **extra,
        )
    job.refresh_from_db()
    return job


def test_a_job_runs_once_records_its_counts_and_keeps_its_result_not_its_upload(
    hospital_admin, city_hospital, django_capture_on_commit_callbacks, media
):
    CALLS.clear()
    upload = SimpleUploadedFile(f"名单{ID_NUMBER}.xlsx", b"content")
    job = submit(
        task_record,
        hospital_admin,
        city_hospital,
        django_capture_on_commit_callbacks,
        upload=upload,
    )

    assert job.state == Job.State.DONE
    assert (job.done, job.total, job.counts) == (1, 1, {"created": 1})
    assert job.summary == "已写入 1 人。"
    assert job.attempts == 1
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert ID_NUMBER not in job.source_name and "名单" in job.source_name
    # The upload was there for the task; once the job has finished it is gone.
    assert not job.source
    assert not list((media / "jobs").rglob("source"))
    assert job.result.read().decode() == "姓名\n任务写入\n"
    entry = AuditEntry.objects.get(action="job.finished")
    assert entry.data["counts"] == {"created": 1}
    assert entry.data["state"] == "done"
    assert entry.actor == hospital_admin

    # A second delivery of the same message (a restarted worker) changes nothing.
    task_record.delay(job.pk)
    read = [(job.pk, b"content")]  # the task read the stored upload, once
    assert read == CALLS
    assert Person.objects.filter(name="任务写入").count() == 1
    assert AuditEntry.objects.filter(action="job.finished").count() == 1


def test_a_failing_job_says_why_in_chinese_and_leaves_nothing_written(
    hospital_admin, city_hospital, django_capture_on_commit_callbacks
):
    job = submit(task_break, hospital_admin, city_hospital, django_capture_on_commit_callbacks)

    assert job.state == Job.State.FAILED
    assert job.error == INTERNAL_ERROR
    assert not Person.objects.filter(name="不应留下").exists()
    assert not AuditEntry.objects.filter(action="job.finished").exists()
    assert AuditEntry.objects.get(action="job.failed").data["error"] == INTERNAL_ERROR


def test_a_refused_file_keeps_its_problems_masked_and_nothing_of_the_work(
    hospital_admin, city_hospital, django_capture_on_commit_callbacks
):
    job = submit(task_refuse, hospital_admin, city_hospital, django_capture_on_commit_callbacks)

    assert job.state == Job.State.REFUSED
    assert job.problem_count == 1
    [problem] = job.problems
    assert problem["row"] == 4 and problem["column"] == "身份证号"
    assert ID_NUMBER not in problem["message"]
    assert ID_NUMBER[:6] in problem["message"] and "已在系统中" in problem["message"]
    assert not Person.objects.filter(name="被拒文件写入").exists()
    assert AuditEntry.objects.get(action="job.finished").data["problems"] == 1


def test_submitting_needs_the_works_permission(
    lucheng_admin, city_hospital, django_capture_on_commit_callbacks
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        submit(task_record, lucheng_admin, city_hospital, django_capture_on_commit_callbacks)
    assert not Job.objects.exists()


def test_the_starter_and_the_offices_above_see_a_job_others_do_not(
    client,
    hospital_admin,
    city_hospital,
    wenzhou_office,
    lucheng_admin,
    lucheng_office,
    django_capture_on_commit_callbacks,
):
    job = submit(task_record, hospital_admin, city_hospital, django_capture_on_commit_callbacks)
    for account, status in (
        (hospital_admin, 200),
        (wenzhou_office, 200),
        (lucheng_admin, 404),
        (lucheng_office, 404),
    ):
        client.force_login(account)
        assert client.get(f"/jobs/{job.pk}/").status_code == status, account
        assert client.get(f"/jobs/{job.pk}/result/").status_code == status, account
        listed = "人员批量导入" in client.get("/jobs/").content.decode()
        assert listed == (status == 200), account


def test_the_result_downloads_under_its_name(
    client, hospital_admin, city_hospital, django_capture_on_commit_callbacks
):
    job = submit(task_record, hospital_admin, city_hospital, django_capture_on_commit_callbacks)
    client.force_login(hospital_admin)
    response = client.get(f"/jobs/{job.pk}/result/")
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).decode() == "姓名\n任务写入\n"


def test_the_status_card_polls_until_the_job_has_finished(client, hospital_admin, city_hospital):
    job = submit(task_record, hospital_admin, city_hospital, _no_run)
    client.force_login(hospital_admin)
    queued = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert 'hx-trigger="every 1s"' in queued
    assert "排队中" in queued
    assert '<progress max="100" value="0"' in queued

    from django.core.cache import caches

    from jijiao.jobs.progress import progress_key

    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING)
    caches["jobs"].set(progress_key(job.pk), (250, 1000))
    running = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert '<progress max="100" value="25"' in running
    assert '<span class="job-percent">25 %</span>' in running
    assert 'hx-trigger="every 1s"' in running

    task_record(job.pk)
    done = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert "hx-trigger" not in done
    assert '<span class="job-percent">100 %</span>' in done
    assert "已写入 1 人。" in done


def _no_run(execute):
    """In a test's transaction nothing commits: the job stays queued, its task not run."""
    return nullcontext()


def test_my_jobs_is_in_the_menu_and_lists_jobs_in_a_fixed_number_of_queries(
    client, hospital_admin, city_hospital, django_assert_num_queries
):
    client.force_login(hospital_admin)
    home = client.get("/").content.decode()
    assert '<a href="/jobs/">我的任务</a>' in home

    def queries_for(count: int) -> int:
        while Job.objects.count() < count:
            submit(task_record, hospital_admin, city_hospital, _no_run)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            page = client.get("/jobs/").content.decode()
        assert page.count("人员批量导入") == count
        return len(context)

    assert queries_for(1) == queries_for(3)


def test_results_older_than_the_kept_days_are_purged_and_the_page_says_so(
    client, hospital_admin, city_hospital, django_capture_on_commit_callbacks, media
):
    import datetime as dt

    from jijiao.jobs.domain import job_results_purge

    job = submit(task_record, hospital_admin, city_hospital, django_capture_on_commit_callbacks)
    stored = media / job.result.name
    assert stored.exists()
    later = job.finished_at + dt.timedelta(days=30)
    assert job_results_purge(now=later, days=30) == 0  # not yet older than 30 days
    assert job_results_purge(now=later + dt.timedelta(minutes=1), days=0) == 0  # 0: kept
    assert job_results_purge(now=later + dt.timedelta(minutes=1), days=30) == 1
    job.refresh_from_db()
    assert not job.result and job.result_name == "名单.csv" and not stored.exists()
    assert AuditEntry.objects.get(action="jobs.results_purged").data == {"count": 1, "days": 30}
    client.force_login(hospital_admin)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "结果文件（名单.csv）已超过保存期限，已清理" in page
    assert "下载结果" not in page
    assert client.get(f"/jobs/{job.pk}/result/").status_code == 404
    # The next day's run finds nothing more and logs nothing.
    assert job_results_purge(now=later + dt.timedelta(days=1), days=30) == 0
    assert AuditEntry.objects.filter(action="jobs.results_purged").count() == 1


def test_the_beat_schedule_runs_registered_tasks(settings):
    from jijiao.celery import app

    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names == {
        "web.send_reminders",
        "jobs.purge_results",
        "web.audit_log_verify",
        "credits.summaries_fill",
        "overview.summaries_fill",
    }
    assert names <= set(app.tasks)


def test_a_finished_jobs_audit_entry_reads_in_chinese(
    hospital_admin, city_hospital, django_capture_on_commit_callbacks
):
    import re

    from jijiao.audit_log.display import data_rows

    submit(task_record, hospital_admin, city_hospital, django_capture_on_commit_callbacks)
    rows = {r.key: r for r in data_rows(AuditEntry.objects.get(action="job.finished"))}
    assert {k: r.name for k, r in rows.items()} == {
        "kind": "类型",
        "state": "状态",
        "organisation": "单位",
        "counts": "计数",
        "problems": "问题数",
        "attempts": "执行次数",
    }
    assert rows["counts"].after == "新增：1"
    assert not re.search(r"[A-Za-z]", rows["counts"].after)
