"""The execution report of a session (执行情况, seed 001 附件2/附件3; seed 004 五/六): what was
actually held, the materials, the textbooks, and the offices' decisions."""

from django.db import models

from jijiao.hosting.models import Session
from jijiao.orgs.models import Account, Person, Unit
from jijiao.projects.models import Format


class ExecutionReport(models.Model):
    """One report per session: draft → submitted (stage by stage) → accepted / returned /
    rejected. The credits follow an acceptance (``credited``) unless the pack withholds them."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已上报，审核中"
        RETURNED = "returned", "已退回修改"
        ACCEPTED = "accepted", "审核通过"
        REJECTED = "rejected", "审核不通过"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.DRAFT: {State.SUBMITTED},
        State.RETURNED: {State.SUBMITTED},
        State.SUBMITTED: {State.ACCEPTED, State.RETURNED, State.REJECTED},
    }

    session = models.OneToOneField(
        Session, on_delete=models.PROTECT, related_name="execution_report"
    )
    held = models.BooleanField("已按期举办", default=True)
    not_held_reason = models.CharField("未举办原因", max_length=300, blank=True)
    actual_start = models.DateField("实际开始日期", null=True, blank=True)
    actual_end = models.DateField("实际结束日期", null=True, blank=True)
    actual_days = models.DecimalField(
        "实际举办天数", max_digits=4, decimal_places=1, null=True, blank=True
    )
    actual_hours = models.DecimalField(
        "实际学时数（远程项目）", max_digits=6, decimal_places=2, null=True, blank=True
    )
    venue = models.CharField("实际举办地点", max_length=120, blank=True)
    venue_province = models.CharField("举办地所在省份", max_length=20, blank=True)
    scenic_area = models.BooleanField("在风景名胜区举办", default=False)
    format = models.CharField(
        "实际举办形式", max_length=10, choices=Format.choices, default=Format.OFFLINE
    )
    # 附件2 课件管理（线上部分）: progress bar cannot be dragged, no parallel courseware, and
    # learning-state detection — one yes/no on the form.
    courseware_controls = models.BooleanField("课件管理符合要求", null=True, blank=True)
    upload_cycle_months = models.PositiveSmallIntegerField(
        "执行情况上传周期（月，远程项目）", null=True, blank=True
    )
    analysis = models.TextField("实际培训效果分析", blank=True)
    problems = models.TextField("存在的问题与建议", blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    reported_on = models.DateField("上报日期", null=True, blank=True)
    submitted_at = models.DateTimeField("最近提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    findings = models.JSONField("检查结果", default=list, blank=True)
    policy_id = models.CharField("政策包", max_length=64, blank=True)
    policy_hash = models.CharField("政策包版本", max_length=64, blank=True)
    # The offices that review it, fixed on submission: [{"stage", "office", "name"}, …].
    chain = models.JSONField("审核流程", default=list, blank=True)
    stage_index = models.PositiveSmallIntegerField("当前审核环节", default=0)
    decided_at = models.DateTimeField("审核完成时间", null=True, blank=True)
    credited = models.BooleanField("已授予学分", default=False)
    granted_at = models.DateTimeField("授分时间", null=True, blank=True)
    grant = models.JSONField("授分结果", default=dict, blank=True)
    no_credit_reason = models.CharField("不授学分原因", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间")
    updated_at = models.DateTimeField("修改时间")

    class Meta:
        verbose_name = "执行情况"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.session} 执行情况"

    @property
    def editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def stage(self) -> dict | None:
        """The stage the report waits at while submitted."""
        if self.state != self.State.SUBMITTED or self.stage_index >= len(self.chain):
            return None
        return self.chain[self.stage_index]


class ReportTopic(models.Model):
    """A row of 附件2 教学情况: topic and teacher; 学时 feeds the lecturer's credits."""

    report = models.ForeignKey(ExecutionReport, on_delete=models.CASCADE, related_name="topics")
    position = models.PositiveSmallIntegerField("序号")
    topic = models.CharField("授课题目", max_length=120)
    teacher_name = models.CharField("授课教师", max_length=40)
    teacher_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hours = models.DecimalField("学时", max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "授课情况"
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return f"{self.topic}（{self.teacher_name}）"


class ReportFile(models.Model):
    """A material of the report, its type read from the content (uploads.py)."""

    class Kind(models.TextChoices):
        BANNER_PHOTO = "banner_photo", "会场照片（显示会议条幅）"
        FULL_VIEW_PHOTO = "full_view_photo", "会场照片（学员全景）"
        VIDEO = "video", "会场视频"
        EXAM_QUESTIONS = "exam_questions", "考试试题"
        ATTENDEE_LIST = "attendee_list", "学员名册（签字版）"
        # Seed 004 五: the live platform from its home page to the trainees' accumulated time.
        SCREEN_RECORDING = "screen_recording", "直播平台录屏（线上举办：首页至学员累计学时数）"
        OTHER = "other", "其他材料"

    report = models.ForeignKey(ExecutionReport, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("材料类型", max_length=16, choices=Kind.choices)
    file = models.FileField("文件", upload_to="execution/%Y/%m/", max_length=200)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=80)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "执行情况材料"
        ordering = ["report", "kind", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"


class Textbook(models.Model):
    """A textbook used (seed 001 附件3 国家级继续医学教育项目教材使用情况简介表)."""

    class Form(models.TextChoices):
        TEXT = "text", "文字教材"
        AUDIOVISUAL = "audiovisual", "音像教材"

    report = models.ForeignKey(ExecutionReport, on_delete=models.CASCADE, related_name="textbooks")
    name = models.CharField("教材名称", max_length=160)
    written_on = models.DateField("编写时间")
    authors = models.CharField("编写人员或编写单位", max_length=200)
    form = models.CharField("教材形式", max_length=12, choices=Form.choices, default=Form.TEXT)
    word_count = models.PositiveIntegerField("教材字数", null=True, blank=True)
    hours = models.DecimalField("讲授时间（学时）", max_digits=5, decimal_places=2)
    contents = models.TextField("教材目录或内容概述")
    added_at = models.DateTimeField("添加时间")

    class Meta:
        verbose_name = "教材使用情况"
        ordering = ["report", "added_at", "id"]

    def __str__(self) -> str:
        return self.name


class ReportDecision(models.Model):
    """One office's decision on a report, kept in order: who, which office, what, why."""

    class Action(models.TextChoices):
        ACCEPTED = "accepted", "审核通过"
        RETURNED = "returned", "退回修改"
        REJECTED = "rejected", "审核不通过"

    report = models.ForeignKey(ExecutionReport, on_delete=models.CASCADE, related_name="decisions")
    stage = models.CharField("审核环节", max_length=10)
    office = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    action = models.CharField("审核结果", max_length=10, choices=Action.choices)
    note = models.CharField("审核意见", max_length=500, blank=True)
    at = models.DateTimeField("审核时间")
    by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "执行情况审核记录"
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.office} {self.get_action_display()}"
