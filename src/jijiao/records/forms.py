"""Forms of the records kept against people: finding a person, a record, a withdrawal, an
unexecuted project."""

from django import forms

from jijiao.common import clock
from jijiao.common.vocab import Level, Track
from jijiao.records.models import PersonRecord

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def year_field(label: str = "年度") -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=2000, max_value=2100)


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="姓名或完整身份证号", max_length=40, required=False)


class PersonRecordForm(forms.Form):
    kind = forms.ChoiceField(label="记录类型", choices=PersonRecord.Kind.choices)
    date = forms.DateField(label="认定日期", widget=DATE)
    note = forms.CharField(label="情况说明", max_length=200)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=200)


class UnexecutedForm(forms.Form):
    year = year_field("立项年度")
    level = forms.ChoiceField(label="项目级别", choices=Level.choices, initial=Level.CITY)
    track = forms.ChoiceField(
        label="项目类型", choices=[(Track.NEW, "新立项"), (Track.REFILING, "备案")]
    )
    number = forms.CharField(label="项目编号", max_length=40, required=False)
    name = forms.CharField(label="项目名称", max_length=160)
    reason = forms.CharField(label="未举办原因", max_length=200)
    excused = forms.BooleanField(
        label="理由正当",
        required=False,
        help_text="勾选后不影响负责人今后申报（APP_PI_UNEXECUTED 只计无正当理由的）",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", clock.today().year - 1)
        super().__init__(*args, **kwargs)
