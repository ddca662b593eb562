"""Forms of the execution area: they only shape input; the domain functions decide."""

from django import forms

from jijiao.common import uploads
from jijiao.execution.models import ReportFile, Textbook
from jijiao.execution.uploads import KINDS, help_text
from jijiao.execution.vocab import Q7_OPTIONS, Q7_PICKS, Q7_TEXT, QUESTIONS
from jijiao.projects.models import Format

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HELD = [("yes", "已举办"), ("no", "未举办")]
YES_NO = [("", "—（无线上部分）"), ("yes", "是"), ("no", "否")]


class ReportForm(forms.Form):
    held = forms.ChoiceField(label="本期是否举办", choices=HELD, widget=forms.RadioSelect)
    not_held_reason = forms.CharField(
        label="未举办原因", required=False, max_length=300, help_text="未举办时必填"
    )
    actual_start = forms.DateField(label="实际开始日期", required=False, widget=DATE)
    actual_end = forms.DateField(label="实际结束日期", required=False, widget=DATE)
    actual_days = forms.DecimalField(
        label="实际举办天数", required=False, max_digits=4, decimal_places=1, min_value=0
    )
    venue = forms.CharField(label="实际举办地点", required=False, max_length=120)
    venue_province = forms.CharField(
        label="举办地所在省份", required=False, max_length=20, help_text="如：浙江"
    )
    scenic_area = forms.BooleanField(label="在风景名胜区举办", required=False)
    format = forms.ChoiceField(label="实际举办形式", choices=Format.choices)
    courseware_controls = forms.ChoiceField(
        label="课件管理（线上部分）",
        choices=YES_NO,
        required=False,
        help_text="课件进度条不能拖拽，不能同时打开多个课件，且有学习状态检测",
    )
    actual_hours = forms.DecimalField(
        label="实际学时数（远程项目）",
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=0,
    )
    upload_cycle_months = forms.TypedChoiceField(
        label="执行情况上传周期（远程项目）",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "—"),
            (1, "1 个月"),
            (2, "2 个月"),
            (3, "3 个月"),
            (6, "6 个月"),
            (12, "12 个月"),
        ],
    )
    analysis = forms.CharField(
        label="实际培训效果分析", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    problems = forms.CharField(
        label="存在的问题与建议", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def domain_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["held"] = data["held"] == "yes"
        controls = data.pop("courseware_controls")
        data["courseware_controls"] = None if not controls else controls == "yes"
        return data


class TopicForm(forms.Form):
    topic = forms.CharField(label="授课题目", required=False, max_length=120)
    teacher_name = forms.CharField(label="授课教师", required=False, max_length=40)
    hours = forms.DecimalField(
        label="学时", required=False, max_digits=5, decimal_places=2, min_value=0
    )


TopicFormSet = forms.formset_factory(TopicForm, extra=2, max_num=60)


class FileForm(uploads.UploadForm):
    kind = forms.ChoiceField(label="材料类型", choices=ReportFile.Kind.choices)
    file = uploads.UploadField(label="文件", kind_by=("kind", KINDS), help_text=help_text())


class TextbookForm(forms.Form):
    name = forms.CharField(label="教材名称", max_length=160)
    written_on = forms.DateField(label="编写时间", widget=DATE)
    authors = forms.CharField(label="编写人员或编写单位", max_length=200)
    form = forms.ChoiceField(label="教材形式", choices=Textbook.Form.choices)
    word_count = forms.IntegerField(label="教材字数", required=False, min_value=0)
    hours = forms.DecimalField(
        label="讲授时间（学时）", max_digits=5, decimal_places=2, min_value=0
    )
    contents = forms.CharField(label="教材目录或内容概述", widget=forms.Textarea(attrs={"rows": 4}))


class ReviewForm(forms.Form):
    note = forms.CharField(
        label="审核意见", required=False, max_length=500, help_text="退回或不通过时必填"
    )


class SurveyForm(forms.Form):
    """附件2 学员对该项目评估意见: questions 1–6 one option, question 7 exactly two."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, (name, text, options) in enumerate(QUESTIONS, start=1):
            self.fields[name] = forms.TypedChoiceField(
                label=f"{index}. {text}",
                choices=list(enumerate(options)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"请回答第 {index} 题"},
            )
        self.fields["q7"] = forms.TypedMultipleChoiceField(
            label=f"7. {Q7_TEXT}",
            choices=list(enumerate(Q7_OPTIONS)),
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": f"第 7 题请选 {Q7_PICKS} 项"},
        )

    def clean_q7(self):
        picked = self.cleaned_data["q7"]
        if len(picked) != Q7_PICKS:
            raise forms.ValidationError(
                f"第 7 题须选 {Q7_PICKS} 项（只许选二项），您选了 {len(picked)} 项"
            )
        return picked


class RankFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
