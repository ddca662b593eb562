"""Publication lists: approved projects of every level held in the region, our own or imported."""

from django.db import models

from jijiao.orgs.models import Account, Unit
from jijiao.projects.models.applications import Application
from jijiao.projects.models.calls import Level


class PublicationList(models.Model):
    level = models.CharField("级别", max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=160)
    office = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField("公布时间")
    published_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    imported = models.BooleanField("外部导入", default=False)
    source_hash = models.CharField("导入文件哈希", max_length=64, blank=True)

    class Meta:
        verbose_name = "项目公布名单"
        ordering = ["-year", "level"]

    def __str__(self) -> str:
        return self.title


class PublishedProject(models.Model):
    """A project on a publication list, with the columns of the national list."""

    publication = models.ForeignKey(
        PublicationList, on_delete=models.PROTECT, related_name="projects"
    )
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="published"
    )
    level = models.CharField("级别", max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField("年度")
    number = models.CharField("项目编号", max_length=40)
    name = models.CharField("项目名称", max_length=160)
    host_name = models.CharField("申办单位", max_length=120)
    host = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    leader_name = models.CharField("项目负责人", max_length=40)
    dates = models.CharField("举办起止日期", max_length=60, blank=True)
    venue = models.CharField("举办地点", max_length=120, blank=True)
    credits = models.DecimalField("授予学分", max_digits=4, decimal_places=1, null=True)
    audience = models.CharField("教学对象", max_length=120, blank=True)
    enrollment = models.PositiveIntegerField("拟招生人数", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    discipline = models.CharField("学科", max_length=5, blank=True)
    # Planned per session as the imported list gives them (附件4 1.2.4 compares them with what
    # was held): days for a face-to-face project, 学时 for a remote one. Blank: as filed.
    planned_days = models.DecimalField(
        "计划举办天数", max_digits=4, decimal_places=1, null=True, blank=True
    )
    planned_hours = models.DecimalField(
        "计划学时", max_digits=5, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = "已公布项目"
        ordering = ["level", "number"]
        constraints = [
            models.UniqueConstraint(fields=["level", "number"], name="published_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"
