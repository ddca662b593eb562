"""A promotion audit campaign and its intake schedule by district and unit."""

import datetime as dt

from django.db import models

from jijiao.orgs.models import Account, Division, Unit

STAGE_LABELS = {
    "unit": "医疗卫生机构",
    "county": "县（市、区）卫健局",
    "city": "市继续医学教育委员会",
}


class Campaign(models.Model):
    """One audit round of a city office for an audit year (seed 002 通知)."""

    class State(models.TextChoices):
        OPEN = "open", "受理中"
        CLOSED = "closed", "已结束"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.OPEN: {State.CLOSED},
    }

    office = models.ForeignKey(
        Unit, verbose_name="市继教办", on_delete=models.PROTECT, related_name="audit_campaigns"
    )
    year = models.PositiveSmallIntegerField("审核年度")
    title = models.CharField("名称", max_length=120)
    policy_id = models.CharField("政策包", max_length=80)
    policy_hash = models.CharField("政策包哈希", max_length=64)
    place = models.CharField("审核地点", max_length=300, blank=True)
    # The material the notice asks for (seed 002 三), one line each, as shown to the units.
    evidence_list = models.JSONField("审核材料清单", default=list, blank=True)
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("开启时间")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "晋升学分审核"
        ordering = ["-year", "office"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="audit_campaign_once")
        ]

    def __str__(self) -> str:
        return self.title


class IntakeSlot(models.Model):
    """Dates and hours at which the city receives the material of a group of units (seed 002
    二): the units directly under the city, and/or the units of the listed districts."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="slots")
    starts_on = models.DateField("受理开始日期")
    ends_on = models.DateField("受理结束日期")
    hours = models.CharField("受理时间", max_length=100)
    city_direct = models.BooleanField("市直属及市属单位", default=False)
    districts = models.ManyToManyField(Division, verbose_name="区县", blank=True, related_name="+")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "受理时间安排"
        ordering = ["campaign", "starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.starts_on:%m-%d}–{self.ends_on:%m-%d}"

    @property
    def days(self) -> list[dt.date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + dt.timedelta(days=n) for n in range(count)]


class UnitIntake(models.Model):
    """The day a unit brings its material, chosen within its slot."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="unit_days")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField("送审日期")
    chosen_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField("选定时间")

    class Meta:
        verbose_name = "单位送审日期"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="audit_unit_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.day}"
