"""Expert review: the criteria an office sets for a call, assignments, scores and opinions."""

from django.db import models

from jijiao.orgs.models import Account
from jijiao.projects.models.applications import Application
from jijiao.projects.models.calls import Call


class ReviewCriterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField("序号")
    name = models.CharField("评审指标", max_length=80)
    weight = models.PositiveSmallIntegerField("权重（分值）")
    required = models.BooleanField("必评项", default=True)

    class Meta:
        verbose_name = "评审指标"
        ordering = ["call", "position"]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight} 分）"


class ReviewAssignment(models.Model):
    """An application given to a reviewer; the reviewer may declare a conflict instead."""

    class State(models.TextChoices):
        ASSIGNED = "assigned", "待评审"
        SUBMITTED = "submitted", "已评审"
        CONFLICT = "conflict", "已申报回避"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.ASSIGNED: {State.SUBMITTED, State.CONFLICT},
    }

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="reviews")
    state = models.CharField(max_length=10, choices=State.choices, default=State.ASSIGNED)
    assigned_at = models.DateTimeField("分配时间")
    assigned_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    # The office's own date: no notice sets how long experts have, so each assignment says.
    due_at = models.DateTimeField("评审截止", null=True, blank=True)
    opinion = models.TextField("评审意见", blank=True)
    conflict_note = models.CharField("回避理由", max_length=200, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    total = models.DecimalField("总分", max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "评审分配"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_once_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} / {self.reviewer}"


class ReviewScore(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.PROTECT)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = "评审得分"
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.score}"
