"""Forms of the credits pages: they read input; the domain functions decide."""

from django import forms

from jijiao.common import uploads
from jijiao.credits.domain.details import FIELDS
from jijiao.credits.domain.entries import CERTIFICATE_KINDS
from jijiao.credits.models import AnnualFacts
from jijiao.credits.vocab import IN_UNIT_TYPES, PERSONAL_TYPE_LABELS, PERSONAL_TYPES
from jijiao.orgs.models import Person
from jijiao.policy.access import pack_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        department = f" · {obj.department}" if obj.department_id else ""
        return f"{obj.name}（{obj.id_masked}）{department}"


class InUnitForm(forms.Form):
    activity_type = forms.ChoiceField(label="活动类型", choices=[(t, t) for t in IN_UNIT_TYPES])
    title = forms.CharField(label="活动名称", max_length=200)
    activity_date = forms.DateField(label="活动日期", widget=DATE)
    hours = forms.DecimalField(label="学时", required=False, min_value=0, decimal_places=2)
    credits = forms.DecimalField(
        label="每人学分",
        min_value=0,
        decimal_places=1,
        help_text="政策包未规定院内活动的学分值，请按本单位学分授予办法填写",
    )
    attendees = PersonChoice(
        label="参加人员",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    speaker = forms.ModelChoiceField(
        label="主讲人（讲课）", queryset=Person.objects.none(), required=False
    )
    speaker_credits = forms.DecimalField(
        label="主讲人学分", required=False, min_value=0, decimal_places=1
    )
    proof = uploads.UploadField(
        label="签到表/考勤等证明材料",
        kind=uploads.PROOF,
        required=False,
        help_text=f"{uploads.PROOF.help_text}；12 月的活动在次年 1 月补录时必须上传",
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["attendees"].queryset = people
            self.fields["speaker"].queryset = people


def _detail_fields() -> dict[str, forms.Field]:
    """One optional field per detail key of every personal type (the domain checks which are
    required for the chosen type)."""
    made: dict[str, forms.Field] = {}
    for activity_type, fields in FIELDS.items():
        for key, label, choices, _ in fields:
            if key in made:
                continue
            if choices:
                made[key] = forms.ChoiceField(
                    label=label, required=False, choices=[("", "—"), *[(c, c) for c in choices]]
                )
            else:
                made[key] = forms.CharField(
                    label=label, required=False, help_text=f"{activity_type}等填写"
                )
    return made


class PersonalForm(forms.Form):
    activity_type = forms.ChoiceField(
        label="类型", choices=[(t, PERSONAL_TYPE_LABELS.get(t, t)) for t in PERSONAL_TYPES]
    )
    title = forms.CharField(label="名称/题目", max_length=200)
    activity_date = forms.DateField(
        label="日期", widget=DATE, help_text="发表、结题、结业或完成日期；学分计入该日期所在年度"
    )
    end_date = forms.DateField(label="结束日期", widget=DATE, required=False)
    hours = forms.DecimalField(label="学时", required=False, min_value=0, decimal_places=2)
    credits = forms.DecimalField(
        label="学分",
        min_value=0,
        decimal_places=1,
        help_text="政策包未规定个人学习的学分值，请按省市学分授予办法填写",
    )
    evidence = uploads.MultipleUploadField(label="证明材料", kind=uploads.PROOF, required=False)
    pledge = uploads.UploadField(
        kind=uploads.PROOF,
        label="签字盖章的补录承诺书",
        required=False,
        help_text="逾期（次年 3 月 31 日后）补录时必须上传；可先点击“生成承诺书”打印签字",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, field in _detail_fields().items():
            self.fields[f"detail_{key}"] = field

    def details(self) -> dict:
        return {
            name.removeprefix("detail_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("detail_") and value not in ("", None)
        }


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(
        label="证书类型", choices=[(k, v[2]) for k, v in CERTIFICATE_KINDS.items()]
    )
    title = forms.CharField(label="项目名称", max_length=200)
    project_number = forms.CharField(label="项目编号", max_length=60)
    activity_date = forms.DateField(label="授分日期", widget=DATE)
    hours = forms.DecimalField(label="学时", required=False, min_value=0, decimal_places=2)
    credits = forms.DecimalField(label="学分", min_value=0, decimal_places=1)
    certificate = uploads.UploadField(label="学分证书/凭证", kind=uploads.PROOF)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="意见/原因", max_length=500, required=False)


class ResubmitForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    activity_date = forms.DateField(label="日期", widget=DATE)
    hours = forms.DecimalField(label="学时", required=False, min_value=0, decimal_places=2)
    credits = forms.DecimalField(label="学分", min_value=0, decimal_places=1)
    evidence = uploads.MultipleUploadField(label="补充材料", kind=uploads.PROOF, required=False)
    note = forms.CharField(label="修改说明", max_length=300, required=False)


class CorrectForm(forms.Form):
    hours = forms.DecimalField(label="学时", required=False, min_value=0, decimal_places=2)
    credits = forms.DecimalField(label="学分", min_value=0, decimal_places=1)
    reason = forms.CharField(label="更正原因", max_length=300)


class VoidYearForm(forms.Form):
    year = forms.IntegerField(label="学分年度", min_value=2000, max_value=2100)
    reason = forms.CharField(
        label="作废原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    document = uploads.UploadField(label="处理决定文件", kind=uploads.DOCUMENT)


class CreditYearForm(forms.Form):
    year = forms.IntegerField(label="学分年度", min_value=2000, max_value=2100)
    policy_id = forms.ChoiceField(label="政策包")
    locks_on = forms.DateField(
        label="锁定日期",
        widget=DATE,
        required=False,
        help_text="不填则按政策包规定的单位审核截止日锁定",
    )

    def __init__(self, *args, pack_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy_id"].choices = pack_choices(pack_ids)


class AnnualFactsForm(forms.Form):
    exemption = forms.ChoiceField(
        label="视同完成情形",
        required=False,
        choices=[("", "无"), *AnnualFacts.Exemption.choices],
    )
    reason = forms.CharField(label="说明", max_length=300, required=False)
    evidence = uploads.UploadField(label="证明材料", kind=uploads.PROOF, required=False)
    public_subject_hours = forms.DecimalField(
        label="公需科目学时", required=False, min_value=0, decimal_places=1
    )


class VerifyForm(forms.Form):
    code = forms.CharField(label="验证码", max_length=32)


class LedgerImportForm(forms.Form):
    file = uploads.UploadField(label="学分记录 CSV 文件", kind=uploads.CSV)
    source = forms.CharField(label="原平台名称", max_length=100, required=False)
