"""Background tasks of remote: thin — a job id in, the job re-fetched, one domain function."""

from django.urls import reverse

from jijiao.jobs.domain import JobOutcome, job_run
from jijiao.jobs.tasks import job_task
from jijiao.remote.domain.completions import completion_list_upload
from jijiao.remote.models import Provider


@job_task("remote.completion_list_upload")
def task_completion_list_upload(job_id: int) -> None:
    job_run(job_id, _completion_list_upload)


def _completion_list_upload(job, progress) -> JobOutcome:
    provider = Provider.objects.get(pk=job.params["provider"])
    with job.source.open("rb") as stored:
        content = stored.read()
    outcome = completion_list_upload(
        by=job.started_by, provider=provider, content=content, filename=job.source_name
    )
    if not outcome.ok:
        return JobOutcome(summary="", problems=outcome.problems)
    rows = outcome.completion_list.rows.count()
    return JobOutcome(
        summary=f"完成名单已提交市卫生健康委审核（{rows} 行）。",
        counts={"rows": rows},
        done=rows,
        total=rows,
        next_url=reverse("remote:list", args=[outcome.completion_list.pk]),
        next_label="查看完成名单",
    )
