"""On PostgreSQL the application's own database role cannot empty or rewrite the audit log, and
a change made past it — by a superuser — is found by ``audit_verify``, which says where."""

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from jijiao.audit_log.log import record
from jijiao.audit_log.models import AuditEntry

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OWNER = "jijiao_security_owner"
APP = "jijiao_security_app"


@pytest.fixture
def roles():
    call_command("db_roles", owner=OWNER, app=APP)
    return OWNER, APP


def _connect(role: str) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=role,
        dbname=db["NAME"],
        autocommit=True,
    )


def _refused(role: str, *statements: str) -> str:
    """Run the statements in one transaction as ``role``; the error message they end in."""
    with _connect(role) as conn, pytest.raises(psycopg.Error) as caught, conn.transaction():
        for statement in statements:
            conn.execute(statement)
    return str(caught.value)


def _entries() -> list[tuple]:
    return list(AuditEntry.objects.order_by("id").values_list("id", "action", "link"))


def test_the_app_role_owns_nothing_and_may_only_insert_and_read_the_audit_log(roles):
    record("account.login", data={"n": 1})
    with _connect(APP) as conn:
        owned = conn.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles"
            " WHERE rolname = current_user)"
        ).fetchone()[0]
        privileges = conn.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants"
            " WHERE grantee = current_user AND table_name = 'audit_log_auditentry'"
            " ORDER BY privilege_type"
        ).fetchall()
        assert conn.execute("SELECT count(*) FROM audit_log_auditentry").fetchone()[0] == 1
    assert owned == 0
    assert [p for (p,) in privileges] == ["INSERT", "SELECT"]


def test_the_app_role_cannot_truncate_and_the_owner_meets_the_trigger(roles):
    record("account.login")
    assert "permission denied" in _refused(APP, "TRUNCATE audit_log_auditentry")
    assert "审计日志只允许追加，不能 TRUNCATE" in _refused(OWNER, "TRUNCATE audit_log_auditentry")
    assert AuditEntry.objects.count() == 1


def test_the_app_role_cannot_delete_with_the_old_prune_flag(roles):
    entry = record("account.login")
    message = _refused(
        APP,
        "SET LOCAL jijiao.audit_prune = 'on'",
        f"DELETE FROM audit_log_auditentry WHERE id = {entry.pk}",
    )
    assert "permission denied" in message
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_app_role_cannot_update(roles):
    entry = record("account.login")
    message = _refused(APP, f"UPDATE audit_log_auditentry SET action = 'x' WHERE id = {entry.pk}")
    assert "permission denied" in message


def test_the_app_role_cannot_disable_the_trigger(roles):
    message = _refused(APP, "ALTER TABLE audit_log_auditentry DISABLE TRIGGER USER")
    assert "must be owner" in message


def test_the_app_role_cannot_skip_triggers_as_a_replica(roles):
    entry = record("account.login")
    message = _refused(
        APP,
        "SET session_replication_role = replica",
        f"DELETE FROM audit_log_auditentry WHERE id = {entry.pk}",
    )
    assert 'permission denied to set parameter "session_replication_role"' in message
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_app_role_prunes_only_through_the_function_and_only_old_rows(roles):
    young = record("account.login")
    message = _refused(APP, "SELECT audit_log_prune(now() - interval '30 days')")
    assert "审计日志至少保留 184 天" in message
    with _connect(APP) as conn:
        assert conn.execute("SELECT audit_log_prune(now() - interval '185 days')").fetchone() == (
            0,
        )
    assert AuditEntry.objects.filter(pk=young.pk).exists()


def test_a_row_a_superuser_deletes_is_found_by_audit_verify(roles, capsys):
    for n in range(5):
        record("account.login", data={"n": n})
    call_command("audit_verify")
    assert "审计日志链完整" in capsys.readouterr().out
    gone = AuditEntry.objects.order_by("id")[2]
    before, after = AuditEntry.objects.order_by("id")[1], AuditEntry.objects.order_by("id")[3]
    with connection.cursor() as cursor:  # the suite's own connection is a superuser's
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("DELETE FROM audit_log_auditentry WHERE id = %s", [gone.pk])
        cursor.execute("SET session_replication_role = DEFAULT")
    with pytest.raises(CommandError, match="发现 1 处问题"):
        call_command("audit_verify")
    out = capsys.readouterr().out
    assert f"第 {gone.lane} 链，记录 #{before.pk} 之后、记录 #{after.pk} 之前：" in out
    assert f"缺少第 {gone.lane_seq} 条（被删除）" in out


def test_a_row_a_superuser_changes_is_found_by_audit_verify(roles, capsys):
    entries = [record("account.login", data={"n": n}) for n in range(3)]
    changed = entries[1]
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE audit_log_auditentry SET actor_label = 'someone else' WHERE id = %s",
            [changed.pk],
        )
        cursor.execute("SET session_replication_role = DEFAULT")
    with pytest.raises(CommandError, match="发现 1 处问题"):
        call_command("audit_verify")
    out = capsys.readouterr().out
    assert f"记录 #{changed.pk}（" in out
    assert "内容与链接不符（被改动）" in out


def test_concurrent_writers_take_different_lanes_and_the_chain_holds(roles):
    import threading

    from django.db import transaction

    held = threading.Event()
    release = threading.Event()
    lanes = {}

    def long_writer():
        try:
            with transaction.atomic():
                lanes["long"] = record("import.ledger", data={"rows": 200_000}).lane
                held.set()
                release.wait(10)
        finally:
            connection.close()

    def sign_in():
        try:
            held.wait(10)
            lanes["login"] = record("account.login").lane
        finally:
            release.set()
            connection.close()

    threads = [threading.Thread(target=long_writer), threading.Thread(target=sign_in)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    # The sign-in did not wait for the import's transaction: it wrote in another lane.
    assert lanes["long"] != lanes["login"]
    call_command("audit_verify")
