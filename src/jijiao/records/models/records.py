"""Records the application rules read: unexecuted projects, integrity and misconduct records,
and the units' past projects imported for the years before the system."""

from django.db import models

from jijiao.common.vocab import Level, Track
from jijiao.orgs.models import Account, Person, Unit


class PersonRecord(models.Model):
    """A dated record against a person that can bar them from leading or teaching."""

    class Kind(models.TextChoices):
        INTEGRITY = "integrity", "科研诚信不良记录"
        MISCONDUCT = "misconduct", "项目执行弄虚作假或不良反馈"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="records")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    date = models.DateField("日期")
    note = models.CharField("说明", max_length=200)
    recorded_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "人员记录"
        # Moved from ``projects`` (migration records 0001); the table keeps its name.
        db_table = "projects_personrecord"
        ordering = ["person", "-date"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_kind_display()} {self.date}"


class PastProject(models.Model):
    """A unit's project of a past year (seed 000 附件3/附件4), kept or imported.

    ``held`` false with ``excused`` records a project not held for a valid reason. The quota and
    the leader rules count these.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="past_projects")
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("级别", max_length=12, choices=Level.choices)
    number = models.CharField("项目编号", max_length=40, blank=True)
    name = models.CharField("项目名称", max_length=160)
    # 附件3/附件4 count new projects and re-filed (备案) ones apart.
    track = models.CharField("项目类型", max_length=10, choices=Track.choices, default=Track.NEW)
    leader_name = models.CharField("项目负责人", max_length=40)
    leader = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="past_projects"
    )
    held = models.BooleanField("已举办")
    excused = models.BooleanField("未举办理由正当", default=False)
    not_held_reason = models.CharField("未举办原因", max_length=200, blank=True)
    credited_persons = models.PositiveIntegerField("授予学分人数", null=True, blank=True)
    online = models.BooleanField("线上", default=False)
    source = models.CharField("来源", max_length=80, blank=True)

    class Meta:
        verbose_name = "历年项目"
        db_table = "projects_pastproject"
        ordering = ["unit", "-year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "level", "name", "leader_name"],
                name="past_project_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"
