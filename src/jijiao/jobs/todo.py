"""The workbench items of the system admin: background jobs that failed (an error of the system,
not of the input — a refused file is its starter's to fix) in the last ``FAILED_JOB_DAYS`` days.
A later run of the same kind by the same person that finishes removes the item."""

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse

from jijiao.common import clock
from jijiao.common.todo import Todo
from jijiao.jobs.kinds import kind_label
from jijiao.jobs.models import Job

FAILED_JOB_DAYS = 30


def failed_jobs(now: dt.datetime):
    """Jobs that failed recently and were not run again with success since."""
    retried = Job.objects.filter(
        kind=OuterRef("kind"),
        started_by=OuterRef("started_by"),
        state=Job.State.DONE,
        created_at__gt=OuterRef("created_at"),
    )
    return (
        Job.objects.filter(
            state=Job.State.FAILED, finished_at__gte=now - dt.timedelta(days=FAILED_JOB_DAYS)
        )
        .exclude(Exists(retried))
        .select_related("started_by", "organisation")
        .order_by("finished_at", "pk")
    )


def todos_for(user, now) -> list[Todo]:
    if not user.has_perm("jobs.view_failures"):
        return []
    return [
        Todo(
            kind="失败的后台任务",
            title=f"{kind_label(job.kind)} #{job.pk}（{job.started_by}，"
            f"{clock.local(job.finished_at):%m-%d %H:%M}）失败：{job.error}",
            url=reverse("web:system") + "#failed-jobs",
        )
        for job in failed_jobs(now)
    ]
