"""What a year adds up to for a unit: the annual assessment of its project work (seed 003 第十条:
项目完成情况纳入年度考核) and the yearly CME work report it owes the city by 12-31 (第七条)."""

from django.db import models

from jijiao.orgs.models import Account, Unit


class Assessment(models.Model):
    """A unit's annual assessment of its project work, as the office last computed it: the
    execution rate of the year's approved projects (the one history) and the points taken off
    by confirmed sanctions (e.g. a provincial criticism, seed 003 第十条)."""

    office = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField("年度")
    approved = models.PositiveSmallIntegerField("获批项目数")
    held = models.PositiveSmallIntegerField("已举办")
    not_held = models.PositiveSmallIntegerField("未举办（无正当理由）")
    excused = models.PositiveSmallIntegerField("未举办（理由正当）")
    pending = models.PositiveSmallIntegerField("执行情况未登记")
    rate = models.DecimalField("执行率（%）", max_digits=4, decimal_places=1, null=True)
    # [{"sanction": id, "points": "10.0", "reason": "…", "cite": "…"}] of confirmed sanctions.
    deductions = models.JSONField("扣分明细", default=list)
    points_off = models.DecimalField("扣分合计", max_digits=5, decimal_places=1, default=0)
    computed_at = models.DateTimeField("计算时间")
    computed_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "单位年度考核"
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="assessment_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年度考核"


class WorkReport(models.Model):
    """The yearly CME work report (继续医学教育工作开展情况) a unit directly under the office or a
    district owes it by the pack's day (seed 003 第七条: 每年12月31日前)."""

    class State(models.TextChoices):
        DUE = "due", "待报送"
        SUBMITTED = "submitted", "已报送"

    TRANSITIONS = {State.DUE: {State.SUBMITTED}}

    office = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="work_reports")
    year = models.PositiveSmallIntegerField("年度")
    due = models.DateField("报送截止日期")
    cite = models.CharField("依据", max_length=120, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DUE)
    text = models.TextField("工作开展情况", blank=True)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("发起时间")
    opened_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "年度继续医学教育工作报告"
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="work_report_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年度继续医学教育工作报告"

    @property
    def late(self) -> bool:
        return self.submitted_on is not None and self.submitted_on > self.due
