"""Pruning the audit log: never a row younger than the retention period (at least 184 days)."""

import datetime as dt

from django.conf import settings
from django.db import connection, transaction

from jijiao.audit_log.log import record
from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock


def audit_log_prune(*, older_than_days: int | None = None) -> int:
    """Delete entries older than the retention period; returns how many went.

    The period is never below 184 days, whatever is asked. On PostgreSQL the transaction marks
    itself so that the append-only trigger lets these deletes (and only these) through. Side
    effect: one audit entry ``audit_log.pruned`` with the count.
    """
    days = max(settings.AUDIT_RETENTION_DAYS, older_than_days or 0, 184)
    cutoff = clock.now() - dt.timedelta(days=days)
    with transaction.atomic():
        _allow_prune("on")
        deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
        # SET LOCAL lasts until the outermost transaction ends: when pruning runs inside a
        # larger one, the log must close again straight after these deletes. (Should the
        # delete fail, rolling back this savepoint undoes the SET LOCAL as well.)
        _allow_prune("off")
        record("audit_log.pruned", data={"deleted": deleted, "before": cutoff.isoformat()})
    return deleted


def _allow_prune(value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL jijiao.audit_prune = '{value}'")
