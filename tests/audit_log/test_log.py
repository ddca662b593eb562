"""The audit log: what goes in is scrubbed, rows cannot be changed, pruning keeps 184 days."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from jijiao.audit_log.log import record
from jijiao.audit_log.models import AuditEntry
from jijiao.audit_log.retention import audit_log_prune
from jijiao.common import clock
from jijiao.orgs.synthetic import synthetic_id_number
from tests.factories import AccountFactory, PersonFactory

NUMBER = synthetic_id_number("330302", dt.date(1979, 10, 1), 88, female=False)
MASKED = NUMBER[:6] + "********" + NUMBER[-4:]
NOW = dt.datetime(2025, 9, 1, 10, 0, tzinfo=clock.SHANGHAI)


def test_record_keeps_who_when_where_and_what(db):
    actor = AccountFactory(username="hospital_admin", display_name="科教科")
    with time_machine.travel(NOW, tick=False):
        entry = record(
            "unit.renamed", actor=actor, data={"before": "甲", "after": "乙"}, address="10.0.0.1"
        )
    entry.refresh_from_db()
    assert (entry.at, entry.actor, entry.actor_label, entry.action) == (
        NOW,
        actor,
        "科教科",
        "unit.renamed",
    )
    assert (entry.address, entry.data) == ("10.0.0.1", {"before": "甲", "after": "乙"})


def test_record_masks_full_id_numbers_anywhere_in_the_data(db):
    person = PersonFactory(name="钱伟", id_number=NUMBER)
    entry = record(
        "person.note",
        obj=person,
        data={
            "text": f"核对 {NUMBER} 后录入",
            "rows": [{"note": NUMBER.lower()}, NUMBER],
            "as_number": int(NUMBER) if NUMBER[-1] != "X" else NUMBER,
            "count": 3,
        },
    )
    entry.refresh_from_db()
    assert entry.data == {
        "text": f"核对 {MASKED} 后录入",
        "rows": [{"note": NUMBER[:6].lower() + "********" + NUMBER[-4:].lower()}, MASKED],
        "as_number": MASKED,
        "count": 3,
    }
    assert entry.object_label == f"钱伟（{MASKED}）"


def test_record_drops_secrets_whatever_the_key_is_called(db):
    entry = record(
        "account.debug",
        data={
            "password": "Secret@123",
            "old_password": "Old@12345",
            "temporary_password": "Jjabc#7",
            "token": "jj_abcdef",
            "api_token": "jj_abcdef",
            "secret": "s",
            "id_number": NUMBER,
            "nested": {"new_password": "New@12345", "label": "院内对接"},
            "username": "clerk",
        },
    )
    entry.refresh_from_db()
    assert entry.data == {
        "password": "***",
        "old_password": "***",
        "temporary_password": "***",
        "token": "***",
        "api_token": "***",
        "secret": "***",
        "id_number": "***",
        "nested": {"new_password": "***", "label": "院内对接"},
        "username": "clerk",
    }


def test_an_id_number_used_as_a_username_is_masked_in_the_actor_label(db):
    actor = AccountFactory(username=NUMBER, display_name="")
    entry = record("account.login", actor=actor)
    assert entry.actor_label == MASKED


def test_an_invalid_address_is_not_stored(db):
    assert record("account.login", address="not-an-ip").address is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite trigger")
def test_sqlite_refuses_to_update_an_entry(db):
    entry = record("account.login", data={"n": 1})
    with pytest.raises(DatabaseError, match="审计日志只允许追加"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="account.logout")
    with (
        pytest.raises(DatabaseError, match="审计日志只允许追加"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_log_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.action == "account.login"


def _entry_at(moment: dt.datetime, action: str) -> AuditEntry:
    with time_machine.travel(moment, tick=False):
        return record(action)


def test_prune_deletes_only_entries_older_than_184_days(db):
    old = _entry_at(NOW - dt.timedelta(days=185), "old")
    _entry_at(NOW - dt.timedelta(days=183), "recent")
    _entry_at(NOW - dt.timedelta(days=1), "yesterday")
    with time_machine.travel(NOW, tick=False):
        deleted = audit_log_prune()
    assert deleted == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == [
        "audit_log.pruned",
        "recent",
        "yesterday",
    ]
    pruned = AuditEntry.objects.get(action="audit_log.pruned")
    assert pruned.data == {
        "deleted": 1,
        "before": (NOW - dt.timedelta(days=184)).isoformat(),
        "checkpoints": {str(old.lane): [old.lane_seq, old.link]},
    }


def test_prune_never_deletes_younger_rows_even_when_asked_for_fewer_days(db):
    _entry_at(NOW - dt.timedelta(days=100), "hundred_days")
    _entry_at(NOW - dt.timedelta(days=2), "two_days")
    with time_machine.travel(NOW, tick=False):
        assert audit_log_prune(older_than_days=1) == 0
        call_command("prune_audit_log", "--days", "30")
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "hundred_days",
        "two_days",
        "audit_log.pruned",
    }


def test_prune_keeps_longer_when_asked_for_more_days(db, settings):
    _entry_at(NOW - dt.timedelta(days=200), "two_hundred_days")
    _entry_at(NOW - dt.timedelta(days=400), "four_hundred_days")
    with time_machine.travel(NOW, tick=False):
        assert audit_log_prune(older_than_days=365) == 1
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "two_hundred_days",
        "audit_log.pruned",
    }


@pytest.mark.django_db
def test_login_failures_older_than_their_retention_are_forgotten():
    import datetime as dt

    from jijiao.common import clock
    from jijiao.orgs.domain.retention import login_failures_prune
    from jijiao.orgs.models import LoginFailure

    now = clock.now()
    LoginFailure.objects.create(at=now - dt.timedelta(days=31), address="10.0.0.1", username="a")
    LoginFailure.objects.create(at=now - dt.timedelta(days=29), address="10.0.0.1", username="b")
    assert login_failures_prune() == 1
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["b"]
