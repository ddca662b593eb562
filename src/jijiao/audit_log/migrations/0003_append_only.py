"""Make the audit log append-only in the database itself.

PostgreSQL: a trigger refuses UPDATE always and DELETE unless the transaction set
``jijiao.audit_prune`` (only the pruning command does, for rows past retention).
SQLite: a trigger refuses UPDATE; the pruning command is the only code that deletes.
"""

from django.db import migrations

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('jijiao.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '审计日志只允许追加，不能 % (audit log is append-only)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
PG_TRIGGER = """
CREATE TRIGGER audit_log_append_only
BEFORE UPDATE OR DELETE ON audit_log_auditentry
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log_auditentry;
DROP FUNCTION IF EXISTS audit_log_append_only();
"""
SQLITE_TRIGGER = """
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log_auditentry
BEGIN SELECT RAISE(ABORT, '审计日志只允许追加，不能修改 (audit log is append-only)'); END;
"""


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        schema_editor.execute(PG_TRIGGER, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_log_no_update")


class Migration(migrations.Migration):
    dependencies = [("audit_log", "0002_initial")]
    operations = [migrations.RunPython(install, remove)]
