"""Courses a provider files with the city: videos with their durations, the presence-check
settings, and an optional exam (考核)."""

from django.db import models

from jijiao.common.vocab import Level
from jijiao.orgs.models import Account, Discipline
from jijiao.remote.models.providers import Provider


class Course(models.Model):
    """A filed course. Only an approved course of a registered provider earns credit.

    The presence-check interval and window are filed here by the provider and approved by the
    city with the course: the policy packs have no keys for remote learning (yet).
    """

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        APPROVED = "approved", "已备案"
        RETURNED = "returned", "已退回"
        WITHDRAWN = "withdrawn", "已撤销"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.DRAFT: {State.SUBMITTED},
        State.RETURNED: {State.SUBMITTED},
        State.SUBMITTED: {State.APPROVED, State.RETURNED},
        State.APPROVED: {State.WITHDRAWN},
    }

    Level = Level  # the project vocabulary (common.vocab): a course is filed at a project level

    EDITABLE = (State.DRAFT, State.RETURNED)

    provider = models.ForeignKey(
        Provider, verbose_name="机构", on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField("课程名称", max_length=200)
    discipline = models.ForeignKey(
        Discipline, verbose_name="学科", on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField("项目级别", max_length=12, choices=Level.choices)
    project_number = models.CharField("项目编号", max_length=60, blank=True)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    credits = models.DecimalField("学分", max_digits=4, decimal_places=1)
    presence_interval_seconds = models.PositiveIntegerField(
        "在线确认间隔（秒）", help_text="每播放这么长时间弹出一次在线确认"
    )
    presence_window_seconds = models.PositiveIntegerField(
        "在线确认时限（秒）", help_text="弹出后须在此时间内确认，逾期暂停计时"
    )
    pass_mark = models.PositiveSmallIntegerField(
        "考核合格分（百分制）", null=True, blank=True, help_text="不设考核请留空"
    )
    max_attempts = models.PositiveSmallIntegerField("考核次数上限", default=3)
    description = models.TextField("课程简介", blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField("创建时间")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.CharField("审核意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "远程课程"
        ordering = ["provider", "title", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.state in self.EDITABLE

    @property
    def code(self) -> str:
        """The filing number (备案编号) the ledger records the course under."""
        return f"YC{self.pk}"

    @property
    def has_exam(self) -> bool:
        return self.pass_mark is not None

    @property
    def earns_credit(self) -> bool:
        """Approved, and its provider registered (not suspended, not revoked)."""
        return self.state == self.State.APPROVED and self.provider.registered


class CourseVideo(models.Model):
    """One video of a course. ``file`` is the video our own player plays; a provider that
    plays its videos on its own platform files only the title and duration."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="videos")
    order = models.PositiveSmallIntegerField("序号")
    title = models.CharField("视频标题", max_length=200)
    duration_seconds = models.PositiveIntegerField("时长（秒）")
    file = models.FileField(
        "视频文件", upload_to="remote/videos/%Y/%m/", max_length=200, blank=True
    )
    original_name = models.CharField("文件名", max_length=200, blank=True)
    content_type = models.CharField("文件类型", max_length=40, blank=True)
    size = models.PositiveBigIntegerField("大小", default=0)

    class Meta:
        verbose_name = "课程视频"
        ordering = ["course", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "order"], name="remote_video_order_once")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def duration_label(self) -> str:
        minutes, seconds = divmod(self.duration_seconds, 60)
        return f"{minutes}分{seconds:02d}秒"


class ExamQuestion(models.Model):
    """A single-choice question of a course's exam; every question weighs the same."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="questions")
    order = models.PositiveSmallIntegerField("序号")
    text = models.CharField("题目", max_length=500)
    choices = models.JSONField("选项", default=list)
    answer = models.PositiveSmallIntegerField("正确选项序号（从 0 起）")

    class Meta:
        verbose_name = "考核题目"
        ordering = ["course", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"
