"""The execution score (seed 001 附件4) as computed by the rubric of the pack, with the facts it
was computed from and the pack version, per session and per project (the mean of its
sessions)."""

from django.db import models

from jijiao.hosting.models import Session
from jijiao.projects.models import PublishedProject


class SessionScore(models.Model):
    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="execution_score"
    )
    mode = models.CharField("计分方式", max_length=14)
    total = models.DecimalField("得分", max_digits=5, decimal_places=2)
    items = models.JSONField("各项得分", default=dict)
    # The plain documents given to the rubric: what the score page shows item by item.
    facts = models.JSONField("计分依据", default=dict)
    project_facts = models.JSONField("项目计分依据", default=dict)
    policy_id = models.CharField("政策包", max_length=64)
    policy_hash = models.CharField("政策包版本", max_length=64)
    inputs_hash = models.CharField("依据摘要", max_length=64)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "期次执行评分"

    def __str__(self) -> str:
        return f"{self.session} {self.total} 分"


class ProjectScore(models.Model):
    project = models.OneToOneField(
        PublishedProject, on_delete=models.CASCADE, related_name="execution_score"
    )
    year = models.PositiveSmallIntegerField("年度")
    mode = models.CharField("计分方式", max_length=14)
    total = models.DecimalField("得分（各期均值）", max_digits=5, decimal_places=2)
    sessions = models.PositiveSmallIntegerField("计分期数")
    policy_id = models.CharField("政策包", max_length=64)
    policy_hash = models.CharField("政策包版本", max_length=64)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "项目执行评分"
        ordering = ["-total", "project__number"]
        indexes = [models.Index(fields=["year", "total"])]

    def __str__(self) -> str:
        return f"{self.project} {self.total} 分"
