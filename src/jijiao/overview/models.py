"""What an office sent to the level above (seed 003 第二十五条): the year's qualified list and
figures as one workbook, kept as sent, with when and by whom."""

from django.db import models

from jijiao.orgs.models import Account, Unit


def _upward_path(report: "UpwardReport", filename: str) -> str:
    return f"upward/{report.year}/{report.office_id}/{report.sha256[:16]}.xlsx"


class UpwardReport(models.Model):
    office = models.ForeignKey(Unit, verbose_name="上报单位", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("年度")
    file = models.FileField("上报材料", upload_to=_upward_path, max_length=200)
    file_name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("文件摘要", max_length=64)
    units = models.PositiveIntegerField("单位数")
    people = models.PositiveIntegerField("人数")
    qualified = models.PositiveIntegerField("合格人数（达标与不计达标）")
    figures = models.JSONField("汇总数字", default=dict)
    made_at = models.DateTimeField("生成时间")
    made_by = models.ForeignKey(
        Account, verbose_name="生成人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "年度统计上报记录"
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return f"{self.office} {self.year} 年度上报材料"


class ImpactPreview(models.Model):
    """What a draft pack would change in a year's decisions (issue 22): counted per rule by a
    background job, kept for its page, its drill-down and its workbook. Nothing previewed is
    changed."""

    job = models.OneToOneField(
        "jobs.Job", verbose_name="任务", on_delete=models.CASCADE, related_name="impact_preview"
    )
    office = models.ForeignKey(Unit, verbose_name="预览部门", on_delete=models.PROTECT)
    pack_id = models.CharField("政策包", max_length=63)
    pack_hash = models.CharField("政策包版本", max_length=64)
    year = models.PositiveSmallIntegerField("年度")
    subjects = models.PositiveIntegerField("重新检查的决定数")
    rules = models.JSONField("各规则的变化", default=list)
    made_at = models.DateTimeField("生成时间")
    made_by = models.ForeignKey(
        Account, verbose_name="生成人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "政策包影响预览"
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return f"{self.pack_id} {self.year}"


class _UnitYearFigures(models.Model):
    """One unit's figures for a year: the unit's, and by department (0: none). Derived data,
    kept current by ``overview.kept``."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    figures = models.JSONField("全单位", default=dict)
    departments = models.JSONField("各科室", default=dict)  # department id (0: none) → figures
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        abstract = True


class ProjectSummary(_UnitYearFigures):
    """The project and quality figures of one unit's year (``overview.tallies.ProjectTally``):
    the unit's, and by its project leaders' departments. Kept current by the background refresh
    after the events that change them and the nightly fill (``overview.kept``); derived data."""

    class Meta:
        verbose_name = "项目与质量汇总"
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="project_summary_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} 项目与质量汇总"


class CreditSummary(_UnitYearFigures):
    """The credit figures of one unit's current staff for a year (``overview.tallies.
    CreditTally``): the unit's, and by department. Kept current as :class:`ProjectSummary`."""

    class Meta:
        verbose_name = "学分汇总"
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="credit_summary_once")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} 学分汇总"


class ComplianceTotals(_UnitYearFigures):
    """The compliance standings of one unit's current staff for a year, counted from their kept
    compliance summaries (``overview.tallies.ComplianceTally``): the unit's, and by department.
    Kept current as :class:`ProjectSummary`, after the people's own summaries."""

    class Meta:
        verbose_name = "达标人数汇总"
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="compliance_totals_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} 达标人数汇总"
