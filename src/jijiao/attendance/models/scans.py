"""Sign-in and sign-out windows and the scans: every scan is kept with its reason; the
accepted ones are the marks."""

from django.db import models
from django.db.models import Q

from jijiao.hosting.models import Session
from jijiao.orgs.models import Account, Person


class Kind(models.TextChoices):
    SIGN_IN = "in", "签到"
    SIGN_OUT = "out", "签退"


class CheckWindow(models.Model):
    """A time the host set for signing in or out; a multi-day session has one pair per day."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="windows")
    kind = models.CharField("类型", max_length=3, choices=Kind.choices)
    opens_at = models.DateTimeField("开始")
    closes_at = models.DateTimeField("结束")

    class Meta:
        verbose_name = "签到时段"
        ordering = ["session", "opens_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.opens_at:%m-%d %H:%M}–{self.closes_at:%H:%M}"

    def contains(self, moment) -> bool:
        """Both ends included."""
        return self.opens_at <= moment <= self.closes_at


class Scan(models.Model):
    """One scan as it happened, with its outcome and, when not accepted, the reason."""

    class Source(models.TextChoices):
        QR = "qr", "学员扫签到码"
        STAFF = "staff", "工作人员扫学员码"
        OFFLINE = "offline", "离线设备上传"

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "已记录"
        DUPLICATE = "duplicate", "重复扫码（不重复记录）"
        REFUSED = "refused", "未记录"

    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.PROTECT, related_name="scans"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="scans"
    )
    kind = models.CharField("类型", max_length=3, choices=Kind.choices, blank=True)
    window = models.ForeignKey(
        CheckWindow, null=True, blank=True, on_delete=models.PROTECT, related_name="scans"
    )
    source = models.CharField("方式", max_length=8, choices=Source.choices)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    reason_code = models.CharField("原因代码", max_length=32, blank=True)
    reason = models.CharField("原因", max_length=200, blank=True)
    scanned_at = models.DateTimeField("扫码时间")
    received_at = models.DateTimeField("接收时间")
    by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nonce = models.CharField("客户端编号", max_length=64, null=True, blank=True)
    address = models.GenericIPAddressField("来源地址", null=True, blank=True)

    class Meta:
        verbose_name = "扫码记录"
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nonce"], condition=Q(nonce__isnull=False), name="scan_nonce_once"
            ),
            models.UniqueConstraint(
                fields=["window", "person"],
                condition=Q(outcome="accepted"),
                name="scan_accepted_once_per_window",
            ),
        ]
        indexes = [models.Index(fields=["session", "person"])]

    def __str__(self) -> str:
        return f"{self.scanned_at:%Y-%m-%d %H:%M:%S} {self.get_outcome_display()}"


class AcceptedManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(outcome=Scan.Outcome.ACCEPTED)


class Mark(Scan):
    """A sign-in or sign-out: the accepted scans (one per window and person)."""

    objects = AcceptedManager()

    class Meta:
        proxy = True
        verbose_name = "签到签退"

    @property
    def at(self):
        return self.scanned_at
