"""Remote providers' registrations (备案) with the city office, and their documents.

Seed 003 第十二条: only providers "国家和省里认可" and registered with the city earn credit for
their courses; a registration needs both a phone and a computer platform; fraud revokes it.
"""

from django.db import models

from jijiao.orgs.models import Account, Unit


class Provider(models.Model):
    """A remote provider unit's registration with one city office.

    The state changes only through ``remote.domain.providers``; a rejected filing is edited
    and submitted again, a suspended one can be reinstated, a revoked one is final.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        REGISTERED = "registered", "已备案"
        REJECTED = "rejected", "未通过"
        SUSPENDED = "suspended", "已暂停"
        REVOKED = "revoked", "已撤销备案"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.DRAFT: {State.SUBMITTED},
        State.REJECTED: {State.SUBMITTED},
        State.SUBMITTED: {State.REGISTERED, State.REJECTED},
        State.REGISTERED: {State.SUSPENDED, State.REVOKED},
        State.SUSPENDED: {State.REGISTERED, State.REVOKED},
    }

    class Recognition(models.TextChoices):
        NATIONAL = "national", "国家级认可的远程继续医学教育机构"
        PROVINCIAL = "provincial", "省级认可的远程继续医学教育机构"

    EDITABLE = (State.DRAFT, State.REJECTED)

    unit = models.OneToOneField(
        Unit, verbose_name="机构", on_delete=models.PROTECT, related_name="remote_registration"
    )
    office = models.ForeignKey(
        Unit, verbose_name="备案机关", on_delete=models.PROTECT, related_name="+"
    )
    recognised_by = models.CharField("认可级别", max_length=12, choices=Recognition.choices)
    platform_web = models.URLField("电脑端学习平台网址", max_length=200)
    platform_mobile = models.CharField(
        "手机端学习平台", max_length=200, help_text="App 名称、小程序名称或手机网页地址"
    )
    contact_name = models.CharField("联系人", max_length=40)
    contact_phone = models.CharField("联系电话", max_length=40)
    description = models.TextField("资质说明", blank=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.CharField("审核意见", max_length=300, blank=True)
    # Why it was suspended or revoked (the latest such decision).
    status_reason = models.CharField("暂停/撤销原因", max_length=300, blank=True)
    revoked_for_fraud = models.BooleanField("因虚假授分撤销", default=False)

    class Meta:
        verbose_name = "远程教育机构备案"
        ordering = ["unit__name"]

    def __str__(self) -> str:
        return self.unit.name

    @property
    def editable(self) -> bool:
        return self.state in self.EDITABLE

    @property
    def registered(self) -> bool:
        return self.state == self.State.REGISTERED


class ProviderDocument(models.Model):
    """A qualification file of a registration, or the decision document of its revocation."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", "资质证明"
        RECOGNITION = "recognition", "认可文件"
        OTHER = "other", "其他材料"
        DECISION = "decision", "处理决定"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("类型", max_length=14, choices=Kind.choices)
    file = models.FileField("文件", upload_to="remote/providers/%Y/%m/", max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=40)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "备案材料"
        ordering = ["provider", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"
