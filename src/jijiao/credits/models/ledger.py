"""The credit ledger (domain.md §5): one row per person × activity, its trail and evidence.

A row is never deleted. Its state changes — approval stages, returns, corrections, voids — are
made by the domain functions in ``credits.domain`` and each leaves an :class:`ApprovalStep`.
"""

from django.db import models
from django.db.models import Q

from jijiao.credits.vocab import category_label
from jijiao.orgs.models import Account, Person, Unit

# ``source_type`` of a remote completion; its ``source_id`` names the provider unit first.
REMOTE_SOURCE = "remote"


def remote_source_id(provider_id: int, course_code: str, year: int) -> str:
    """The natural key of a remote completion: provider unit, course, year (with the person)."""
    return f"{provider_id}:{course_code}:{year}"


class LedgerEntry(models.Model):
    class Source(models.TextChoices):
        PROJECT = "project", "继续医学教育项目"
        IN_UNIT = "in_unit", "院内活动"
        PERSONAL = "personal", "个人学习"
        REMOTE = "remote", "远程教育"
        IMPORT = "import", "导入"

    class Method(models.TextChoices):
        ATTENDANCE = "attendance", "参加项目"
        LECTURER = "lecturer", "项目授课"
        MANUAL = "manual", "手工录入"
        LATE_ENTRY = "late_entry", "补录"
        OUT_OF_PROVINCE = "out_of_province", "省外项目"
        IMPORT = "import", "导入"

    class Status(models.TextChoices):
        PENDING_UNIT = "pending_unit", "待单位审核"
        PENDING_COUNTY = "pending_county", "待区县审核"
        PENDING_CITY = "pending_city", "待市级审核"
        PENDING_PROVINCE = "pending_province", "待省级审核"
        RETURNED = "returned", "已退回"
        REJECTED = "rejected", "未通过"
        APPROVED = "approved", "已通过"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        Status.PENDING_UNIT: {
            Status.PENDING_COUNTY,
            Status.PENDING_CITY,
            Status.PENDING_PROVINCE,
            Status.APPROVED,
            Status.RETURNED,
            Status.REJECTED,
        },
        Status.PENDING_COUNTY: {
            Status.PENDING_CITY,
            Status.PENDING_PROVINCE,
            Status.APPROVED,
            Status.RETURNED,
            Status.REJECTED,
        },
        Status.PENDING_CITY: {
            Status.PENDING_PROVINCE,
            Status.APPROVED,
            Status.RETURNED,
            Status.REJECTED,
        },
        Status.PENDING_PROVINCE: {Status.APPROVED, Status.RETURNED, Status.REJECTED},
        # a returned row, corrected, starts its chain again
        Status.RETURNED: {
            Status.PENDING_UNIT,
            Status.PENDING_COUNTY,
            Status.PENDING_CITY,
            Status.PENDING_PROVINCE,
        },
    }
    STATE_FIELD = "status"

    PENDING = (
        Status.PENDING_UNIT,
        Status.PENDING_COUNTY,
        Status.PENDING_CITY,
        Status.PENDING_PROVINCE,
    )

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="credit_entries"
    )
    # The unit the person belonged to when the row was entered: it reviews the row and keeps
    # read access to it after the person transfers away (domain.md §3).
    unit = models.ForeignKey(
        Unit,
        verbose_name="录入时所在单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("学分年度")
    activity_date = models.DateField("授分日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    credit_class = models.CharField("学分类别", max_length=8)
    credit_level = models.CharField("学分级别", max_length=12)
    source = models.CharField("来源", max_length=12, choices=Source.choices)
    activity_type = models.CharField("活动类型", max_length=20)
    title = models.CharField("活动名称", max_length=200)
    project_number = models.CharField("项目编号", max_length=60, blank=True)
    hours = models.DecimalField("学时", max_digits=6, decimal_places=2, null=True, blank=True)
    credits = models.DecimalField("学分", max_digits=5, decimal_places=1)
    entry_method = models.CharField("录入方式", max_length=16, choices=Method.choices)
    remote = models.BooleanField("远程方式", default=False)
    details = models.JSONField("明细", default=dict, blank=True)
    status = models.CharField("审核状态", max_length=16, choices=Status.choices)
    # The approval chain fixed when the row was entered: [{"stage", "office", "name"}, …].
    chain = models.JSONField("审核流程", default=list, blank=True)
    stage_index = models.PositiveSmallIntegerField("当前审核环节", default=0)
    current_office = models.ForeignKey(
        Unit,
        verbose_name="当前审核机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid = models.BooleanField("学分有效", default=True)
    void_reason = models.CharField("作废原因", max_length=300, blank=True)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    void_decision = models.ForeignKey(
        "credits.VoidDecision",
        verbose_name="作废决定",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    policy_id = models.CharField("政策包", max_length=80)
    policy_hash = models.CharField("政策包哈希", max_length=64)
    entry_findings = models.JSONField("录入检查结果", default=list, blank=True)
    # What the row came from (a session, an upload, an import file): entering it again finds
    # the row instead of adding a second one.
    source_type = models.CharField("来源类型", max_length=20, blank=True)
    source_id = models.CharField("来源标识", max_length=160, blank=True)
    entered_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间")
    decided_at = models.DateTimeField("审核完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "学分记录"
        ordering = ["person", "-activity_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "source_type", "source_id"],
                condition=~Q(source_id=""),
                name="ledger_entry_source_once",
            )
        ]
        indexes = [
            # The hot read — one person's credits by year — answered from the index alone on
            # PostgreSQL (architecture.md "Scale plan"); SQLite keeps the key columns only.
            models.Index(
                fields=["person", "year"],
                include=["credits", "credit_class", "credit_level", "status", "valid"],
                name="ledger_person_year_cover",
            ),
            models.Index(fields=["current_office", "status"], name="ledger_queue"),
            models.Index(fields=["unit", "year"], name="ledger_unit_year"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.activity_date} {self.title} {self.credits} 学分"

    @property
    def category(self) -> str:
        return category_label(self.credit_class, self.credit_level)

    @property
    def pending(self) -> bool:
        return self.status in self.PENDING

    @property
    def stage(self) -> dict | None:
        """The chain's stage the row waits at (``None`` once it is decided or returned)."""
        if not self.pending or self.stage_index >= len(self.chain):
            return None
        return self.chain[self.stage_index]

    @property
    def validity_label(self) -> str:
        return "有效" if self.valid else "已作废"

    @property
    def remote_provider_id(self) -> int | None:
        """The provider unit whose course produced a remote completion row (else ``None``)."""
        if self.source_type != REMOTE_SOURCE:
            return None
        head = self.source_id.split(":", 1)[0]
        return int(head) if head.isdigit() else None


class ApprovalStep(models.Model):
    """One step of a row's trail: who, for which office, what, why, when."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "录入提交"
        GRANTED = "granted", "授予"
        APPROVED = "approved", "审核通过"
        RETURNED = "returned", "退回"
        REJECTED = "rejected", "审核不通过"
        RESUBMITTED = "resubmitted", "修改后重新提交"
        CORRECTED = "corrected", "更正"
        VOIDED = "voided", "作废"

    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="steps")
    stage = models.CharField("审核环节", max_length=10, blank=True)
    office = models.ForeignKey(
        Unit, verbose_name="机构", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("操作", max_length=12, choices=Action.choices)
    reason = models.CharField("意见/原因", max_length=500, blank=True)
    at = models.DateTimeField("时间")
    from_status = models.CharField("原状态", max_length=16, blank=True)
    to_status = models.CharField("新状态", max_length=16, blank=True)
    data = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        verbose_name = "审核记录"
        ordering = ["entry", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()}"

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.stage, "")

    @property
    def changes_display(self) -> list[tuple[str, object, object]]:
        """``[(field label, before, after)]`` of a correction or resubmission."""
        shown = []
        for name, (before, after) in (self.data or {}).get("changes", {}).items():
            label = LedgerEntry._meta.get_field(name).verbose_name
            shown.append((label, before, after))
        return shown

    @property
    def to_status_label(self) -> str:
        return LedgerEntry.Status(self.to_status).label if self.to_status else ""


STAGE_LABELS = {"unit": "单位", "county": "区县", "city": "市级", "province": "省级"}


class Evidence(models.Model):
    """A file backing a row: proof, the signed pledge, a certificate, a sign-in sheet, …"""

    class Kind(models.TextChoices):
        PROOF = "proof", "证明材料"
        PLEDGE = "pledge", "补录承诺书"
        CERTIFICATE = "certificate", "学分证书"
        SIGN_IN = "sign_in", "签到表"
        SLIDES = "slides", "讲课材料"
        PUBLICATION = "publication", "论文/著作材料"

    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    file = models.FileField("文件", upload_to="credits/evidence/%Y/%m/", max_length=200)
    name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "证明材料"
        ordering = ["entry", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"
