"""Forms of the office's intake, the expert review, the lists and history imports, the
training plans and the execution summaries."""

from django import forms
from django.forms import formset_factory

from jijiao.common import uploads
from jijiao.orgs.models import Account, Role
from jijiao.projects.models import Format, Level

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PaperReceiptForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    received_at = forms.DateTimeField(label="收到时间", widget=DATETIME)
    note = forms.CharField(label="备注", max_length=200, required=False)


class CriterionForm(forms.Form):
    name = forms.CharField(label="评审指标", max_length=80)
    weight = forms.IntegerField(label="分值", min_value=1, max_value=100)
    required = forms.BooleanField(label="必评项", required=False)


CriterionFormSet = formset_factory(CriterionForm, extra=2, max_num=20)

DEFAULT_CRITERIA = [
    {"name": "科学性与先进性（“四新”）", "weight": 30, "required": True},
    {"name": "实用性与针对性", "weight": 30, "required": True},
    {"name": "师资与课程设计", "weight": 25, "required": True},
    {"name": "培训条件与保障", "weight": 15, "required": False},
]


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label="评审专家", queryset=Account.objects.none())
    due = forms.DateField(
        label="评审截止日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="专家须在当天 24:00 前提交评分；逾期未评的会出现在工作台上。",
    )

    def __init__(self, *args, exclude_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        field.queryset = (
            Account.objects.filter(roles__role=Role.EXPERT, roles__active=True, is_active=True)
            .exclude(pk__in=exclude_ids)
            .select_related("person__unit")
            .distinct()
            .order_by("display_name", "username")
        )
        field.label_from_instance = expert_label


def expert_label(account: Account) -> str:
    person = account.person
    where = person.unit.name if person and person.unit_id else "无单位"
    title = (person.title_name or person.title_level) if person else ""
    return f"{account}（{where}{'，' + title if title else ''}）"


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="决定",
        choices=[("approve", "批准立项"), ("reject", "不予立项")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="意见（将告知申报人）", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    number = forms.CharField(
        label="项目编号",
        max_length=40,
        required=False,
        help_text="本政策包未规定该级别的编号格式，批准时请填写项目编号",
    )

    def __init__(self, *args, needs_number: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_number:
            del self.fields["number"]


class PublishForm(forms.Form):
    title = forms.CharField(label="名单名称", max_length=160, required=False)


class ScoreForm(forms.Form):
    """One field per criterion of the call, 0 to its weight, and the opinion."""

    opinion = forms.CharField(
        label="评审意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        opinion = self.fields.pop("opinion")
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name}（0–{criterion.weight} 分）",
                min_value=0,
                max_value=criterion.weight,
                decimal_places=1,
                required=criterion.required,
                help_text="必评项" if criterion.required else "可不评",
            )
        self.fields["opinion"] = opinion

    def scores(self) -> dict:
        return {
            c.pk: self.cleaned_data[f"score_{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"score_{c.pk}") is not None
        }


class ConflictForm(forms.Form):
    note = forms.CharField(label="回避理由", max_length=200)


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
