"""Registration, sign-in/out windows and scans, online watch logs, corrections.

A scan — accepted or refused — is a record of its own (``Scan``), not an audit entry. An
accepted scan is the sign-in or sign-out: at most one per window and person (a partial unique
constraint), so scanning twice records once.
"""

from django.db import models
from django.db.models import Q

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


class WatchImport(models.Model):
    """One import of the live platform's watch log; it replaces the session's earlier one."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="watch_imports")
    file_name = models.CharField("文件名", max_length=200)
    file_hash = models.CharField("文件哈希", max_length=64)
    rows = models.PositiveIntegerField("行数")
    people = models.PositiveIntegerField("人数")
    at = models.DateTimeField("导入时间")
    by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "观看记录导入"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.file_name} {self.at:%Y-%m-%d %H:%M}"


class WatchInterval(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="watch_intervals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField("进入时间")
    left_at = models.DateTimeField("离开时间")
    source = models.ForeignKey(WatchImport, on_delete=models.CASCADE, related_name="intervals")

    class Meta:
        verbose_name = "观看时段"
        ordering = ["session", "person", "joined_at"]

    def __str__(self) -> str:
        return f"{self.joined_at:%H:%M}–{self.left_at:%H:%M}"


class AttendanceCorrection(models.Model):
    """The only hand edit of attendance: a sign-in, sign-out or online minutes set by the
    host, with a reason and evidence. The eligibility rules then read the corrected value."""

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

    class Meta:
        verbose_name = "考勤更正"
        ordering = ["session", "at", "id"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_field_display()}"
