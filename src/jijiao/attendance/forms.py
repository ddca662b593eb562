from django import forms

from jijiao.attendance.models import AttendanceCorrection, Kind
from jijiao.common import uploads

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class WindowForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Kind.choices)
    opens_at = forms.DateTimeField(label="开始", widget=DATETIME)
    closes_at = forms.DateTimeField(label="结束", widget=DATETIME)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="学员码", max_length=200, help_text="扫码枪扫入或手工输入学员码下方的文字"
    )


class WatchLogForm(forms.Form):
    log = uploads.UploadField(
        label="观看记录（CSV 或 Excel）",
        kind=uploads.TABLE,
        help_text=(
            f"{uploads.TABLE.help_text}。列：身份证号（或账号）、进入时间、离开时间；"
            "时间如 2022-06-01 08:00:00"
        ),
    )


class CorrectionForm(forms.Form):
    person = forms.TypedChoiceField(label="学员", coerce=int)
    field = forms.ChoiceField(label="更正项", choices=AttendanceCorrection.Field.choices)
    value_at = forms.DateTimeField(
        label="更正为（时间）", required=False, widget=DATETIME, help_text="更正签到或签退时填写"
    )
    minutes = forms.IntegerField(
        label="更正为（分钟）", required=False, min_value=0, help_text="更正在线时长时填写"
    )
    reason = forms.CharField(label="更正原因", max_length=300)
    evidence = uploads.UploadField(label="证明材料", kind=uploads.DOCUMENT)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, f"{p.name}（{p.id_masked}）") for p in people]


class WalkInForm(forms.Form):
    id_number = forms.CharField(
        label="学员身份证号", max_length=18, help_text="现场报到的学员须已在系统中注册"
    )
