"""On PostgreSQL the database itself keeps the audit log append-only (a trigger), and lets
through only the pruning of rows past retention."""

import datetime as dt

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction

from jijiao.audit_log.log import record
from jijiao.audit_log.models import AuditEntry
from jijiao.audit_log.retention import audit_log_prune
from jijiao.common import clock

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

NOW = dt.datetime(2025, 9, 1, 10, 0, tzinfo=clock.SHANGHAI)


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_postgres_refuses_raw_update(db):
    entry = record("account.login", data={"n": 1})
    with pytest.raises(DatabaseError, match="审计日志只允许追加，不能 UPDATE"):
        _raw("UPDATE audit_log_auditentry SET action = 'forged' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.action == "account.login"


def test_postgres_refuses_raw_delete(db):
    entry = record("account.login")
    with pytest.raises(DatabaseError, match="审计日志只允许追加，不能 DELETE"):
        _raw("DELETE FROM audit_log_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_postgres_refuses_orm_update_and_delete(db):
    entry = record("account.login")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "account.login"


def test_postgres_prune_deletes_only_old_rows(db):
    with time_machine.travel(NOW - dt.timedelta(days=200), tick=False):
        old = record("old")
    with time_machine.travel(NOW - dt.timedelta(days=100), tick=False):
        young = record("young")
    with time_machine.travel(NOW, tick=False):
        assert audit_log_prune(older_than_days=1) == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=young.pk).exists()


def test_postgres_pruning_does_not_open_the_log_for_the_rest_of_the_transaction(db):
    """The test runs inside one transaction, as a prune called from a larger one would."""
    young = record("young")
    audit_log_prune()
    with pytest.raises(DatabaseError, match="不能 DELETE"):
        _raw("DELETE FROM audit_log_auditentry WHERE id = %s", [young.pk])
    assert AuditEntry.objects.filter(pk=young.pk).exists()
