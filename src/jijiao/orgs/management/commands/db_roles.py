"""``jijiao manage db_roles``: the two PostgreSQL roles of a production database.

Run once as a superuser (``JIJIAO_DATABASE_URL`` pointing at the database as ``postgres``), after
the first ``jijiao migrate`` or before it; running it again is harmless.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

AUDIT_TABLES = ("audit_log_auditentry", "audit_log_auditcheckpoint")


class Command(BaseCommand):
    help = (
        "创建数据库角色：属主角色（拥有全部表，用于迁移）与应用角色（不拥有任何对象；"
        "审计表只能插入和查询），并设置默认权限"
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", default="jijiao_owner", help="属主角色名")
        parser.add_argument("--app", default="jijiao_app", help="应用角色名")
        parser.add_argument(
            "--owner-password-env",
            default="JIJIAO_DB_OWNER_PASSWORD",
            help="从该环境变量读取属主角色的密码（不设则不改密码）",
        )
        parser.add_argument(
            "--app-password-env",
            default="JIJIAO_DB_APP_PASSWORD",
            help="从该环境变量读取应用角色的密码（不设则不改密码）",
        )

    def handle(self, *args, owner, app, owner_password_env, app_password_env, **options):
        if connection.vendor != "postgresql":
            raise CommandError("db_roles 只用于 PostgreSQL")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
            )
            if not cursor.fetchone()[0]:
                raise CommandError("请以超级用户（或有 CREATEROLE 权限的角色）运行 db_roles")
            for statement in role_statements(
                owner=owner,
                app=app,
                owner_password=os.environ.get(owner_password_env),
                app_password=os.environ.get(app_password_env),
                database=connection.settings_dict["NAME"],
                objects=_objects(cursor),
            ):
                cursor.execute(statement.as_string(connection.connection))
        self.stdout.write(
            f"已设置：属主角色 {owner}（迁移用 JIJIAO_DATABASE_OWNER_URL），"
            f"应用角色 {app}（JIJIAO_DATABASE_URL）；审计表对 {app} 只可插入和查询"
        )


def _objects(cursor) -> dict[str, list[str]]:
    cursor.execute(
        "SELECT c.relkind, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
        # sequences of identity columns belong to their table and follow its owner
        " AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
        " AND d.objid = c.oid AND d.deptype IN ('a', 'i'))"
    )
    found: dict[str, list[str]] = {"tables": [], "sequences": []}
    for kind, name in cursor.fetchall():
        found["sequences" if kind == "S" else "tables"].append(name)
    cursor.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n"
        " ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.proname LIKE 'audit_log_%'"
    )
    found["functions"] = [row[0] for row in cursor.fetchall()]
    return found


def role_statements(*, owner, app, owner_password, app_password, database, objects):
    """The statements, in order (composed with psycopg.sql: names quoted, passwords literal)."""
    o, a = sql.Identifier(owner), sql.Identifier(app)
    yield _create_role(owner, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE")
    yield _create_role(app, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS")
    if owner_password:
        yield sql.SQL("ALTER ROLE {} PASSWORD {}").format(o, sql.Literal(owner_password))
    if app_password:
        yield sql.SQL("ALTER ROLE {} PASSWORD {}").format(a, sql.Literal(app_password))
    db = sql.Identifier(database)
    yield sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}, {}").format(db, o, a)
    yield sql.SQL("GRANT USAGE, CREATE ON SCHEMA public TO {}").format(o)
    yield sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(a)
    yield sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    for table in objects["tables"]:
        yield sql.SQL("ALTER TABLE {} OWNER TO {}").format(sql.Identifier(table), o)
    for sequence in objects["sequences"]:
        yield sql.SQL("ALTER SEQUENCE {} OWNER TO {}").format(sql.Identifier(sequence), o)
    for function in objects["functions"]:
        yield sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(sql.SQL(function), o)
    yield sql.SQL(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}"
    ).format(a)
    yield sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(a)
    # Tables and sequences that later migrations (run as the owner) create.
    yield sql.SQL(
        "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public"
        " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
    ).format(o, a)
    yield sql.SQL(
        "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public"
        " GRANT USAGE, SELECT ON SEQUENCES TO {}"
    ).format(o, a)
    # The audit log: insert and read, nothing else; pruning only through the function.
    for table in AUDIT_TABLES:
        if table in objects["tables"]:
            yield sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(sql.Identifier(table), a)
            yield sql.SQL("REVOKE ALL ON TABLE {} FROM PUBLIC").format(sql.Identifier(table))
    if "audit_log_auditentry" in objects["tables"]:
        yield sql.SQL("GRANT SELECT, INSERT ON TABLE audit_log_auditentry TO {}").format(a)
    if "audit_log_auditcheckpoint" in objects["tables"]:
        yield sql.SQL("GRANT SELECT ON TABLE audit_log_auditcheckpoint TO {}").format(a)
    for function in objects["functions"]:
        if function.startswith("audit_log_prune("):
            yield sql.SQL("REVOKE ALL ON FUNCTION {} FROM PUBLIC").format(sql.SQL(function))
            yield sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(sql.SQL(function), a)


def _create_role(name: str, options: str):
    return sql.SQL(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal}) THEN"
        " CREATE ROLE {ident} "
        + options
        + "; ELSE ALTER ROLE {ident} "
        + options
        + "; END IF; END $$"
    ).format(literal=sql.Literal(name), ident=sql.Identifier(name))
