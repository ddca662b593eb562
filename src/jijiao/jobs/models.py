"""The job record: one row per run of a background task."""

from django.conf import settings
from django.db import models

from jijiao.jobs.kinds import kind_label


def _source_path(job: "Job", filename: str) -> str:
    # The person's file name stays in ``source_name`` (masked); the stored name never carries it.
    return f"jobs/{job.created_at:%Y/%m}/{job.token}/source"


def _result_path(job: "Job", filename: str) -> str:
    return f"jobs/{job.created_at:%Y/%m}/{job.token}/result"


class Job(models.Model):
    """A long piece of work started by a person for an organisation, run by a Celery task.

    ``done``/``total`` are written when the job ends; while it runs, the progress lives in the
    ``jobs`` cache (the task's writes are one transaction, invisible until it commits).
    ``problems`` are the refused file's problems by row, ID numbers masked.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        REFUSED = "refused", "未导入（有问题）"
        FAILED = "failed", "失败"

    FINISHED = (State.DONE, State.REFUSED, State.FAILED)
    # Queued → running (each delivery: ``job_run``'s guarded update) → one end state.
    TRANSITIONS = {
        State.QUEUED: {State.RUNNING, State.FAILED},
        State.RUNNING: {State.DONE, State.REFUSED, State.FAILED},
    }

    kind = models.CharField("类型", max_length=40)
    token = models.CharField(max_length=32, unique=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs"
    )
    organisation = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="jobs"
    )
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField("提交时间")
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    source = models.FileField(upload_to=_source_path, max_length=200, blank=True)
    source_name = models.CharField("文件", max_length=255, blank=True)
    result = models.FileField(upload_to=_result_path, max_length=200, blank=True)
    result_name = models.CharField(max_length=255, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    summary = models.CharField("结果", max_length=500, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    error = models.CharField("失败原因", max_length=500, blank=True)

    class Meta:
        verbose_name = "后台任务"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["started_by", "-created_at"]),
            models.Index(fields=["organisation", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} #{self.pk}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED
