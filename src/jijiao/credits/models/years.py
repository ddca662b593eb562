"""Per year: the city's credit-year settings, compliance facts and the units' confirmed
compliance lists."""

from django.db import models

from jijiao.orgs.models import Account, Person, Unit


class CreditYear(models.Model):
    """A city office's settings for one credit year: the pack its entries are decided with and,
    when the office sets one, the lock date (else the pack's ``CRD_REVIEW_CLOSED`` date)."""

    office = models.ForeignKey(
        Unit, verbose_name="市继教办", on_delete=models.PROTECT, related_name="credit_years"
    )
    year = models.PositiveSmallIntegerField("学分年度")
    policy_id = models.CharField("政策包", max_length=80)
    locks_on = models.DateField("锁定日期", null=True, blank=True)
    set_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField("设置时间")

    class Meta:
        verbose_name = "学分年度"
        ordering = ["office", "-year"]
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="credit_year_once")]

    def __str__(self) -> str:
        return f"{self.office} {self.year} 年度（{self.policy_id}）"


class AnnualFacts(models.Model):
    """What the annual rules need beyond the ledger: an exemption (视同完成) with its reason and
    evidence, and the public-subject 学时 recognised by HR (seed 003 第九条)."""

    class Exemption(models.TextChoices):
        RESIDENT_TRAINING = "resident_training", "住院医师规范化培训"
        GP_TRANSFER_TRAINING = "gp_transfer_training", "全科医生转岗培训"
        LONG_STUDY = "long_study", "进修 6 个月及以上"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="annual_facts")
    year = models.PositiveSmallIntegerField("年度")
    exemption = models.CharField(
        "视同完成情形", max_length=24, choices=Exemption.choices, blank=True
    )
    exemption_reason = models.CharField("说明", max_length=300, blank=True)
    exemption_evidence = models.FileField(
        "证明材料", upload_to="credits/exemptions/%Y/", max_length=200, blank=True
    )
    public_subject_hours = models.DecimalField(
        "公需科目学时", max_digits=6, decimal_places=1, null=True, blank=True
    )
    set_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "年度达标情况"
        ordering = ["person", "-year"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="annual_facts_once")]

    def __str__(self) -> str:
        return f"{self.person.name} {self.year}"


class ComplianceConfirmation(models.Model):
    """A unit's confirmation of its compliance list for a year; each confirmation is kept."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    confirmed_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField("确认时间")
    policy_id = models.CharField("政策包", max_length=80)
    policy_hash = models.CharField("政策包哈希", max_length=64)
    compliant = models.PositiveIntegerField("达标人数")
    noncompliant = models.PositiveIntegerField("不达标人数")
    exempt = models.PositiveIntegerField("不计达标人数")
    # [{"person": id, "status": …}] as confirmed.
    rows = models.JSONField("名单", default=list)

    class Meta:
        verbose_name = "年度达标名单确认"
        ordering = ["unit", "-year", "-confirmed_at"]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} 年度达标名单"
