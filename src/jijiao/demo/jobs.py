"""A finished job on ``h1_admin``'s 我的任务: last year's transcripts of the unit as Excel (run
at once when jobs are eager, else by the worker ``make run`` starts)."""

from django.urls import reverse

from jijiao.common import clock
from jijiao.credits.tasks import task_unit_transcripts_export
from jijiao.demo.world import account, hospital
from jijiao.jobs.domain import job_submit


def load_jobs() -> None:
    year = clock.today().year - 1
    job_submit(
        kind="transcripts_export",
        task=task_unit_transcripts_export,
        by=account("h1_admin"),
        organisation=hospital(0),
        permission="credits.export_unit_transcripts",
        params={"year": year, "again": reverse("credits:compliance") + f"?year={year}"},
    )
