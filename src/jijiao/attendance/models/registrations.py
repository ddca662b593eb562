"""A person registered for a session."""

from django.db import models

from jijiao.hosting.models import Session
from jijiao.orgs.models import Account, Person


class Registration(models.Model):
    class State(models.TextChoices):
        REGISTERED = "registered", "已报名"
        CANCELLED = "cancelled", "已取消"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.REGISTERED: {State.CANCELLED},
        State.CANCELLED: {State.REGISTERED},
    }

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.REGISTERED)
    registered_at = models.DateTimeField("报名时间")
    registered_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    warnings = models.JSONField("提示", default=list, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "报名"
        ordering = ["session", "registered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} → {self.session}"
