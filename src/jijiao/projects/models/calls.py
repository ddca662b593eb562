"""Application calls (申报通知): an office opens one for a level and year with its policy pack."""

from django.db import models

from jijiao.common.vocab import Level
from jijiao.orgs.models import Unit


class Call(models.Model):
    """A call for applications. Its window starts as the pack's ``APP_WINDOW`` and can be
    extended or closed early, each with a logged reason. ``policy_hash`` pins the pack's content
    the call was opened with."""

    class Kind(models.TextChoices):
        PROJECT = "project", "项目申报"
        PLAN = "plan", "培训计划"

    class State(models.TextChoices):
        OPEN = "open", "申报中"
        CLOSED = "closed", "已截止"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.OPEN: {State.OPEN, State.CLOSED},  # an extension keeps it open
        State.CLOSED: {State.OPEN},  # an extension after the close reopens it
    }

    title = models.CharField("通知名称", max_length=160)
    level = models.CharField("项目级别", max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.PROJECT)
    office = models.ForeignKey(
        Unit, verbose_name="受理部门", on_delete=models.PROTECT, related_name="calls"
    )
    policy_id = models.CharField("政策包", max_length=64)
    policy_hash = models.CharField("政策包版本", max_length=64)
    opens_at = models.DateTimeField("申报开始")
    closes_at = models.DateTimeField("申报截止")
    paper_deadline = models.DateTimeField("纸质材料截止", null=True, blank=True)
    # Where the pack routes TCM projects (seed 003 第七条: 市卫生健康委中医处): that office takes
    # in, reviews and decides the call's applications marked 中医类; empty: the call's office.
    tcm_office = models.ForeignKey(
        Unit,
        verbose_name="中医类项目受理部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tcm_calls",
    )
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.OPEN)
    notice_text = models.TextField("通知说明", blank=True)
    opened_at = models.DateTimeField("发布时间")
    opened_by = models.ForeignKey(
        "orgs.Account", on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = "申报通知"
        ordering = ["-year", "-opens_at"]

    def __str__(self) -> str:
        return self.title

    def accepts_at(self, moment) -> bool:
        """Inside the window, both ends included (rules.md APP_WINDOW)."""
        return self.state == self.State.OPEN and self.opens_at <= moment <= self.closes_at
