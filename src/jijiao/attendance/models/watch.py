"""Watch logs of online sessions, imported from the platform."""

from django.db import models

from jijiao.hosting.models import Session
from jijiao.orgs.models import Account, Person


class WatchImport(models.Model):
    """One import of the live platform's watch log; it replaces the session's earlier one."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="watch_imports")
    file_name = models.CharField("文件名", max_length=200)
    file_hash = models.CharField("文件哈希", max_length=64)
    rows = models.PositiveIntegerField("行数")
    people = models.PositiveIntegerField("人数")
    at = models.DateTimeField("导入时间")
    by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "观看记录导入"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.file_name} {self.at:%Y-%m-%d %H:%M}"


class WatchInterval(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="watch_intervals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField("进入时间")
    left_at = models.DateTimeField("离开时间")
    source = models.ForeignKey(WatchImport, on_delete=models.CASCADE, related_name="intervals")

    class Meta:
        verbose_name = "观看时段"
        ordering = ["session", "person", "joined_at"]

    def __str__(self) -> str:
        return f"{self.joined_at:%H:%M}–{self.left_at:%H:%M}"
