from django import forms
from django.utils.html import format_html

from jijiao.common import uploads
from jijiao.policy.access import pack_choices


class NewPackForm(forms.Form):
    extends = forms.ChoiceField(label="以此政策包为基础")
    pack_id = forms.CharField(
        label="新政策包标识",
        max_length=63,
        help_text=format_html("字母、数字和连字符，如 <code>{}</code>", "wenzhou-2026"),
    )
    title = forms.CharField(label="名称", max_length=120)
    notice = forms.CharField(label="依据文件", max_length=120, required=False)

    def __init__(self, *args, pack_ids: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["extends"].choices = pack_choices(pack_ids)


class PackTextForm(forms.Form):
    text = forms.CharField(label="内容 (TOML)", widget=forms.Textarea(attrs={"rows": 30}))


class BatchPrecheckForm(forms.Form):
    policy_id = forms.ChoiceField(label="按此政策包预审")
    file = uploads.UploadField(label="申报项目 Excel 文件 (.xlsx)", kind=uploads.WORKBOOK)

    def __init__(self, *args, pack_ids: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy_id"].choices = pack_choices(pack_ids)
