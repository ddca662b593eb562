"""Certificates with a public verification code: credit certificates for project credits,
teaching proofs for lecturers, annual qualification proofs."""

from django.db import models

from jijiao.credits.models.ledger import LedgerEntry
from jijiao.orgs.models import Account, Person


class Certificate(models.Model):
    """What was issued, as issued (``snapshot``), under an unguessable code.

    Its status is read live: a credit certificate or teaching proof is revoked when its row is
    voided; an annual proof when the year no longer meets the requirement.
    """

    class Kind(models.TextChoices):
        CREDIT = "credit", "学分证书"
        TEACHING = "teaching", "授课证明"
        ANNUAL = "annual", "年度合格证明"

    code = models.CharField("验证码", max_length=32, unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates")
    entry = models.OneToOneField(
        LedgerEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    year = models.PositiveSmallIntegerField("年度")
    snapshot = models.JSONField("证书内容", default=dict)
    issued_at = models.DateTimeField("签发时间")
    issued_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "证书"
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=models.Q(kind="annual"),
                name="certificate_annual_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"
