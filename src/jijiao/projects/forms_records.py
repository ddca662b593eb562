"""Forms of the office's records, imports, training plans and execution summaries."""

from django import forms

from jijiao.common import clock, uploads
from jijiao.projects.models import Format, Level, PersonRecord, Track

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def year_field(label: str = "年度") -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=2000, max_value=2100)


class ListImportForm(forms.Form):
    level = forms.ChoiceField(
        label="名单级别", choices=[(Level.NATIONAL, "国家级"), (Level.PROVINCIAL, "省级")]
    )
    year = year_field()
    title = forms.CharField(
        label="名单名称",
        max_length=160,
        required=False,
        help_text="如：2024年第一批国家级继续医学教育项目；留空则自动生成",
    )
    file = uploads.UploadField(label="名单 Excel 文件 (.xlsx)", kind=uploads.WORKBOOK)


class HistoryImportForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="单位",
        queryset=None,
        required=False,
        help_text="文件中没有“举办单位”列时必选；有该列时可留空",
    )
    file = uploads.UploadField(label="历年项目 Excel 文件 (.xlsx)", kind=uploads.WORKBOOK)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


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


class SummaryForm(forms.Form):
    year = year_field()
    level = forms.ChoiceField(label="级别", choices=Level.choices, initial=Level.CITY)


class PlanRowForm(forms.Form):
    name = forms.CharField(label="培训名称", max_length=120)
    content = forms.CharField(label="培训内容", max_length=400)
    audience = forms.CharField(label="培训对象", max_length=120)
    time_text = forms.CharField(label="培训时间", max_length=60, help_text="如 2022年5月10日—12日")
    place = forms.CharField(label="培训地点", max_length=120)
    numbers = forms.IntegerField(label="培训人数", min_value=1)
    organiser = forms.CharField(
        label="承办单位", max_length=120, required=False, help_text="留空为本单位"
    )
    format = forms.ChoiceField(label="培训方式", choices=Format.choices)
    credits = forms.DecimalField(
        label="拟授学分", max_digits=4, decimal_places=1, min_value=0.1, max_value=999.9
    )
    note = forms.CharField(label="备注", max_length=200, required=False)


PlanRowFormSet = forms.formset_factory(
    PlanRowForm, extra=2, can_delete=True, max_num=200, validate_max=True
)
