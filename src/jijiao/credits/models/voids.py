"""Decisions voiding credits (处理决定), each with its document.

Seed 003 第二十六条 voids all of a person's credits of a year; 第十二条 voids the credits a
remote provider granted falsely when the city revokes its registration — rows of many people,
years and approving cities under one decision. Every voided row points at its decision, so a
certificate of it verifies as revoked with the decision's reason.
"""

from django.db import models
from django.db.models import Q

from jijiao.orgs.models import Account, Person, Unit


class VoidDecision(models.Model):
    class Scope(models.TextChoices):
        PERSON_YEAR = "person_year", "个人年度学分作废"
        ENTRIES = "entries", "指定学分记录作废"
        PROVIDER = "provider", "远程教育机构撤销备案"

    scope = models.CharField(
        "作废范围", max_length=12, choices=Scope.choices, default=Scope.PERSON_YEAR
    )
    # The city office in whose name the decision was made (shown on the verification page).
    office = models.ForeignKey(
        Unit,
        verbose_name="决定机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="void_decisions",
    )
    year = models.PositiveSmallIntegerField("学分年度", null=True, blank=True)
    provider = models.ForeignKey(
        Unit,
        verbose_name="远程教育机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField("作废原因", max_length=500)
    document = models.FileField("处理决定文件", upload_to="credits/decisions/%Y/", max_length=200)
    document_name = models.CharField("文件名", max_length=200)
    document_sha256 = models.CharField(max_length=64, blank=True)
    decided_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间")
    voided_count = models.PositiveIntegerField("作废记录数", default=0)

    class Meta:
        verbose_name = "学分作废决定"
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(scope="person_year") | Q(person__isnull=False, year__isnull=False),
                name="void_decision_person_year_named",
            ),
            models.CheckConstraint(
                condition=~Q(scope="provider") | Q(provider__isnull=False),
                name="void_decision_provider_named",
            ),
        ]

    def __str__(self) -> str:
        if self.scope == self.Scope.PERSON_YEAR:
            return f"{self.person.name} {self.year} 年度学分作废"
        if self.scope == self.Scope.PROVIDER:
            return f"{self.provider.name}撤销备案，学分作废 {self.voided_count} 条"
        return f"学分作废决定（{self.voided_count} 条）"
