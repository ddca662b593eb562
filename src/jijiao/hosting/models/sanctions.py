"""Sanctions (seed 000 三.5, seed 003 第十条, seed 004 五/六/七) and the criticisms that lead to
them. An event (a late report, a low execution rate, an inspection's violation, a criticism the
office enters) **proposes** a sanction by a pack's sanction rule (``SAN_*``,
jijiao.engine.rules.sanctions); the office confirms or dismisses it with a reason. Only confirmed
sanctions are in force (``hosting.queries.sanctions_in_force``)."""

from django.db import models

from jijiao.hosting.models.inspections import Inspection
from jijiao.orgs.models import Account, Person, Unit
from jijiao.projects.models import PublishedProject


class Sanction(models.Model):
    """What an event costs: the leader barred, the unit's quota cut, the unit barred from the
    discipline, or points off the unit's annual assessment."""

    class Kind(models.TextChoices):
        PI_BARRED = "pi_barred", "取消项目负责人申报资格"
        QUOTA_CUT = "quota_cut", "缩减单位申报名额"
        DISCIPLINE_BARRED = "discipline_barred", "取消单位下一年度同专业申报资格"
        ASSESSMENT = "assessment", "扣单位年度考核分"

    class State(models.TextChoices):
        PROPOSED = "proposed", "待确认"
        CONFIRMED = "confirmed", "已确认"
        DISMISSED = "dismissed", "已撤销"

    # A proposal is decided once; a decision stands.
    TRANSITIONS = {State.PROPOSED: {State.CONFIRMED, State.DISMISSED}}

    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.PROTECT, related_name="sanctions"
    )
    project = models.ForeignKey(
        PublishedProject, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    criticism = models.ForeignKey(
        "Criticism", null=True, blank=True, on_delete=models.PROTECT, related_name="sanctions"
    )
    kind = models.CharField("处理方式", max_length=20, choices=Kind.choices)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.CONFIRMED)
    # The pack's sanction rule that proposed it (blank: decided by the office after an
    # inspection, before sanction rules existed).
    rule_code = models.CharField("处理规则", max_length=40, blank=True)
    trigger = models.CharField("触发事件", max_length=24, blank=True)
    cite = models.CharField("依据", max_length=120, blank=True)
    policy_id = models.CharField("政策包", max_length=64, blank=True)
    # One proposal per rule, event and target: a second scan proposes nothing new.
    key = models.CharField("事件键", max_length=120, null=True, blank=True, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="sanctions")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="sanctions"
    )
    discipline = models.CharField("学科", max_length=5, blank=True)
    quota_cut = models.PositiveSmallIntegerField("缩减名额", null=True, blank=True)
    quota_cut_share = models.CharField("缩减名额比例", max_length=12, blank=True)
    points = models.DecimalField("考核扣分", max_digits=5, decimal_places=1, null=True, blank=True)
    first_year = models.PositiveSmallIntegerField("起始年度")
    last_year = models.PositiveSmallIntegerField("截止年度")
    reason = models.CharField("处理原因", max_length=300)
    at = models.DateTimeField("提出时间")
    by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("确认/撤销时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.CharField("确认/撤销理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "处理决定"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["kind", "first_year", "last_year"])]

    def __str__(self) -> str:
        years = (
            f"{self.first_year}"
            if self.first_year == self.last_year
            else f"{self.first_year}–{self.last_year}"
        )
        return f"{self.get_kind_display()}（{years}年度）"

    def in_force(self, year: int) -> bool:
        return self.state == self.State.CONFIRMED and self.first_year <= year <= self.last_year

    @property
    def effect_text(self) -> str:
        """What it costs, in a line: 取消 2023 年度同专业（03-01）申报资格 …"""
        years = (
            f"{self.first_year}"
            if self.first_year == self.last_year
            else f"{self.first_year}–{self.last_year}"
        )
        if self.kind == self.Kind.PI_BARRED:
            return f"取消项目负责人 {years} 年度申报资格"
        if self.kind == self.Kind.DISCIPLINE_BARRED:
            return f"取消 {years} 年度 {self.discipline} 专业项目申报资格"
        if self.kind == self.Kind.QUOTA_CUT:
            if self.quota_cut_share:
                return f"{years} 年度申报名额缩减 {self.quota_cut_share}"
            return f"{years} 年度申报名额缩减 {self.quota_cut} 项"
        return f"{self.first_year - 1} 年度考核扣 {self.points} 分"


class Criticism(models.Model):
    """A criticism (通报批评) of a unit the office enters — by the province (seed 003 第十条:
    省卫生健康委、省继续医学教育委员会通报批评) or its own. It proposes the pack's sanctions with
    the ``criticism`` trigger."""

    office = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="criticisms")
    project = models.ForeignKey(
        PublishedProject, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    issuer = models.CharField("通报机关", max_length=80)
    text = models.CharField("通报内容", max_length=300)
    policy_id = models.CharField("政策包", max_length=64)
    at = models.DateTimeField("录入时间")
    by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "通报批评"
        ordering = ["-year", "-at"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.issuer}通报：{self.text[:30]}"
