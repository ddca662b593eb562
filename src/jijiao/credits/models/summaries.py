"""A person's compliance for a year, kept ready for lists and charts (issue 16).

Computed by the annual-compliance rule (``engine.rules.compliance.year_standing``) from the
ledger, the person's facts and the year's pack — never summed in SQL — and kept current by
background tasks when anything it reads changes (``credits.summaries``). Reports read it instead
of computing every person (``credits.queries.compliance_summaries``).
"""

from decimal import Decimal

from django.db import models

from jijiao.orgs.models import Person, Unit


class ComplianceSummary(models.Model):
    class Status(models.TextChoices):
        COMPLIANT = "compliant", "达标"
        NONCOMPLIANT = "noncompliant", "不达标"
        EXEMPT = "exempt", "不计达标"
        UNDECIDED = "", "未判定"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    # The person's unit when the summary was computed (a transfer recomputes it).
    unit = models.ForeignKey(
        Unit,
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField("达标情况", max_length=12, choices=Status.choices, blank=True)
    class1_national = models.DecimalField("Ⅰ类（国家级）", max_digits=8, decimal_places=1)
    class1_provincial = models.DecimalField("Ⅰ类（省市级）", max_digits=8, decimal_places=1)
    class2 = models.DecimalField("Ⅱ类学分", max_digits=8, decimal_places=1)
    total = models.DecimalField("合计", max_digits=8, decimal_places=1)
    remote_class1 = models.DecimalField("远程Ⅰ类学分", max_digits=8, decimal_places=1)
    # Remote class I over all class I of the year (the audit's AUD_REMOTE_SHARE measure);
    # empty without class I credits.
    remote_share = models.DecimalField(
        "远程Ⅰ类占比", max_digits=5, decimal_places=4, null=True, blank=True
    )
    # What is short: the failing rules [{"code", "message"}], in the rule's words.
    short = models.JSONField("未达标项", default=list, blank=True)
    # Why no standing could be given (no unit, the city has not set the year's pack …).
    problem = models.CharField("无法判定原因", max_length=300, blank=True)
    policy_id = models.CharField("政策包", max_length=80, blank=True)
    policy_hash = models.CharField("政策包哈希", max_length=64, blank=True)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "年度达标汇总"
        ordering = ["year", "unit", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="compliance_summary_once")
        ]
        indexes = [
            models.Index(fields=["year", "unit", "status"], name="compliance_summary_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year} {self.get_status_display()}"

    @classmethod
    def undetermined(cls, person_id: int, year: int) -> "ComplianceSummary":
        """An unsaved stand-in for a summary not computed yet: no standing, zero credits."""
        zero = Decimal(0)
        return cls(
            person_id=person_id,
            year=year,
            status=cls.Status.UNDECIDED,
            class1_national=zero,
            class1_provincial=zero,
            class2=zero,
            total=zero,
            remote_class1=zero,
            problem="年度汇总尚未生成（系统每晚自动补齐）",
        )

    @property
    def met(self) -> bool:
        """Compliant or exempt: counts as meeting the year's requirement."""
        return self.status in (self.Status.COMPLIANT, self.Status.EXEMPT)

    @property
    def status_label(self) -> str:
        return self.get_status_display()

    @property
    def failures(self) -> list[str]:
        """What is short, in the rule's words."""
        return [item["message"] for item in self.short or ()]

    @property
    def remote_percent(self) -> Decimal | None:
        if self.remote_share is None:
            return None
        return (self.remote_share * 100).quantize(Decimal("0.1"))
