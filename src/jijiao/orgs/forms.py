"""Forms of the orgs area. Validation of meaning lives in the domain; forms check shape."""

from django import forms

from jijiao.common import uploads
from jijiao.orgs.domain.accounts import UNIT_GRANTABLE_ROLES
from jijiao.orgs.models import (
    Department,
    Division,
    Person,
    Role,
    TransferProof,
    Unit,
    UnitApplicationScan,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LoginForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码", widget=forms.PasswordInput)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput)
    new_password = forms.CharField(label="新密码", widget=forms.PasswordInput)
    new_password_again = forms.CharField(label="再次输入新密码", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", "两次输入的新密码不一致")
        return data


class PersonForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    id_number = forms.CharField(label="身份证号", max_length=18, required=False)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    department = forms.ModelChoiceField(
        label="科室", queryset=Department.objects.none(), required=False
    )
    education = forms.CharField(label="学历", max_length=20, required=False)
    title_series = forms.ChoiceField(
        label="职称系列", required=False, choices=[("", "—"), *Person.TitleSeries.choices]
    )
    title_level = forms.ChoiceField(
        label="职称级别", required=False, choices=[("", "—"), *Person.TitleLevel.choices]
    )
    title_name = forms.CharField(label="职称名称", max_length=40, required=False)
    title_date = forms.DateField(label="现职称取得时间", required=False, widget=DATE)
    job_type = forms.ChoiceField(
        label="岗位类别", required=False, choices=[("", "—"), *Person.JobType.choices]
    )
    specialty = forms.CharField(
        label="专业(学科代码)", max_length=5, required=False, help_text="如 03-06"
    )
    graduation_date = forms.DateField(label="毕业时间", required=False, widget=DATE)
    graduation_school = forms.CharField(label="毕业院校", max_length=80, required=False)
    graduation_major = forms.CharField(label="所学专业", max_length=60, required=False)

    def __init__(self, *args, unit: Unit, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = unit.departments.filter(active=True)
        if creating:
            self.fields["id_number"].required = True
        else:
            del self.fields["id_number"]

    def person_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("id_number", None)
        data.pop("department", None)
        return data


class ImportForm(forms.Form):
    file = uploads.UploadField(label="人员名单 Excel 文件 (.xlsx)", kind=uploads.WORKBOOK)


class TransferOutForm(forms.Form):
    reason = forms.CharField(label="调出原因", max_length=200, required=False)


class TransferInForm(forms.Form):
    id_number = forms.CharField(label="身份证号", max_length=18)
    department = forms.ModelChoiceField(
        label="科室", queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = unit.departments.filter(active=True)


class ForceTransferForm(forms.Form):
    reason = forms.CharField(label="强制调出原因", max_length=200)
    # The certificates a city may ask for (seed 003 第十八条); which are needed is its pack's.
    deregistration = uploads.UploadField(
        label=TransferProof.Kind.DEREGISTRATION.label, kind=uploads.DOCUMENT, required=False
    )
    intake = uploads.UploadField(
        label=TransferProof.Kind.INTAKE.label, kind=uploads.DOCUMENT, required=False
    )


class DepartmentForm(forms.Form):
    name = forms.CharField(label="科室名称", max_length=60)


class StaffAccountForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    role = forms.ChoiceField(
        label="角色", choices=[(r.value, r.label) for r in Role if r in UNIT_GRANTABLE_ROLES]
    )
    department = forms.ModelChoiceField(
        label="科室（科室管理员）", queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = unit.departments.filter(active=True)


class SelfRegisterForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    id_number = forms.CharField(label="身份证号", max_length=18)
    phone = forms.CharField(label="手机号", max_length=20)
    unit_name = forms.CharField(label="工作单位", max_length=120)
    province = forms.ModelChoiceField(
        label="单位所在省份",
        queryset=Division.objects.filter(level="province"),
        to_field_name="name",
    )
    title_level = forms.ChoiceField(
        label="职称级别", required=False, choices=[("", "—"), *Person.TitleLevel.choices]
    )
    specialty = forms.CharField(label="专业(学科代码)", max_length=5, required=False)
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码", widget=forms.PasswordInput)


class ResetForm(forms.Form):
    request = uploads.UploadField(
        label="加盖本单位公章的申请说明材料",
        kind=uploads.DOCUMENT,
        required=False,
        help_text="单位账号密码遗失时，按所在市规定提交（如须提交，缺少时不能重置）",
    )


class UnitAccountApplicationForm(forms.Form):
    unit_name = forms.CharField(label="单位名称", max_length=120)
    unit_kind = forms.ChoiceField(
        label="单位类型", choices=[c for c in Unit.Kind.choices if c[0] != "office"]
    )
    division = forms.ModelChoiceField(label="所在区划", queryset=Division.objects.all())
    licence_number = forms.CharField(label="执业许可证号/登记号", max_length=60)
    licensed_by_district = forms.BooleanField(label="由区县卫健局发证", required=False)
    legal_representative = forms.CharField(label="法定代表人", max_length=40)
    agent_name = forms.CharField(label="经办人", max_length=40)
    agent_phone = forms.CharField(label="经办人电话", max_length=20)
    agent_id_number = forms.CharField(label="经办人身份证号", max_length=18)
    # The scans a city may ask for (seed 003 第十四条); which are needed is its pack's.
    form = uploads.UploadField(
        label=UnitApplicationScan.Kind.FORM.label, kind=uploads.DOCUMENT, required=False
    )
    licence = uploads.UploadField(
        label=UnitApplicationScan.Kind.LICENCE.label, kind=uploads.DOCUMENT, required=False
    )
    legal_representative_id = uploads.UploadField(
        label=UnitApplicationScan.Kind.LEGAL_REPRESENTATIVE_ID.label,
        kind=uploads.DOCUMENT,
        required=False,
    )
    agent_id = uploads.UploadField(
        label=UnitApplicationScan.Kind.AGENT_ID.label, kind=uploads.DOCUMENT, required=False
    )

    SCANS = ("form", "licence", "legal_representative_id", "agent_id")

    def fields_and_scans(self) -> tuple[dict, dict]:
        data = dict(self.cleaned_data)
        scans = {kind: data.pop(kind) for kind in self.SCANS if kind in data}
        return data, {kind: upload for kind, upload in scans.items() if upload}


class ApproveUnitApplicationForm(forms.Form):
    supervisor = forms.ModelChoiceField(label="上级主管部门", queryset=Unit.objects.none())
    username = forms.CharField(label="管理员用户名", max_length=150)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = offices


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200)


class RenameForm(forms.Form):
    new_name = forms.CharField(label="新名称", max_length=120)
    reason = forms.CharField(label="更名原因", max_length=200)


class LicenceForm(forms.Form):
    status = forms.ChoiceField(label="执业状态", choices=Unit.Licence.choices)
    reason = forms.CharField(label="原因", max_length=200)


class CategoryForm(forms.Form):
    category = forms.ChoiceField(
        label="单位类别",
        choices=[("", "未设置"), *Unit.Category.choices],
        required=False,
        help_text="政策包可按单位类别给出不同的要求（如年度学分下限）",
    )


class GrantRoleForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    unit = forms.ModelChoiceField(label="所属机构", queryset=Unit.objects.all(), required=False)
