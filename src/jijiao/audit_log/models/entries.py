"""The append-only audit log.

Rows are only ever inserted. On PostgreSQL the application's role may only INSERT and SELECT
(``jijiao manage db_roles``); a trigger refuses UPDATE, DELETE and TRUNCATE from anyone, except
the deletes of the pruning function ``audit_log_prune`` (SECURITY DEFINER, owner role), which
refuses rows younger than 184 days and leaves a checkpoint per lane. Every entry carries an HMAC
chain link (``audit_log/chain.py``), so even a change by a database superuser is found by
``jijiao manage audit_verify``. On SQLite a trigger refuses UPDATE.
"""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("操作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    object_label = models.CharField("对象", max_length=255, blank=True)
    address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    data = models.JSONField("内容", default=dict, blank=True)
    # The HMAC chain (chain.py): which lane, the entry's place in it, and its link.
    lane = models.PositiveSmallIntegerField("链", default=0)
    lane_seq = models.BigIntegerField("链内序号", null=True, blank=True)
    link = models.CharField("链接", max_length=64, blank=True)

    class Meta:
        verbose_name = "审计记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["lane", "lane_seq"], name="audit_lane_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"


class AuditCheckpoint(models.Model):
    """Where a lane resumes after pruning: the last pruned entry's place and link. Written only
    by the pruning function; ``audit_verify`` starts the lane from here."""

    at = models.DateTimeField("清理时间")
    before = models.DateTimeField("清理此前的记录")
    lane = models.PositiveSmallIntegerField("链")
    last_seq = models.BigIntegerField("最后清理的序号")
    last_link = models.CharField("其链接", max_length=64)
    deleted = models.BigIntegerField("清理条数")

    class Meta:
        verbose_name = "审计日志清理检查点"
        ordering = ["lane", "last_seq"]

    def __str__(self) -> str:
        return f"第 {self.lane} 链至第 {self.last_seq} 条（{self.deleted} 条）"
