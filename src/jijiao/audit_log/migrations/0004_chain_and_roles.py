"""The audit log closed against its own application (issue 17).

PostgreSQL:
- the trigger refuses UPDATE, DELETE and — new — TRUNCATE from anyone; the old way out
  (``SET LOCAL jijiao.audit_prune``) now works only for the table's owner, i.e. inside the
  pruning function below, not for the application's role;
- ``audit_log_prune(cutoff)``: SECURITY DEFINER (runs as the owner role that ran this migration),
  refuses a cutoff younger than 184 days by the database's own clock (an hour's difference
  between the machines' clocks is held to the limit instead), writes one checkpoint per
  lane (last pruned place and link), then deletes; the application's role may only EXECUTE it;
- the test suite's flush empties tables with TRUNCATE: let through only for the owner when the
  session says ``jijiao.allow_truncate = on`` (settings_test sets it; the application's role
  has no TRUNCATE privilege at all).
Roles and grants are ``jijiao manage db_roles``.
"""

from django.conf import settings
from django.db import migrations, models

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
DECLARE
    -- the table's owner (inside the pruning function) or a superuser, who could drop the
    -- trigger anyway; never the application's role
    by_owner boolean := current_user = (
        SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
        OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user);
BEGIN
    IF TG_OP = 'DELETE' AND by_owner
       AND current_setting('jijiao.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'TRUNCATE' AND by_owner
       AND current_setting('jijiao.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '审计日志只允许追加，不能 % (audit log is append-only)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
PG_TRIGGERS = """
CREATE TRIGGER audit_log_no_truncate
BEFORE TRUNCATE ON audit_log_auditentry
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_checkpoint_append_only
BEFORE UPDATE OR DELETE ON audit_log_auditcheckpoint
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate
BEFORE TRUNCATE ON audit_log_auditcheckpoint
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
"""
PG_PRUNE = """
CREATE OR REPLACE FUNCTION audit_log_prune(cutoff timestamptz) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    deleted bigint;
    -- the database's own clock, read now (not the transaction's start): the application's
    -- clock cannot move the limit
    latest timestamptz := clock_timestamp() - interval '184 days';
    effective timestamptz;
BEGIN
    -- a cutoff clearly inside the retention is refused; one a little past the limit (clocks
    -- of two machines differ) is held to it: nothing younger than 184 days is ever deleted
    IF cutoff IS NULL OR cutoff > latest + interval '1 hour' THEN
        RAISE EXCEPTION '审计日志至少保留 184 天：不能清理 % 之后的记录', cutoff;
    END IF;
    effective := least(cutoff, latest);
    INSERT INTO audit_log_auditcheckpoint (at, before, lane, last_seq, last_link, deleted)
    SELECT now(), cutoff, lane, max(lane_seq),
           (array_agg(link ORDER BY lane_seq DESC))[1], count(*)
    FROM audit_log_auditentry
    WHERE at < effective AND lane_seq IS NOT NULL
    GROUP BY lane;
    PERFORM set_config('jijiao.audit_prune', 'on', true);
    DELETE FROM audit_log_auditentry WHERE at < effective;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    PERFORM set_config('jijiao.audit_prune', 'off', true);
    RETURN deleted;
END;
$$;
REVOKE ALL ON FUNCTION audit_log_prune(timestamptz) FROM PUBLIC;
"""
PG_DROP = """
DROP FUNCTION IF EXISTS audit_log_prune(timestamptz);
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log_auditentry;
DROP TRIGGER IF EXISTS audit_checkpoint_append_only ON audit_log_auditcheckpoint;
DROP TRIGGER IF EXISTS audit_checkpoint_no_truncate ON audit_log_auditcheckpoint;
"""


# SQLite rebuilt the table to add the columns, and its trigger went with the old one.
SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log_auditentry
BEGIN SELECT RAISE(ABORT, '审计日志只允许追加，不能修改 (audit log is append-only)'); END;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in (PG_FUNCTION, PG_TRIGGERS, PG_PRUNE):
            schema_editor.execute(sql, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('audit_log', '0003_append_only'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(verbose_name='清理时间')),
                ('before', models.DateTimeField(verbose_name='清理此前的记录')),
                ('lane', models.PositiveSmallIntegerField(verbose_name='链')),
                ('last_seq', models.BigIntegerField(verbose_name='最后清理的序号')),
                ('last_link', models.CharField(max_length=64, verbose_name='其链接')),
                ('deleted', models.BigIntegerField(verbose_name='清理条数')),
            ],
            options={
                'verbose_name': '审计日志清理检查点',
                'ordering': ['lane', 'last_seq'],
            },
        ),
        migrations.AddField(
            model_name='auditentry',
            name='lane',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='链'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='lane_seq',
            field=models.BigIntegerField(blank=True, null=True, verbose_name='链内序号'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='link',
            field=models.CharField(blank=True, max_length=64, verbose_name='链接'),
        ),
        migrations.AddConstraint(
            model_name='auditentry',
            constraint=models.UniqueConstraint(fields=('lane', 'lane_seq'), name='audit_lane_seq_unique'),
        ),
        migrations.RunPython(install, remove),
    ]
