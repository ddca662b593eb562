"""Units (单位): hospitals, CDCs, societies, remote providers, and the offices above them."""

from django.db import models

from jijiao.orgs.models.reference import Division


class Unit(models.Model):
    """An organisation. Offices (继教办, 卫健局) are units of kind ``office`` with a level.

    ``supervisor`` is the supervising authority (上级主管部门): the approval chains of credits and
    audits walk up it (unit → county office → city office).
    """

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", "医院"
        CDC = "cdc", "疾控中心"
        SOCIETY = "society", "学会/协会"
        REMOTE_PROVIDER = "remote_provider", "远程教育机构"
        OTHER = "other", "其他卫生机构"
        OFFICE = "office", "卫生健康行政部门/继教办"

    class OfficeLevel(models.TextChoices):
        NATIONAL = "national", "全国"
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "区县"

    class Grade(models.TextChoices):
        TERTIARY = "三级", "三级"
        SECONDARY = "二级", "二级"
        PRIMARY = "一级", "一级"
        PROVINCIAL = "省级", "省级"
        OTHER = "other", "其他"

    class Category(models.TextChoices):
        """Where the unit stands, for packs whose values differ by it (``unit.category``)."""

        CITY_CENTRE = "city_centre", "城区"
        SUBURBAN = "suburban", "郊区"
        COUNTY = "county", "县（市）"
        TOWNSHIP = "township", "乡镇"

    class Licence(models.TextChoices):
        VALID = "valid", "有效"
        SUSPENDED = "suspended", "暂缓校验"
        REVOKED = "revoked", "吊销"
        FAILED_INSPECTION = "failed_inspection", "校验不合格"
        DEREGISTERED = "deregistered", "注销"

    name = models.CharField("单位名称", max_length=120, unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    office_level = models.CharField(
        "行政层级", max_length=10, choices=OfficeLevel.choices, blank=True
    )
    division = models.ForeignKey(Division, verbose_name="所在区划", on_delete=models.PROTECT)
    supervisor = models.ForeignKey(
        "self",
        verbose_name="上级主管部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_units",
    )
    grade = models.CharField("单位级别", max_length=10, choices=Grade.choices, blank=True)
    category = models.CharField(
        "单位类别", max_length=12, choices=Category.choices, blank=True, default=""
    )
    licence_status = models.CharField(
        "执业状态", max_length=20, choices=Licence.choices, default=Licence.VALID
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    contact = models.CharField("联系人", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)

    class Meta:
        verbose_name = "单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_office(self) -> bool:
        return self.kind == self.Kind.OFFICE

    @property
    def is_medical(self) -> bool:
        return self.kind in {self.Kind.HOSPITAL, self.Kind.CDC, self.Kind.OTHER}

    @property
    def can_host(self) -> bool:
        return self.licence_status == self.Licence.VALID


class Department(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("科室名称", max_length=60)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "科室"
        ordering = ["unit", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
