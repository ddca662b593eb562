"""The audit log's HMAC chain: every entry is linked; a removed row leaves a gap ``audit_verify``
names, pruning leaves a checkpoint vouched for by a chained entry, a forged checkpoint is found,
and a different key finds nothing valid."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from jijiao.audit_log import chain
from jijiao.audit_log.log import record
from jijiao.audit_log.models import AuditCheckpoint, AuditEntry
from jijiao.audit_log.retention import audit_log_prune
from jijiao.common import clock

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 9, 1, 10, 0, tzinfo=clock.SHANGHAI)


def test_entries_are_numbered_and_linked_in_their_lane():
    entries = [record("account.login", data={"n": n, "城市": "温州"}) for n in range(3)]
    assert [e.lane_seq for e in entries] == [1, 2, 3]
    previous = chain.genesis(entries[0].lane)
    for entry in entries:
        stored = AuditEntry.objects.get(pk=entry.pk)  # as read back from the database
        assert stored.link == chain.link(previous, stored)
        previous = stored.link
    report = chain.verify()
    assert (report.ok, report.checked) == (True, 3)


def test_audit_verify_names_the_gap_a_deleted_row_leaves(capsys):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL trigger refuses the delete (test_postgres_roles)")
    entries = [record("account.login", data={"n": n}) for n in range(4)]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_log_auditentry WHERE id = %s", [entries[1].pk])
    with pytest.raises(CommandError, match="发现 1 处问题"):
        call_command("audit_verify")
    out = capsys.readouterr().out
    assert (
        f"第 {entries[0].lane} 链，记录 #{entries[0].pk} 之后、记录 #{entries[2].pk} 之前："
        "缺少第 2 条（被删除）"
    ) in out


def test_a_row_written_with_another_key_does_not_verify(settings):
    record("account.login")
    settings.AUDIT_CHAIN_KEY = "a-key-the-forger-guessed"
    chain._keyed.cache_clear()
    try:
        report = chain.verify()
    finally:
        chain._keyed.cache_clear()
    assert not report.ok
    assert "内容与链接不符（被改动）" in str(report.findings[0])


def test_pruning_leaves_a_vouched_checkpoint_and_the_chain_still_verifies():
    with time_machine.travel(NOW - dt.timedelta(days=300), tick=False):
        old = [record("account.login", data={"n": n}) for n in range(3)]
    with time_machine.travel(NOW - dt.timedelta(days=10), tick=False):
        young = record("account.login")
    with time_machine.travel(NOW, tick=False):
        assert audit_log_prune() == 3
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    (checkpoint,) = AuditCheckpoint.objects.all()
    assert (checkpoint.lane, checkpoint.last_seq, checkpoint.last_link) == (
        old[-1].lane,
        3,
        old[-1].link,
    )
    pruned = AuditEntry.objects.get(action="audit_log.pruned")
    assert pruned.data["checkpoints"] == {str(old[-1].lane): [3, old[-1].link]}
    assert AuditEntry.objects.filter(pk=young.pk).exists()
    report = chain.verify()
    assert report.ok, [str(f) for f in report.findings]
    assert (report.checked, report.checkpoints) == (2, 1)


def test_a_forged_checkpoint_is_found():
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL trigger refuses the delete")
    entries = [record("account.login", data={"n": n}) for n in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_log_auditentry WHERE id = %s", [entries[0].pk])
    AuditCheckpoint.objects.create(
        at=clock.now(),
        before=clock.now(),
        lane=entries[0].lane,
        last_seq=1,
        last_link=entries[0].link,
        deleted=1,
    )
    report = chain.verify()
    assert [str(f) for f in report.findings] == [
        f"第 {entries[0].lane} 链，清理检查点 #{AuditCheckpoint.objects.get().pk}："
        "没有与之对应的“审计日志清理”记录，可能是伪造的清理（删除了前面的记录）"
    ]
