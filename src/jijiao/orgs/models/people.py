"""People (卫技人员), their employment history and transfers between units."""

from django.db import models

from jijiao.common import idnumbers
from jijiao.orgs.models.units import Department, Unit


class Person(models.Model):
    """A health worker, identified by the resident ID number.

    The number itself is stored only encrypted (``id_encrypted``); ``id_hash`` finds it again and
    ``id_masked`` is what screens show. Birth date and sex are derived from the number.
    """

    class TitleSeries(models.TextChoices):
        PHYSICIAN = "医师", "医师"
        NURSING = "护理", "护理"
        PHARMACY = "药师", "药师"
        TECHNICIAN = "技师", "技师"
        OTHER = "其他", "其他"

    class TitleLevel(models.TextChoices):
        JUNIOR = "初级", "初级"
        INTERMEDIATE = "中级", "中级"
        ASSOCIATE = "副高", "副高"
        SENIOR = "正高", "正高"

    class JobType(models.TextChoices):
        """岗位类别, as a pack's ``person.job_type`` cases name them (docs/packs.md)."""

        PHYSICIAN = "医师", "医师"
        NURSE = "护士", "护士"
        PHARMACIST = "药师", "药师"
        TECHNICIAN = "技师", "技师"
        MANAGEMENT = "管理", "管理"

    class Employment(models.TextChoices):
        ACTIVE = "active", "在职"
        RETIRED = "retired", "退休"
        LEFT = "left", "离职"
        IN_TRANSFER = "in_transfer", "调出待调入"

    id_hash = models.CharField(max_length=64, unique=True, editable=False)
    id_encrypted = models.TextField(editable=False)
    id_masked = models.CharField("身份证号", max_length=18, editable=False)
    birth_date = models.DateField("出生日期", editable=False)
    sex = models.CharField("性别", max_length=1, choices=[("M", "男"), ("F", "女")], editable=False)
    name = models.CharField("姓名", max_length=40, db_index=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    education = models.CharField("学历", max_length=20, blank=True)
    graduation_date = models.DateField("毕业时间", null=True, blank=True)
    graduation_school = models.CharField("毕业院校", max_length=80, blank=True)
    graduation_major = models.CharField("所学专业", max_length=60, blank=True)
    title_series = models.CharField(
        "职称系列", max_length=4, choices=TitleSeries.choices, blank=True
    )
    title_level = models.CharField("职称级别", max_length=4, choices=TitleLevel.choices, blank=True)
    title_name = models.CharField("职称名称", max_length=40, blank=True)
    title_date = models.DateField("现职称取得时间", null=True, blank=True)
    job_type = models.CharField("岗位类别", max_length=4, choices=JobType.choices, blank=True)
    specialty = models.CharField("专业(学科代码)", max_length=5, blank=True)
    is_health_professional = models.BooleanField("卫生专业技术人员", default=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    department = models.ForeignKey(
        Department, verbose_name="科室", null=True, blank=True, on_delete=models.PROTECT
    )
    employment_status = models.CharField(
        "在职状态", max_length=12, choices=Employment.choices, default=Employment.ACTIVE
    )
    # Trainees from elsewhere declare their unit and province until that unit joins the system.
    declared_unit_name = models.CharField("自报单位", max_length=120, blank=True)
    declared_province = models.CharField("自报省份", max_length=20, blank=True)
    self_registered = models.BooleanField("自行注册", default=False)
    confirmed_by_unit = models.BooleanField("单位已确认", default=True)

    class Meta:
        verbose_name = "人员"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.id_masked}）"

    def set_id_number(self, raw: str) -> None:
        facts = idnumbers.parse(raw)
        self.id_hash = idnumbers.lookup_hash(facts.number)
        self.id_encrypted = idnumbers.encrypt(facts.number)
        self.id_masked = idnumbers.mask(facts.number)
        self.birth_date = facts.birth_date
        self.sex = facts.sex

    def reveal_id_number(self) -> str:
        """The full number. Callers log the reveal (see ``people.person_reveal_id_number``)."""
        return idnumbers.decrypt(self.id_encrypted)

    @property
    def province_name(self) -> str:
        """A trainee's province is their unit's province, else what they declared."""
        if self.unit_id:
            return self.unit.division.province.name
        return self.declared_province


class Employment(models.Model):
    """One stint of a person at a unit; the open one has no ``ended_on``."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="employments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employments")
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("终止日期", null=True, blank=True)

    class Meta:
        verbose_name = "任职记录"
        ordering = ["person", "started_on"]

    def __str__(self) -> str:
        return f"{self.unit} {self.started_on}–{self.ended_on or ''}"


class Transfer(models.Model):
    """A move between units by ID number (seed 003 第十八条): out from one, in at the other."""

    class State(models.TextChoices):
        RELEASED = "released", "已调出，待调入"
        COMPLETED = "completed", "已调入"
        CANCELLED = "cancelled", "已撤销"

    # Where each state may go next (jijiao.common.transitions); a state not listed is final.
    TRANSITIONS = {
        State.RELEASED: {State.COMPLETED, State.CANCELLED},
    }

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="transfers")
    from_unit = models.ForeignKey(
        Unit, verbose_name="调出单位", on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_unit = models.ForeignKey(
        Unit,
        verbose_name="调入单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_in",
    )
    state = models.CharField("状态", max_length=10, choices=State.choices)
    reason = models.CharField("原因", max_length=200, blank=True)
    forced = models.BooleanField("市继教办强制调动", default=False)
    released_at = models.DateTimeField("调出时间")
    released_by = models.ForeignKey(
        "orgs.Account", on_delete=models.PROTECT, related_name="+", null=True
    )
    completed_at = models.DateTimeField("调入时间", null=True, blank=True)
    completed_by = models.ForeignKey(
        "orgs.Account", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = "人员调动"
        ordering = ["-released_at"]

    def __str__(self) -> str:
        return f"{self.person.name}：{self.from_unit} → {self.to_unit or '待调入'}"


class TransferProof(models.Model):
    """A certificate a forced transfer was done on (seed 003 第十八条): the deregistration
    certificate from the office that licensed the closed unit, the intake certificate from the
    unit taking the person in."""

    class Kind(models.TextChoices):
        DEREGISTRATION = "deregistration", "原注销机构发证单位开具的注销证明"
        INTAKE = "intake", "现单位开具的调入证明"

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="proofs")
    kind = models.CharField("证明", max_length=16, choices=Kind.choices)
    file = models.FileField("文件", upload_to="transfers/%Y/%m/", max_length=200)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=80)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "调动证明"
        ordering = ["transfer", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"
