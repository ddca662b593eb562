"""Learning progress: who studies which course, how far into each video, every heartbeat with
its outcome, the presence checks and the exam attempts.

Heartbeats are records of their own, not audit-log entries: they are many, and each already
says who, when, what and why it was refused.
"""

from django.db import models

from jijiao.orgs.models import Account, Person
from jijiao.remote.models.courses import Course, CourseVideo


class Enrolment(models.Model):
    """A person studying a course (学习记录): totals over its videos and the completion."""

    person = models.ForeignKey(
        Person, verbose_name="学员", on_delete=models.PROTECT, related_name="remote_enrolments"
    )
    course = models.ForeignKey(
        Course, verbose_name="课程", on_delete=models.PROTECT, related_name="enrolments"
    )
    started_at = models.DateTimeField("开始学习时间")
    last_heartbeat_at = models.DateTimeField("最近学习时间", null=True, blank=True)
    watched_seconds = models.FloatField("有效学习时长（秒）", default=0)
    # Playing time since the last presence check was issued; the next one is due at the
    # course's interval.
    play_since_check = models.FloatField(default=0)
    exam_passed_at = models.DateTimeField("考核通过时间", null=True, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "学习记录"
        ordering = ["-started_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "course"], name="remote_enrolment_once")
        ]

    def __str__(self) -> str:
        return f"{self.person.name}：{self.course}"

    @property
    def watched_minutes(self) -> int:
        return int(self.watched_seconds // 60)


class VideoProgress(models.Model):
    """How far a person is into one video, as the accepted heartbeats say.

    ``covered`` is the list of merged ``[start, end]`` second ranges watched under accepted
    heartbeats; ``watched_seconds`` is their total, so watching a part twice counts once.
    ``anchor_at`` is when the server last heard from this player (any heartbeat, or a late
    presence answer): a position may advance at most by the real time since then.
    ``last_played_at`` is the last accepted heartbeat that said "playing": a video counts as
    running (for the one-course-at-a-time rule) while that is recent.
    """

    class State(models.TextChoices):
        PLAYING = "playing", "播放中"
        PAUSED = "paused", "已暂停"
        ENDED = "ended", "已播完"
        CLOSED = "closed", "已关闭"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="videos")
    video = models.ForeignKey(CourseVideo, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    position = models.FloatField("当前位置（秒）", default=0)
    furthest = models.FloatField("最远观看位置（秒）", default=0)
    covered = models.JSONField(default=list)
    watched_seconds = models.FloatField("有效观看时长（秒）", default=0)
    last_seq = models.BigIntegerField(null=True, blank=True)
    anchor_at = models.DateTimeField(null=True, blank=True)
    # How far the position has run ahead of real time (see ``remote.anticheat``).
    lead = models.FloatField(default=0)
    last_state = models.CharField(max_length=8, choices=State.choices, blank=True)
    last_played_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "视频学习进度"
        ordering = ["enrolment", "video__order"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "video"], name="remote_progress_once")
        ]
        indexes = [models.Index(fields=["person", "last_state"], name="remote_progress_running")]

    def __str__(self) -> str:
        return f"{self.video}：{self.furthest:.0f} 秒"


class Heartbeat(models.Model):
    """One report from a player, accepted or refused, with the reason."""

    class Reason(models.TextChoices):
        OK = "ok", "已接受"
        DUPLICATE = "duplicate", "重复或过期的心跳"
        COURSE_CLOSED = "course_closed", "课程未备案或机构备案无效"
        PARALLEL = "parallel", "同时学习多个课程"
        PRESENCE_MISSED = "presence_missed", "在线确认逾期未答"
        SEEK_AHEAD = "seek_ahead", "拖动进度条越过已学位置"
        FAST_FORWARD = "fast_forward", "快进（播放快于实际时间）"
        GAP = "gap", "心跳间隔过长"
        COMPLETED = "completed", "课程已完成"

    class Via(models.TextChoices):
        PROVIDER = "provider", "机构平台接口"
        PLAYER = "player", "本系统播放器"
        LEARNER = "learner", "学员接口"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="heartbeats")
    video = models.ForeignKey(CourseVideo, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField("接收时间")
    seq = models.BigIntegerField("序号")
    position = models.FloatField("位置（秒）")
    state = models.CharField("播放状态", max_length=8, choices=VideoProgress.State.choices)
    accepted = models.BooleanField("接受")
    reason = models.CharField("结果", max_length=16, choices=Reason.choices)
    credited_seconds = models.FloatField("计入时长（秒）", default=0)
    via = models.CharField("来源", max_length=10, choices=Via.choices)
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "学习心跳"
        ordering = ["received_at", "id"]
        indexes = [
            models.Index(fields=["enrolment", "received_at"], name="remote_heartbeat_enrolment"),
            models.Index(fields=["person", "received_at"], name="remote_heartbeat_person"),
        ]

    def __str__(self) -> str:
        return f"{self.received_at:%H:%M:%S} {self.position:.1f}s {self.get_reason_display()}"


class PresenceCheck(models.Model):
    """A presence prompt (学习状态检测): issued after the course's interval of playing, to be
    answered with its code within the course's window."""

    class State(models.TextChoices):
        PENDING = "pending", "待确认"
        ANSWERED = "answered", "已按时确认"
        LATE = "late", "逾期后确认"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.PENDING: {State.ANSWERED, State.LATE},
    }

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="checks")
    issued_at = models.DateTimeField("弹出时间")
    expires_at = models.DateTimeField("确认时限")
    challenge = models.CharField("确认码", max_length=6)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    answered_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "在线确认"
        ordering = ["enrolment", "issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.issued_at:%H:%M:%S} {self.get_state_display()}"


class ExamAttempt(models.Model):
    """One submitted exam: the answers as given, the score (百分制) and whether it passed."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField("第几次")
    submitted_at = models.DateTimeField("提交时间")
    answers = models.JSONField("作答", default=dict)
    correct = models.PositiveSmallIntegerField("答对题数")
    total = models.PositiveSmallIntegerField("题数")
    score = models.PositiveSmallIntegerField("得分")
    passed = models.BooleanField("合格")
    submitted_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "考核记录"
        ordering = ["enrolment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "number"], name="remote_attempt_once")
        ]

    def __str__(self) -> str:
        return f"第 {self.number} 次：{self.score} 分"
