"""Background tasks of attendance: thin — a job id in, the job re-fetched, one domain function."""

from django.urls import reverse

from jijiao.attendance.domain.watchlog import WatchLogInvalid, watchlog_import
from jijiao.attendance.exports import eligibility_export
from jijiao.common.documents.excel import XLSX
from jijiao.hosting.models import Session
from jijiao.jobs.domain import JobOutcome, ResultFile, job_run
from jijiao.jobs.tasks import job_task


@job_task("attendance.watchlog_import")
def task_watchlog_import(job_id: int) -> None:
    job_run(job_id, _watchlog_import)


def _watchlog_import(job, progress) -> JobOutcome:
    session = Session.objects.get(pk=job.params["session"])
    with job.source.open("rb") as stored:
        content = stored.read()
    try:
        imported = watchlog_import(
            by=job.started_by, session=session, name=job.source_name, content=content
        )
    except WatchLogInvalid as error:
        return JobOutcome(summary=error.message, problems=error.problems)
    return JobOutcome(
        summary=f"已导入 {imported.rows} 条观看记录，涉及 {imported.people} 人。",
        counts={"rows": imported.rows, "people": imported.people},
        done=imported.rows,
        total=imported.rows,
        next_url=reverse("attendance:eligibility", args=[session.pk]),
        next_label="查看学分授予名单",
    )


@job_task("attendance.eligibility_export")
def task_eligibility_export(job_id: int) -> None:
    job_run(job_id, _eligibility_export)


def _eligibility_export(job, progress) -> JobOutcome:
    session = Session.objects.select_related("project").get(pk=job.params["session"])
    content, count = eligibility_export(by=job.started_by, session=session, progress=progress)
    return JobOutcome(
        summary=f"学分授予名单共 {count} 人。",
        counts={"rows": count},
        done=count,
        total=count,
        result=ResultFile(
            f"学分授予名单-{session.project.number}-第{session.sequence}期.xlsx", content, XLSX
        ),
    )
