from django import forms

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
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一人",
    )
    schedule = forms.CharField(
        label="日程安排", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class SessionCreateForm(SessionForm):
    policy_id = forms.ChoiceField(label="政策包", required=False)

    def __init__(self, *args, pack_ids: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if pack_ids is None:
            del self.fields["policy_id"]
        else:
            self.fields["policy_id"].choices = [(p, p) for p in pack_ids]


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


class ScanForm(forms.Form):
    notice_scan = forms.FileField(label="盖章通知扫描件", help_text="PDF、JPG 或 PNG，不超过 15 MB")


class ReviewForm(forms.Form):
    note = forms.CharField(label="审核意见", required=False, max_length=500, help_text="退回时必填")
