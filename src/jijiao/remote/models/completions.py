"""Completion lists (完成学习人员名单): drawn from the progress data or uploaded by the provider,
reviewed by the city against the progress data, approved into credit-ledger rows."""

from django.db import models

from jijiao.orgs.models import Account, Person
from jijiao.remote.models.courses import Course
from jijiao.remote.models.progress import Enrolment
from jijiao.remote.models.providers import Provider


class CompletionList(models.Model):
    class Source(models.TextChoices):
        PROGRESS = "progress", "本系统学习记录"
        UPLOAD = "upload", "机构上传"

    class State(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "已退回"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.SUBMITTED: {State.APPROVED, State.REJECTED},
    }

    provider = models.ForeignKey(
        Provider, verbose_name="机构", on_delete=models.PROTECT, related_name="completion_lists"
    )
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    state = models.CharField("状态", max_length=10, choices=State.choices)
    # The uploaded workbook itself is not kept: it holds ID numbers in clear text. Its name
    # (masked) and hash say which file it was.
    original_name = models.CharField("文件名", max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField("提交时间")
    created_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.CharField("审核意见", max_length=300, blank=True)
    credited_count = models.PositiveIntegerField("授分人次", default=0)

    class Meta:
        verbose_name = "完成学习名单"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.provider} 完成名单 #{self.pk}"


class CompletionRow(models.Model):
    """One person × course on a list, with what the progress data says about it."""

    class Verdict(models.TextChoices):
        MATCHES = "matches", "与学习记录一致"
        NO_DATA = "no_data", "无本系统学习记录"
        SHORT = "short", "学习记录不足"

    completion_list = models.ForeignKey(
        CompletionList, on_delete=models.CASCADE, related_name="rows"
    )
    row_number = models.PositiveIntegerField("行号")
    person = models.ForeignKey(Person, verbose_name="学员", on_delete=models.PROTECT)
    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.PROTECT)
    minutes = models.PositiveIntegerField("学习时长（分钟）")
    completed_on = models.DateField("完成日期")
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    progress_minutes = models.PositiveIntegerField("学习记录时长（分钟）", null=True, blank=True)
    verdict = models.CharField("核对结果", max_length=10, choices=Verdict.choices)
    verdict_note = models.CharField("核对说明", max_length=300, blank=True)
    included = models.BooleanField("计入授分", default=True)
    exclusion_reason = models.CharField("剔除原因", max_length=300, blank=True)
    # The credit-ledger row the approval created (or found, when the provider's completion
    # was already in the ledger).
    ledger_entry = models.ForeignKey(
        "credits.LedgerEntry",
        verbose_name="学分记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "完成学习记录"
        ordering = ["completion_list", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["completion_list", "person", "course"], name="remote_row_once_per_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.course} {self.minutes} 分钟"
