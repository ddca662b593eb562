"""Sessions (期/班次) of a published project, their filing (举办报备) and recorded changes."""

from django.db import models

from jijiao.orgs.models import Account
from jijiao.projects.models import Format, PublishedProject


class Session(models.Model):
    """One session of a published project (domain.md §4): planned → filed → accepted."""

    class State(models.TextChoices):
        PLANNED = "planned", "未报备"
        FILED = "filed", "已报备，待审核"
        ACCEPTED = "accepted", "报备已通过"
        RETURNED = "returned", "报备已退回"

    # A session trainees may sign in to (the QR scan's statement checks it in SQL too).
    FILED_STATES = (State.FILED, State.ACCEPTED)

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.PLANNED: {State.FILED},
        State.RETURNED: {State.FILED},
        State.FILED: {State.ACCEPTED, State.RETURNED},
    }

    project = models.ForeignKey(
        PublishedProject, verbose_name="项目", on_delete=models.PROTECT, related_name="sessions"
    )
    sequence = models.PositiveSmallIntegerField("期次")
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    venue = models.CharField("举办地点", max_length=120)
    scenic_area = models.BooleanField("位于风景名胜区", default=False)
    format = models.CharField(
        "举办方式", max_length=10, choices=Format.choices, default=Format.OFFLINE
    )
    days = models.DecimalField("天数", max_digits=4, decimal_places=1)
    capacity = models.PositiveIntegerField("计划招生人数")
    # One a line: 姓名，职称，专业，理论/实践 (jijiao.hosting.teachers; only the name is needed).
    teachers = models.TextField("授课教师（每行一人）", blank=True)
    # Teaching 学时 of the session as planned; a pack may forbid fewer than approved.
    hours = models.DecimalField("计划学时", max_digits=5, decimal_places=1, null=True, blank=True)
    schedule = models.TextField("日程安排", blank=True)
    policy_id = models.CharField("政策包", max_length=64)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PLANNED)
    created_at = models.DateTimeField("创建时间")
    created_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "举办期次"
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "sequence"], name="session_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project.name} 第{self.sequence}期"

    @property
    def level(self) -> str:
        return self.project.level

    @property
    def host(self):
        return self.project.host

    @property
    def teacher_names(self) -> list[str]:
        """The names, one a line; a line may go on with the title, specialty and kind
        (jijiao.hosting.teachers)."""
        from jijiao.hosting.teachers import names

        return names(self.teachers)

    @property
    def is_filed(self) -> bool:
        return self.state in self.FILED_STATES


class Filing(models.Model):
    """The host's filing of a session: the notice as issued, its stamped scan, the findings."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        FILED = "filed", "已报备，待审核"
        ACCEPTED = "accepted", "已通过"
        RETURNED = "returned", "已退回"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.DRAFT: {State.FILED},
        State.RETURNED: {State.FILED},
        State.FILED: {State.ACCEPTED, State.RETURNED},
    }

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="filing")
    notice_name = models.CharField("通知所载项目名称", max_length=160, blank=True)
    notice_number = models.CharField("通知所载项目编号", max_length=40, blank=True)
    notice_host = models.CharField("通知所载主办单位", max_length=120, blank=True)
    fee_statement = models.CharField("收费说明", max_length=120, blank=True)
    registration_date = models.DateField("报到日期", null=True, blank=True)
    notice_start = models.DateField("通知所载开始日期", null=True, blank=True)
    notice_end = models.DateField("通知所载结束日期", null=True, blank=True)
    notice_format = models.CharField("通知所载举办方式", max_length=20, blank=True)
    notice_venue = models.CharField("通知所载举办地点", max_length=120, blank=True)
    contact = models.CharField("联系人", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    name_prefix_approved = models.BooleanField("名称冠字已获批准", default=False)
    # The content the host declares (seed 004 三: not to change after approval), prefilled from
    # the approved application's 项目简介 and compared with it (FIL_CHANGED_AFTER_APPROVAL).
    content = models.TextField("项目内容", blank=True)
    notice_scan = models.FileField("盖章通知扫描件", upload_to="filings/%Y/%m/", blank=True)
    notice_scan_name = models.CharField("扫描件文件名", max_length=200, blank=True)
    notice_scan_type = models.CharField("扫描件类型", max_length=40, blank=True)
    notice_scan_size = models.PositiveIntegerField("扫描件大小（字节）", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    filed_on = models.DateField("报备日期", null=True, blank=True)
    filed_at = models.DateTimeField("报备时间", null=True, blank=True)
    filed_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The session as filed (dates, venue, format, days, teachers): what the execution score
    # compares the session as held with; later changes are SessionChange rows.
    planned = models.JSONField("报备时的举办安排", default=dict, blank=True)
    findings = models.JSONField("检查结果", default=list, blank=True)
    result = models.JSONField("检查数据", default=dict, blank=True)
    policy_hash = models.CharField("政策包版本", max_length=64, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "举办报备"

    def __str__(self) -> str:
        return f"{self.session} 报备"


class SessionChange(models.Model):
    """A change of a filed session's dates, venue, format, duration or teachers, with its
    reason: the execution score compares what was filed with what was held."""

    class Field(models.TextChoices):
        STARTS_AT = "starts_at", "开始时间"
        ENDS_AT = "ends_at", "结束时间"
        VENUE = "venue", "举办地点"
        SCENIC_AREA = "scenic_area", "位于风景名胜区"
        FORMAT = "format", "举办方式"
        DAYS = "days", "天数"
        TEACHERS = "teachers", "授课教师"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField("变更项", max_length=12, choices=Field.choices)
    before = models.TextField("变更前")
    after = models.TextField("变更后")
    reason = models.CharField("变更原因", max_length=300)
    at = models.DateTimeField("变更时间")
    by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "举办变更"
        ordering = ["session", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_field_display()}：{self.before} → {self.after}"
