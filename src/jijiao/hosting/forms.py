from django import forms

from jijiao.common import uploads
from jijiao.hosting.models import Sanction
from jijiao.hosting.teachers import HELP as TEACHERS_HELP
from jijiao.policy.access import pack_choices
from jijiao.projects.models import Format

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(label="开始时间", widget=DATETIME)
    ends_at = forms.DateTimeField(label="结束时间", widget=DATETIME)
    venue = forms.CharField(label="举办地点", max_length=120)
    scenic_area = forms.BooleanField(label="位于风景名胜区", required=False)
    format = forms.ChoiceField(label="举办方式", choices=Format.choices)
    days = forms.DecimalField(
        label="天数", max_digits=4, decimal_places=1, min_value=0.5, help_text="如 1.5"
    )
    capacity = forms.IntegerField(label="计划招生人数", min_value=1)
    teachers = forms.CharField(
        label="授课教师",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "张建华，副高，03-01，理论"}),
        help_text=TEACHERS_HELP,
    )
    schedule = forms.CharField(
        label="日程安排", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    hours = forms.DecimalField(
        label="计划学时",
        max_digits=5,
        decimal_places=1,
        min_value=0,
        required=False,
        help_text="本期理论与实践授课学时；有的通知规定不得少于批准的学时",
    )


class SessionCreateForm(SessionForm):
    policy_id = forms.ChoiceField(label="政策包", required=False)

    def __init__(self, *args, pack_ids: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if pack_ids is None:
            del self.fields["policy_id"]
        else:
            self.fields["policy_id"].choices = pack_choices(pack_ids)


class SessionChangeForm(SessionForm):
    reason = forms.CharField(
        label="变更原因",
        required=False,
        max_length=300,
        help_text="已报备的期次变更时间、地点、方式、天数或教师时必填",
    )


class FilingForm(forms.Form):
    notice_name = forms.CharField(label="通知所载项目名称", max_length=160, required=False)
    notice_number = forms.CharField(label="通知所载项目编号", max_length=40, required=False)
    notice_host = forms.CharField(label="通知所载主办单位", max_length=120, required=False)
    fee_statement = forms.CharField(
        label="是否收费", max_length=120, required=False, help_text="如：不收费"
    )
    registration_date = forms.DateField(label="报到日期", required=False, widget=DATE)
    notice_start = forms.DateField(label="开始日期", required=False, widget=DATE)
    notice_end = forms.DateField(label="结束日期", required=False, widget=DATE)
    notice_format = forms.CharField(label="举办方式", max_length=20, required=False)
    notice_venue = forms.CharField(label="举办地点", max_length=120, required=False)
    contact = forms.CharField(label="联系人", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    name_prefix_approved = forms.BooleanField(
        label="名称冠以“全国”“中华”等字样已获批准", required=False
    )
    content = forms.CharField(
        label="项目内容",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="已按批准的申报书“项目简介”填入；按举办通知所载的内容填写，批准后不得擅自变更",
    )


class ScanForm(forms.Form):
    notice_scan = uploads.UploadField(label="盖章通知扫描件", kind=uploads.DOCUMENT)


class ReviewForm(forms.Form):
    note = forms.CharField(label="审核意见", required=False, max_length=500, help_text="退回时必填")


class DrawForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    rate = forms.DecimalField(
        label="抽查比例",
        max_digits=4,
        decimal_places=2,
        min_value=0.01,
        max_value=1,
        required=False,
        help_text="留空按政策包规定的比例；不得低于政策包规定的比例",
    )
    seed = forms.CharField(
        label="随机种子",
        max_length=40,
        required=False,
        help_text="留空则随机生成；填入以往的种子可复现同一抽查结果",
    )


class AssignForm(forms.Form):
    inspector = forms.TypedChoiceField(label="督导员", coerce=int)

    def __init__(self, *args, inspectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].choices = [(a.pk, str(a)) for a in inspectors]


class InspectionRecordForm(forms.Form):
    findings = forms.CharField(label="督导发现", widget=forms.Textarea(attrs={"rows": 5}))
    violation = forms.BooleanField(label="存在违规", required=False)


class PhotoForm(forms.Form):
    photo = uploads.UploadField(
        label="现场照片",
        kind=uploads.DOCUMENT,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label="处理方式")
    years = forms.TypedChoiceField(
        label="取消年限",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), (1, "1 年"), (2, "2 年"), (3, "3 年")],
        help_text="取消项目负责人申报资格时填写",
    )
    quota_cut = forms.IntegerField(
        label="缩减名额", required=False, min_value=1, help_text="缩减单位申报名额时填写"
    )
    reason = forms.CharField(label="处理原因", max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Sanction.Kind.choices
