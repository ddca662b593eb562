"""City training plans (seed 003 第十一条, 附件2《长沙市市级继续医学教育计划申请表》).

A city may run a plan call instead of a project call: each unit submits a half-year plan, one
row per training, and the office approves rows as projects on the city's list.
"""

from django.db import models

from jijiao.orgs.models import Account, Unit
from jijiao.projects.models.applications import Format
from jijiao.projects.models.calls import Call
from jijiao.projects.models.publication import PublishedProject


class TrainingPlan(models.Model):
    """One unit's plan in a plan call. The call's window is the deadline (Changsha: 03-31 for
    the first half, 07-31 for the second); ``half`` is the half-year the deadline falls in."""

    class Half(models.IntegerChoices):
        FIRST = 1, "上半年"
        SECOND = 2, "下半年"

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交，待审核"
        DECIDED = "decided", "已审核"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.DRAFT: {State.SUBMITTED},
        State.SUBMITTED: {State.DECIDED},
    }

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="plans")
    unit = models.ForeignKey(
        Unit, verbose_name="填报单位", on_delete=models.PROTECT, related_name="training_plans"
    )
    half = models.PositiveSmallIntegerField("半年", choices=Half.choices)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间")
    updated_at = models.DateTimeField("修改时间")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "培训计划"
        ordering = ["-call__year", "call", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["call", "unit"], name="training_plan_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.call.year}年{self.get_half_display()}培训计划"

    @property
    def editable(self) -> bool:
        return self.state == self.State.DRAFT


class PlanRow(models.Model):
    """One training of a plan, with the columns of 附件2, and the office's decision on it."""

    class State(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "未批准"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.PENDING: {State.APPROVED, State.REJECTED},
    }

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField("序号")
    name = models.CharField("培训名称", max_length=120)
    content = models.CharField("培训内容", max_length=400)
    audience = models.CharField("培训对象", max_length=120)
    time_text = models.CharField("培训时间", max_length=60)
    place = models.CharField("培训地点", max_length=120)
    numbers = models.PositiveIntegerField("培训人数")
    organiser = models.CharField("承办单位", max_length=120)
    format = models.CharField(
        "培训方式", max_length=10, choices=Format.choices, default=Format.OFFLINE
    )
    credits = models.DecimalField("拟授学分", max_digits=4, decimal_places=1)
    note = models.CharField("备注", max_length=200, blank=True)
    state = models.CharField(
        "审核结果", max_length=10, choices=State.choices, default=State.PENDING
    )
    decision_note = models.CharField("审核意见", max_length=200, blank=True)
    published = models.OneToOneField(
        PublishedProject,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_row",
    )

    class Meta:
        verbose_name = "培训计划条目"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
