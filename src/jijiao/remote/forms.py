"""Forms of remote education: input shapes only; every rule is in the domain functions."""

from django import forms
from django.db.models import Max

from jijiao.common import uploads
from jijiao.orgs.models import Discipline
from jijiao.remote.models import Course, Provider, ProviderDocument


class ProviderForm(forms.ModelForm):
    platform_web = forms.URLField(label="电脑端学习平台网址", max_length=200, assume_scheme="https")

    class Meta:
        model = Provider
        fields = [
            "recognised_by",
            "platform_web",
            "platform_mobile",
            "contact_name",
            "contact_phone",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="材料类型",
        choices=[
            (value, label)
            for value, label in ProviderDocument.Kind.choices
            if value != ProviderDocument.Kind.DECISION
        ],
    )
    file = uploads.UploadField(label="文件", kind=uploads.DOCUMENT)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因/意见", max_length=300, required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=300)
    fraud = forms.BooleanField(label="因虚假授分撤销（作废该机构授予的全部学分）", required=False)
    document = uploads.UploadField(
        label="处理决定文件",
        required=False,
        kind=uploads.DOCUMENT,
        help_text="因虚假授分撤销时必须上传。" + uploads.DOCUMENT.help_text,
    )


def latest_disciplines():
    year = Discipline.objects.aggregate(year=Max("year"))["year"]
    return Discipline.objects.filter(year=year).order_by("code")


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "title",
            "discipline",
            "level",
            "project_number",
            "hours",
            "credits",
            "presence_interval_seconds",
            "presence_window_seconds",
            "pass_mark",
            "max_attempts",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discipline"].queryset = latest_disciplines()


class VideoForm(forms.Form):
    title = forms.CharField(label="视频标题", max_length=200)
    duration_seconds = forms.IntegerField(label="时长（秒）", min_value=1)
    file = uploads.UploadField(
        label="视频文件",
        required=False,
        kind=uploads.COURSE_VIDEO,
        help_text=uploads.COURSE_VIDEO.help_text
        + "，供本系统播放器播放；在机构自有平台播放的课程可不上传",
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label="题目", max_length=500)
    choices = forms.CharField(
        label="选项", widget=forms.Textarea(attrs={"rows": 4}), help_text="每行一个选项，2–6 个"
    )
    answer = forms.IntegerField(label="正确选项是第几个", min_value=1, max_value=6)

    def cleaned_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class ListUploadForm(forms.Form):
    file = uploads.UploadField(label="完成名单（Excel .xlsx）", kind=uploads.WORKBOOK)


class TokenForm(forms.Form):
    label = forms.CharField(label="用途", max_length=60, help_text="如：电脑端学习平台、手机 App")
