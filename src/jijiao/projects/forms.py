from django import forms

from jijiao.orgs.models import Unit
from jijiao.policy.access import pack_choices
from jijiao.projects.models import Call, Level

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(forms.Form):
    title = forms.CharField(label="通知名称", max_length=160)
    level = forms.ChoiceField(label="项目级别", choices=Level.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="类型", choices=Call.Kind.choices)
    policy_id = forms.ChoiceField(label="政策包")
    opens_at = forms.DateTimeField(
        label="申报开始", required=False, widget=DATETIME, help_text="留空则取政策包规定的时间"
    )
    closes_at = forms.DateTimeField(
        label="申报截止",
        required=False,
        widget=DATETIME,
        help_text="留空则取政策包规定的时间（培训计划：政策包规定的下一个计划提交截止日）",
    )
    paper_deadline = forms.DateTimeField(
        label="纸质材料截止", required=False, widget=DATETIME, help_text="留空则取政策包规定的时间"
    )
    tcm_office = forms.ModelChoiceField(
        label="中医类项目受理部门",
        queryset=Unit.objects.none(),
        required=False,
        help_text="政策包规定中医类项目由中医主管处室受理审核时必选",
    )
    notice_text = forms.CharField(label="通知说明", required=False, widget=forms.Textarea)

    def __init__(self, *args, pack_ids: list[str], tcm_offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy_id"].choices = pack_choices(pack_ids)
        if tcm_offices is None:
            del self.fields["tcm_office"]
        else:
            self.fields["tcm_office"].queryset = tcm_offices


class ExtendForm(forms.Form):
    closes_at = forms.DateTimeField(label="新的截止时间", widget=DATETIME)
    reason = forms.CharField(label="延期原因", max_length=200)


class PaperExtendForm(forms.Form):
    paper_deadline = forms.DateTimeField(label="新的纸质材料截止时间", widget=DATETIME)
    reason = forms.CharField(label="延长原因", max_length=200)


class CloseForm(forms.Form):
    reason = forms.CharField(label="提前截止原因", max_length=200)
