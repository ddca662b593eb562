"""Reference data: administrative divisions, committees, the discipline catalogue."""

from django.db import models


class Division(models.Model):
    """An administrative division with its GB/T 2260 code (the Corps has none: code ``XJBT``)."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "地市"
        COUNTY = "county", "区县"

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=60)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def province(self) -> "Division":
        division = self
        while division.parent_id is not None:
            division = division.parent
        return division


class Committee(models.Model):
    """A continuing-education committee (继续医学教育委员会) and its office's contact details.

    The provincial rows reproduce seed 001 附件5 verbatim, typos included.
    """

    class Level(models.TextChoices):
        NATIONAL = "national", "全国"
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "区县"

    level = models.CharField("层级", max_length=10, choices=Level.choices)
    region = models.CharField("地区", max_length=30)
    division = models.ForeignKey(Division, null=True, blank=True, on_delete=models.PROTECT)
    name = models.CharField("名称", max_length=120, blank=True)
    postcode = models.CharField("邮编", max_length=20, blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=120, blank=True)
    fax = models.CharField("传真", max_length=120, blank=True)
    position = models.PositiveIntegerField("序号", default=0)

    class Meta:
        verbose_name = "继续医学教育委员会"
        ordering = ["level", "position"]

    def __str__(self) -> str:
        return self.name or self.region


class Discipline(models.Model):
    """One tertiary discipline of a year's catalogue; ``code`` is ``SS-TT``."""

    year = models.PositiveSmallIntegerField("版本年度")
    code = models.CharField("学科代码", max_length=5)
    secondary_code = models.CharField("二级学科代码", max_length=2)
    secondary_name = models.CharField("二级学科", max_length=40)
    tertiary_name = models.CharField("三级学科", max_length=40)

    class Meta:
        verbose_name = "学科"
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="discipline_unique_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.secondary_name}/{self.tertiary_name}"
