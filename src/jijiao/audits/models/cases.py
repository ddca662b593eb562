"""A candidate's case through the unit → county → city chain, its decisions and evidence."""

from django.db import models

from jijiao.audits.models.campaigns import STAGE_LABELS, Campaign
from jijiao.credits.models import Evidence, LedgerEntry
from jijiao.orgs.models import Account, Person, Unit


class AuditCase(models.Model):
    """One candidate of a campaign: the per-year table comes from the ledger while the case is
    open and is frozen in the city's decision when it closes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "单位填报中"
        PENDING_COUNTY = "pending_county", "待区县审核"
        PENDING_CITY = "pending_city", "待市级审核"
        RETURNED = "returned", "已退回单位"
        PASSED = "passed", "审核合格"
        FAILED = "failed", "审核不合格"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        Status.DRAFT: {Status.PENDING_COUNTY, Status.PENDING_CITY},
        Status.RETURNED: {Status.PENDING_COUNTY, Status.PENDING_CITY},
        Status.PENDING_COUNTY: {Status.PENDING_CITY, Status.RETURNED, Status.PASSED, Status.FAILED},
        Status.PENDING_CITY: {Status.RETURNED, Status.PASSED, Status.FAILED},
    }
    STATE_FIELD = "status"

    CLOSED = (Status.PASSED, Status.FAILED)
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="cases")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="audit_cases")
    unit = models.ForeignKey(
        Unit, verbose_name="所在单位", on_delete=models.PROTECT, related_name="+"
    )
    early_promotion = models.BooleanField("提前一年晋升", default=False)
    include_audit_year = models.BooleanField("提供审核当年学分", default=False)
    status = models.CharField("状态", max_length=16, choices=Status.choices)
    # The chain fixed when the case was created: [{"stage", "office", "name"}, …].
    chain = models.JSONField("审核流程", default=list)
    stage_index = models.PositiveSmallIntegerField("当前审核环节", default=0)
    current_office = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间")
    submitted_at = models.DateTimeField("首次上报时间", null=True, blank=True)
    received_at = models.DateTimeField("材料受理时间", null=True, blank=True)
    received_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "晋升学分审核对象"
        ordering = ["campaign", "unit", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="audit_case_once")
        ]
        indexes = [models.Index(fields=["current_office", "status"], name="audit_case_queue")]

    def __str__(self) -> str:
        return f"{self.person.name} {self.campaign.year} 年晋升学分审核"

    @property
    def stage(self) -> dict | None:
        if self.status in self.CLOSED or self.stage_index >= len(self.chain):
            return None
        return self.chain[self.stage_index]

    @property
    def closed(self) -> bool:
        return self.status in self.CLOSED

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def has_county(self) -> bool:
        return any(step["stage"] == "county" for step in self.chain)


class CaseDecision(models.Model):
    """One box of 附件1 as decided: the stage, the office, the opinion, the decision, the date —
    with the table and findings it was decided on and the pack that made them."""

    class Decision(models.TextChoices):
        SUBMITTED = "submitted", "同意上报"
        APPROVED = "approved", "审核同意"
        RETURNED = "returned", "退回"
        PASSED = "passed", "审核合格"
        FAILED = "failed", "审核不合格"

    case = models.ForeignKey(AuditCase, on_delete=models.PROTECT, related_name="decisions")
    stage = models.CharField("审核环节", max_length=8)
    office = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField("审核人", max_length=150)
    decision = models.CharField("审核结果", max_length=10, choices=Decision.choices)
    opinion = models.CharField("审核意见", max_length=1000)
    decided_on = models.DateField("审核日期")
    at = models.DateTimeField("时间")
    from_status = models.CharField("原状态", max_length=16)
    to_status = models.CharField("新状态", max_length=16)
    policy_id = models.CharField("政策包", max_length=80)
    policy_hash = models.CharField("政策包哈希", max_length=64)
    table = models.JSONField("审核时的学分汇总与检查结果", default=dict)

    class Meta:
        verbose_name = "审核意见"
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{STAGE_LABELS.get(self.stage, self.stage)} {self.get_decision_display()}"

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.stage, self.stage)


class EvidenceMark(models.Model):
    """One item of a row's evidence checklist: uploaded with the case, or seen on paper."""

    class How(models.TextChoices):
        UPLOADED = "uploaded", "已上传"
        LEDGER = "ledger", "引用学分记录中的材料"
        PAPER = "paper", "已核验纸质材料"

    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="evidence_marks")
    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="+")
    item = models.CharField("材料", max_length=12)
    how = models.CharField("方式", max_length=8, choices=How.choices)
    file = models.FileField("文件", upload_to="audits/evidence/%Y/%m/", max_length=200, blank=True)
    name = models.CharField("文件名", max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    ledger_evidence = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    by_label = models.CharField("操作人", max_length=150)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "审核材料"
        ordering = ["case", "entry", "item"]
        constraints = [
            models.UniqueConstraint(fields=["case", "entry", "item"], name="audit_mark_once")
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.get_how_display()}"
