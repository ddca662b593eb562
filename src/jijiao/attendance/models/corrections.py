"""Corrections of attendance by the host, with their reasons."""

from django.db import models

from jijiao.hosting.models import Session
from jijiao.orgs.models import Account, Person


class AttendanceCorrection(models.Model):
    """The only hand edit of attendance: a sign-in, sign-out or online minutes set by the
    host, with a reason and evidence. Once a unit admin of the host unit other than the one who
    recorded it approves it, the eligibility rules read the corrected value."""

    class State(models.TextChoices):
        PENDING = "pending", "待单位审核"
        APPROVED = "approved", "单位已同意"
        REJECTED = "rejected", "单位不同意"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {State.PENDING: {State.APPROVED, State.REJECTED}}

    class Field(models.TextChoices):
        SIGN_IN = "sign_in", "签到时间"
        SIGN_OUT = "sign_out", "签退时间"
        ONLINE_MINUTES = "online_minutes", "在线时长（分钟）"

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="corrections")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    field = models.CharField("更正项", max_length=16, choices=Field.choices)
    value_at = models.DateTimeField("更正为（时间）", null=True, blank=True)
    minutes = models.PositiveIntegerField("更正为（分钟）", null=True, blank=True)
    reason = models.CharField("更正原因", max_length=300)
    evidence = models.FileField("证明材料", upload_to="attendance/corrections/%Y/%m/")
    evidence_name = models.CharField("证明材料文件名", max_length=200)
    evidence_type = models.CharField("证明材料类型", max_length=40)
    at = models.DateTimeField("更正时间")
    by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        "审核状态", max_length=10, choices=State.choices, default=State.PENDING
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.CharField("审核意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "考勤更正"
        ordering = ["session", "at", "id"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_field_display()}"
