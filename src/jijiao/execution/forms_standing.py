"""Forms of the office's sanctions, criticisms, year scan and assessment pages (shape only)."""

from django import forms

from jijiao.common import clock
from jijiao.hosting.models import Sanction
from jijiao.policy.access import all_pack_ids, pack_choices


def _packs() -> list[tuple[str, str]]:
    """The packs by title (their IDs are what the form sends)."""
    return pack_choices(all_pack_ids())


def _year(label: str = "年度") -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=2000, max_value=2100)


class DecideForm(forms.Form):
    action = forms.ChoiceField(choices=[("confirm", "确认"), ("dismiss", "撤销")])
    reason = forms.CharField(label="理由", max_length=300, required=False)


class ScanForm(forms.Form):
    year = _year("事件年度")
    policy_id = forms.ChoiceField(label="按政策包", choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy_id"].choices = _packs()
        self.fields["year"].initial = clock.today().year - 1


class CriticismForm(forms.Form):
    unit = forms.ModelChoiceField(label="被通报单位", queryset=None)
    year = _year()
    issuer = forms.CharField(label="通报机关", max_length=80, help_text="如：湖南省卫生健康委")
    text = forms.CharField(label="通报内容", max_length=300, widget=forms.Textarea({"rows": 2}))
    policy_id = forms.ChoiceField(label="按政策包", choices=())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["policy_id"].choices = _packs()
        self.fields["year"].initial = clock.today().year


class StateFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), *Sanction.State.choices],
    )
    year = forms.IntegerField(label="生效年度", required=False, min_value=2000, max_value=2100)


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)


class WorkReportForm(forms.Form):
    text = forms.CharField(
        label="本年度继续医学教育工作开展情况及相关信息",
        max_length=20000,
        widget=forms.Textarea({"rows": 8}),
    )
