"""Pruning the audit log: never a row younger than the retention period (at least 184 days)."""

import datetime as dt

from django.conf import settings
from django.db import connection, transaction

from jijiao.audit_log.log import record
from jijiao.audit_log.models import AuditCheckpoint, AuditEntry
from jijiao.common import clock


def audit_log_prune(*, older_than_days: int | None = None) -> int:
    """Delete entries older than the retention period; returns how many went.

    The period is never below 184 days, whatever is asked. On PostgreSQL the deleting is done by
    the database function ``audit_log_prune`` (SECURITY DEFINER of the owner role: the
    application's own role cannot delete), which refuses a cutoff younger than 184 days by the
    database's clock and writes one checkpoint per lane. Side effect: one audit entry
    ``audit_log.pruned`` with the count and the checkpoints, chained like any entry — so a
    checkpoint nobody vouches for is found by ``audit_verify``.
    """
    days = max(settings.AUDIT_RETENTION_DAYS, older_than_days or 0, 184)
    cutoff = clock.now() - dt.timedelta(days=days)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT audit_log_prune(%s)", [cutoff])
                deleted = cursor.fetchone()[0]
            made = AuditCheckpoint.objects.filter(before=cutoff)
        else:
            deleted, made = _prune_here(cutoff)
        checkpoints = {
            str(c.lane): [c.last_seq, c.last_link] for c in made.order_by("lane", "-last_seq")
        }
        record(
            "audit_log.pruned",
            data={"deleted": deleted, "before": cutoff.isoformat(), "checkpoints": checkpoints},
        )
    return deleted


def _prune_here(cutoff):
    """SQLite (development): the same checkpoints and deletes in Python."""
    old = AuditEntry.objects.filter(at__lt=cutoff)
    made = []
    lanes = old.filter(lane_seq__isnull=False).order_by("lane").values_list("lane", flat=True)
    for lane in lanes.distinct():
        lane_rows = old.filter(lane=lane, lane_seq__isnull=False)
        last = lane_rows.order_by("-lane_seq").first()
        made.append(
            AuditCheckpoint.objects.create(
                at=clock.now(),
                before=cutoff,
                lane=lane,
                last_seq=last.lane_seq,
                last_link=last.link,
                deleted=lane_rows.count(),
            ).pk
        )
    deleted, _ = old.delete()
    return deleted, AuditCheckpoint.objects.filter(pk__in=made)
