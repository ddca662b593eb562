"""Applications (申报): the project fields, the schedule, attachments, and the trail the PI sees."""

from django.db import models

from jijiao.common.vocab import Track
from jijiao.orgs.models import Account, Person, Unit
from jijiao.projects.models.calls import Call


class Format(models.TextChoices):
    OFFLINE = "offline", "线下"
    ONLINE = "online", "线上"
    BLENDED = "blended", "线上线下结合"


class ThemeKind(models.TextChoices):
    TRAINING = "training", "培训班/学习班"
    ACADEMIC_CONFERENCE = "academic_conference", "学术会议"
    FORUM = "forum", "论坛"
    LECTURE = "lecture", "系列讲座"
    ANNUAL_MEETING = "annual_meeting", "年会"
    WORK_MEETING = "work_meeting", "工作会议"


class Application(models.Model):
    """One application of a call, from draft to decision (domain.md §4)."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交，待单位审核"
        RETURNED = "returned", "已退回修改"
        RECOMMENDED = "recommended", "单位已推荐"
        UNDER_REVIEW = "under_review", "评审中"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "未批准"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.DRAFT: {State.SUBMITTED},
        State.RETURNED: {State.SUBMITTED},
        State.SUBMITTED: {State.RETURNED, State.RECOMMENDED},
        State.RECOMMENDED: {State.RETURNED, State.UNDER_REVIEW},
        State.UNDER_REVIEW: {State.RETURNED, State.APPROVED, State.REJECTED},
    }

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    unit = models.ForeignKey(
        Unit, verbose_name="申报单位", on_delete=models.PROTECT, related_name="applications"
    )
    pi = models.ForeignKey(
        Person, verbose_name="项目负责人", on_delete=models.PROTECT, related_name="applications"
    )
    created_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("项目名称", max_length=120)
    summary = models.TextField("项目简介", blank=True)
    track = models.CharField("申报类型", max_length=10, choices=Track.choices, default=Track.NEW)
    theme_kind = models.CharField(
        "主题类型", max_length=24, choices=ThemeKind.choices, default=ThemeKind.TRAINING
    )
    discipline = models.CharField("学科", max_length=5, blank=True)
    # A TCM project goes to the call's TCM office where the pack routes it (seed 003 第七条).
    tcm = models.BooleanField("中医类项目", default=False)
    format = models.CharField(
        "举办方式", max_length=10, choices=Format.choices, default=Format.OFFLINE
    )
    sessions = models.PositiveSmallIntegerField("举办期数", null=True, blank=True)
    enrollment_per_session = models.PositiveIntegerField("每期拟招生人数", null=True, blank=True)
    venue = models.CharField("举办地点", max_length=120, blank=True)
    venue_is_own_unit = models.BooleanField("在本单位举办", default=True)
    target_trainees = models.CharField("教学对象", max_length=120, blank=True)
    fees = models.CharField("收费情况", max_length=60, blank=True, default="不收费")
    requested_credits = models.DecimalField(
        "申请学分", max_digits=4, decimal_places=1, null=True, blank=True
    )
    out_of_province_trainees = models.PositiveIntegerField(
        "拟招收外省学员数", null=True, blank=True
    )
    # The fields the call's pack declares beyond these (APP_FIELD_MISSING): key → text.
    declared_fields = models.JSONField("政策包要求的其他填写项", default=dict, blank=True)
    state = models.CharField("状态", max_length=14, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    findings = models.JSONField("预审结果", default=list, blank=True)
    figures = models.JSONField("学时与学分", default=dict, blank=True)
    policy_id = models.CharField("政策包", max_length=64, blank=True)
    policy_hash = models.CharField("政策包版本", max_length=64, blank=True)
    number = models.CharField("项目编号", max_length=40, blank=True, db_index=True)
    # The call's level, copied with the number: one number per level, held by the database.
    number_level = models.CharField("编号级别", max_length=12, blank=True)
    decided_at = models.DateTimeField("批准时间", null=True, blank=True)
    decision_reason = models.TextField("批准意见", blank=True)
    created_at = models.DateTimeField("创建时间")
    updated_at = models.DateTimeField("修改时间")

    class Meta:
        verbose_name = "项目申报"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["call", "unit", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["number_level", "number"],
                condition=~models.Q(number=""),
                name="application_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class CourseRow(models.Model):
    """One row of the schedule: topic, teacher, kind and minutes."""

    class Kind(models.TextChoices):
        THEORY = "theory", "理论授课"
        PRACTICAL = "practical", "实践操作演示"
        NON_TEACHING = "non_teaching", "非授课（报到、开幕式等）"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="courses")
    position = models.PositiveSmallIntegerField("序号")
    topic = models.CharField("授课题目", max_length=120)
    kind = models.CharField("类型", max_length=14, choices=Kind.choices)
    minutes = models.PositiveSmallIntegerField("时长（分钟）")
    discipline = models.CharField("课程学科", max_length=5, blank=True)
    teacher_person = models.ForeignKey(
        Person, verbose_name="授课教师（系统内）", null=True, blank=True, on_delete=models.PROTECT
    )
    teacher_name = models.CharField("教师姓名", max_length=40, blank=True)
    teacher_title = models.CharField("教师职称", max_length=4, blank=True)
    teacher_unit = models.CharField("教师单位", max_length=120, blank=True)
    teacher_specialty = models.CharField("教师专业", max_length=5, blank=True)

    class Meta:
        verbose_name = "授课安排"
        ordering = ["application", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.topic}"


class Attachment(models.Model):
    """A PDF/JPG/PNG of at most 15 MB whose type was checked from its content."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="applications/%Y/%m/")
    # The kind the call's pack declares (APP_ATTACHMENT_MISSING), e.g. ``pi_pledge``; blank: other.
    kind = models.CharField("附件类别", max_length=40, blank=True)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=40)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "申报附件"

    def __str__(self) -> str:
        return self.original_name


class ApplicationEvent(models.Model):
    """A step of an application, shown to the PI: who, when, from which state to which, why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(Account, null=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField("办理人", max_length=120)
    action = models.CharField("操作", max_length=40)
    from_state = models.CharField(max_length=14, blank=True)
    to_state = models.CharField(max_length=14, blank=True)
    note = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "申报办理记录"
        ordering = ["application", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class PaperReceipt(models.Model):
    """The office's record that a unit's stamped paper set for a call arrived (缺一不可)."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="paper_receipts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField("收到时间")
    recorded_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "纸质材料接收"
        constraints = [
            models.UniqueConstraint(fields=["call", "unit"], name="paper_receipt_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.received_at:%Y-%m-%d %H:%M}"


class NumberSeries(models.Model):
    """The last serial given in one series of project numbers (level, year, discipline).

    A decision takes the row under ``SELECT … FOR UPDATE`` and counts on from it, so two
    decisions at the same moment wait for each other instead of reading the same count."""

    level = models.CharField("项目级别", max_length=12)
    year = models.PositiveSmallIntegerField("年度")
    discipline = models.CharField("学科", max_length=5)
    last_serial = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "项目编号序列"
        constraints = [
            models.UniqueConstraint(
                fields=["level", "year", "discipline"], name="number_series_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.level} {self.discipline}: {self.last_serial}"
