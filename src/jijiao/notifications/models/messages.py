"""Messages in a person's inbox, their e-mail preferences, and the reminders already sent."""

from django.conf import settings
from django.db import models

from jijiao.notifications.kinds import Kind


class Message(models.Model):
    """One message to one account: what happened, to what, what to do next, and where."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="收件人",
        on_delete=models.CASCADE,
        related_name="messages",
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间")
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    # Handed to the channels (e-mail …): set once, before sending, so a task delivered twice
    # (a restarted worker) sends each message once.
    delivered_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The header's unread count: recipient's messages with read_at null.
            models.Index(fields=["recipient", "read_at"], name="notif_msg_unread"),
        ]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """A person's choice to receive (or not) e-mail for one kind; no row means e-mail on."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    email = models.BooleanField("发送邮件", default=True)

    class Meta:
        verbose_name = "通知设置"
        constraints = [
            models.UniqueConstraint(fields=["account", "kind"], name="notif_pref_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {'邮件' if self.email else '仅站内'}"


class SentReminder(models.Model):
    """A reminder already sent: one per account, item (its url and deadline) and threshold."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    url = models.CharField(max_length=300)
    deadline = models.DateTimeField()
    threshold = models.PositiveSmallIntegerField("提前天数")
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = "已发送的提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["account", "url", "deadline", "threshold"], name="notif_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.url} @ {self.deadline:%Y-%m-%d} ({self.threshold})"
