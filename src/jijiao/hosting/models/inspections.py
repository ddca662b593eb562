"""On-site inspections (seed 000 三.5, seed 004 七): a reproducible random sample of at least
10 % of the published offline sessions, inspectors' findings and photos, and sanctions."""

from django.db import models

from jijiao.hosting.models.sessions import Session
from jijiao.orgs.models import Account, Unit


class InspectionDraw(models.Model):
    """One draw of the sample. The population (session ids in order) and the seed are stored,
    so anyone can draw the same sample again."""

    office = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    rate = models.DecimalField("抽查比例", max_digits=4, decimal_places=2)
    seed = models.CharField("随机种子", max_length=40)
    population = models.JSONField("抽样总体（期次编号）")
    sample = models.JSONField("抽中期次编号")
    # The year's base (published on-site projects) and target ⌈rate × base⌉ when drawn.
    base = models.PositiveIntegerField("公布线下项目数", null=True, blank=True)
    target = models.PositiveIntegerField("应督导期次数", null=True, blank=True)
    drawn_at = models.DateTimeField("抽取时间")
    drawn_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "督导抽查"
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"{self.year}年抽查（{len(self.sample)}/{len(self.population)}）"


class Inspection(models.Model):
    class State(models.TextChoices):
        DRAWN = "drawn", "待分派"
        ASSIGNED = "assigned", "已分派督导员"
        RECORDED = "recorded", "已记录督导结果"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.DRAWN: {State.ASSIGNED},
        State.ASSIGNED: {State.ASSIGNED, State.RECORDED},  # a supervisor may be replaced
    }

    draw = models.ForeignKey(InspectionDraw, on_delete=models.PROTECT, related_name="inspections")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="inspections")
    inspector = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="inspections"
    )
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAWN)
    findings = models.TextField("督导发现", blank=True)
    violation = models.BooleanField("存在违规", default=False)
    recorded_at = models.DateTimeField("记录时间", null=True, blank=True)

    class Meta:
        verbose_name = "现场督导"
        ordering = ["draw", "session__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "session"], name="inspection_once_per_draw")
        ]

    def __str__(self) -> str:
        return f"督导：{self.session}"


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="inspections/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=40)
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "督导照片"

    def __str__(self) -> str:
        return self.name
