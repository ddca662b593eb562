"""Accounts, roles scoped to organisations, login failures, unit account requests."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from jijiao.orgs.models.people import Person
from jijiao.orgs.models.units import Department, Unit


class Role(models.TextChoices):
    TRAINEE = "trainee", "学员"
    APPLICANT = "applicant", "项目负责人(申报人)"
    DEPARTMENT_ADMIN = "department_admin", "科室管理员"
    UNIT_ADMIN = "unit_admin", "单位管理员"
    COUNTY_OFFICE = "county_office", "区县继教管理员"
    CITY_OFFICE = "city_office", "市继教办"
    PROVINCE_OFFICE = "province_office", "省继委办"
    NATIONAL_OFFICE = "national_office", "全继委办"
    EXPERT = "expert", "评审专家"
    INSPECTOR = "inspector", "督导员"
    PROVIDER = "provider", "远程教育机构管理员"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


OFFICE_ROLES_SET = {
    Role.COUNTY_OFFICE,
    Role.CITY_OFFICE,
    Role.PROVINCE_OFFICE,
    Role.NATIONAL_OFFICE,
}
SEPARATED_ADMIN_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}


class Account(AbstractUser):
    """A login. Linked to a person for everyone who is one; office and admin logins may not be."""

    person = models.OneToOneField(
        Person,
        verbose_name="人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account",
    )
    display_name = models.CharField("显示名称", max_length=60, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "账号"

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_session_auth_hash(self) -> str:
        """The HMAC of the password hash that every signed-in request compares with its
        session's, kept beside the password it was made from: ``orgs.auth`` hands each request
        a copy of one account read, so a worker computes it once per read, not per request."""
        kept = self.__dict__.get("_session_auth_hash")
        if kept is None or kept[0] != self.password:
            kept = (self.password, super().get_session_auth_hash())
            self.__dict__["_session_auth_hash"] = kept
        return kept[1]


class RoleAssignment(models.Model):
    """A role held by an account, scoped to an organisation (and a department for 科室管理员)."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="roles")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name="所属机构", null=True, blank=True, on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        Department, verbose_name="科室", null=True, blank=True, on_delete=models.PROTECT
    )
    active = models.BooleanField("有效", default=True)
    granted_at = models.DateTimeField("授予时间")
    granted_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "角色"
        ordering = ["account", "role"]

    def __str__(self) -> str:
        scope = f"（{self.unit}）" if self.unit_id else ""
        return f"{self.get_role_display()}{scope}"


class LoginFailure(models.Model):
    """One failed login, kept for the per-address throttle."""

    at = models.DateTimeField(db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    username = models.CharField(max_length=150)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.address} {self.username}"


class UnitAccountApplication(models.Model):
    """A unit's request for an admin account (seed 003 附件3).

    Units licensed by a district apply through the district office, which forwards it (第十五条).
    """

    class State(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        FORWARDED = "forwarded", "区县已转报"
        APPROVED = "approved", "已开通"
        REJECTED = "rejected", "已退回"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.SUBMITTED: {State.FORWARDED, State.APPROVED, State.REJECTED},
        State.FORWARDED: {State.APPROVED, State.REJECTED},
    }

    unit_name = models.CharField("单位名称", max_length=120)
    unit_kind = models.CharField("单位类型", max_length=20, choices=Unit.Kind.choices)
    division = models.ForeignKey("orgs.Division", verbose_name="所在区划", on_delete=models.PROTECT)
    licence_number = models.CharField("执业许可证号/登记号", max_length=60)
    licensed_by_district = models.BooleanField("由区县发证", default=False)
    legal_representative = models.CharField("法定代表人", max_length=40)
    agent_name = models.CharField("经办人", max_length=40)
    agent_phone = models.CharField("经办人电话", max_length=20)
    agent_id_masked = models.CharField("经办人身份证号", max_length=18)
    agent_id_encrypted = models.TextField()
    state = models.CharField("状态", max_length=10, choices=State.choices)
    submitted_at = models.DateTimeField("提交时间")
    decided_at = models.DateTimeField("办理时间", null=True, blank=True)
    decision_note = models.CharField("办理意见", max_length=200, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    admin_account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The month the office takes it up: submitted after the pack's monthly cut-off (Changsha:
    # the 25th, seed 003 第十四条) it waits for the next month. Empty: no cut-off.
    handled_from = models.DateField("受理月份", null=True, blank=True)

    class Meta:
        verbose_name = "单位账号申请"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return self.unit_name


class UnitApplicationScan(models.Model):
    """A scan sent with a unit's account application (seed 003 第十四条): the stamped 附件3,
    the stamped licence, the legal representative's and the agent's ID cards."""

    class Kind(models.TextChoices):
        FORM = "form", "加盖公章的申请信息表（附件3）扫描件"
        LICENCE = "licence", "加盖单位公章的医疗机构执业许可证扫描件"
        LEGAL_REPRESENTATIVE_ID = "legal_representative_id", "单位法人身份证扫描件"
        AGENT_ID = "agent_id", "委托办理人身份证扫描件"

    application = models.ForeignKey(
        UnitAccountApplication, on_delete=models.CASCADE, related_name="scans"
    )
    kind = models.CharField("材料", max_length=24, choices=Kind.choices)
    file = models.FileField("文件", upload_to="unit-applications/%Y/%m/", max_length=200)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=80)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "单位账号申请材料"
        ordering = ["application", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="one_scan_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"


class PasswordReset(models.Model):
    """A password reset done by an office or a unit admin, with the stamped request it was done
    on where the city's pack asks for one (seed 003 第十七条: 加盖本单位公章的申请说明材料)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="resets")
    at = models.DateTimeField("重置时间")
    by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    request = models.FileField(
        "盖章申请说明", upload_to="password-resets/%Y/%m/", max_length=200, blank=True
    )
    request_name = models.CharField("文件名", max_length=200, blank=True)
    request_type = models.CharField("类型", max_length=80, blank=True)
    request_size = models.PositiveIntegerField("大小（字节）", null=True, blank=True)
    request_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "密码重置记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.account} {self.at:%Y-%m-%d %H:%M}"


class UnitRenameRequest(models.Model):
    """A unit's request to change its name (seed 003 附件4)."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        APPROVED = "approved", "已更名"
        REJECTED = "rejected", "已退回"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.SUBMITTED: {State.APPROVED, State.REJECTED},
    }

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="rename_requests")
    old_name = models.CharField("原名称", max_length=120)
    new_name = models.CharField("新名称", max_length=120)
    reason = models.CharField("更名原因", max_length=200)
    state = models.CharField("状态", max_length=10, choices=State.choices)
    submitted_at = models.DateTimeField("提交时间")
    submitted_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("办理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "单位更名申请"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.old_name} → {self.new_name}"


class ApiToken(models.Model):
    """A token for an integration; only its SHA-256 is stored, the token is shown once."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="api_tokens")
    label = models.CharField("用途", max_length=60)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("令牌前缀", max_length=8)
    created_at = models.DateTimeField("创建时间")
    revoked = models.BooleanField("已撤销", default=False)

    class Meta:
        verbose_name = "接口令牌"

    def __str__(self) -> str:
        return f"{self.label}（{self.prefix}…）"
