"""Backups: the database as ``pg_dump`` custom format plus the media files, and their restore.

A backup is one directory: ``database.dump`` (``pg_dump -Fc``), ``media.tar.gz`` and
``manifest.json`` (when, which database, the row count of every table, the media file count).
A restore loads the dump into a database — a new one with ``create`` — unpacks the media and
compares the row counts with the manifest, so a restore that lost rows says so. Domain-free: the
audit chain of the restored database is checked by ``jijiao manage audit_verify`` against it.
"""

import json
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
from django.conf import settings
from psycopg import sql

from jijiao.common import clock

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """Chinese message for the operator."""


@dataclass(frozen=True)
class Target:
    """Where libpq connects: a ``postgres://`` URL split into what pg_dump and psycopg take."""

    host: str
    port: int
    user: str
    password: str
    name: str

    @classmethod
    def from_url(cls, url: str) -> "Target":
        parts = urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql"):
            raise BackupError(f"备份与恢复只用于 PostgreSQL，不支持：{parts.scheme}")
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
            name=unquote(parts.path.lstrip("/")),
        )

    @classmethod
    def configured(cls) -> "Target":
        """The owner role's URL when set (it can read everything), else the database's."""
        if settings.DATABASE_OWNER_URL:
            return cls.from_url(settings.DATABASE_OWNER_URL)
        db = settings.DATABASES["default"]
        if not db["ENGINE"].endswith("postgresql"):
            raise BackupError("备份与恢复只用于 PostgreSQL（当前配置为 SQLite）")
        return cls(
            host=db.get("HOST") or "127.0.0.1",
            port=int(db.get("PORT") or 5432),
            user=db.get("USER") or "postgres",
            password=db.get("PASSWORD") or "",
            name=db["NAME"],
        )

    def with_name(self, name: str) -> "Target":
        return Target(self.host, self.port, self.user, self.password, name)

    def args(self) -> list[str]:
        return ["-h", self.host, "-p", str(self.port), "-U", self.user]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect(self, **kwargs) -> psycopg.Connection:
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname=self.name,
            **kwargs,
        )


def row_counts(target: Target) -> dict[str, int]:
    """Rows of every table of the public schema."""
    with target.connect() as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = cursor.fetchone()[0]
    return counts


def _run(command: list[str], target: Target, what: str) -> None:
    # The command is pg_dump or pg_restore with arguments from the configuration: no shell.
    done = subprocess.run(  # noqa: S603
        command, env=target.env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{what}失败：{done.stderr.strip()[-2000:]}")


def backup(destination: Path, *, target: Target | None = None) -> Path:
    """Write a backup directory under ``destination``; returns it.

    Side effects: runs ``pg_dump`` against the database, reads every file under MEDIA_ROOT.
    """
    target = target or Target.configured()
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(destination) / f"jijiao-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    # Counted before dumping: the dump is one snapshot, taken after; rows added in between
    # show up as more rows restored than counted, never fewer.
    counts = row_counts(target)
    _run(
        ["pg_dump", *target.args(), "-Fc", "--no-password", "-f", str(folder / DUMP), target.name],
        target,
        "pg_dump ",
    )
    media_root = Path(settings.MEDIA_ROOT)
    files = 0
    with tarfile.open(folder / MEDIA, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media_root)))
                    files += 1
    manifest = {
        "created_at": clock.now().isoformat(),
        "database": target.name,
        "tables": counts,
        "media_files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return folder


@dataclass
class RestoreReport:
    database: str
    tables: int
    rows: int
    media_files: int
    fewer: dict[str, tuple[int, int]]  # table → (in the manifest, restored)

    @property
    def ok(self) -> bool:
        return not self.fewer


def restore(
    folder: Path, *, target: Target, create: bool = False, media_root: Path | None = None
) -> RestoreReport:
    """Load a backup into ``target`` (created first with ``create``), unpack its media.

    Side effects: creates the database, runs ``pg_restore``, writes files under ``media_root``
    (default MEDIA_ROOT). Refuses a database that already has tables.
    """
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    if create:
        with target.with_name("postgres").connect(autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.name)))
    elif row_counts(target):
        raise BackupError(f"数据库 {target.name} 已有数据表：请恢复到一个新的数据库（--create）")
    _run(
        [
            "pg_restore",
            *target.args(),
            "--no-password",
            "--no-owner",
            "--exit-on-error",
            "-d",
            target.name,
            str(folder / DUMP),
        ],
        target,
        "pg_restore ",
    )
    media_root = Path(media_root or settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        members = archive.getmembers()
        archive.extractall(media_root, filter="data")
    restored = row_counts(target)
    fewer = {
        table: (count, restored.get(table, 0))
        for table, count in manifest["tables"].items()
        if restored.get(table, 0) < count
    }
    return RestoreReport(
        database=target.name,
        tables=len(restored),
        rows=sum(restored.values()),
        media_files=sum(1 for m in members if m.isfile()),
        fewer=fewer,
    )


__all__ = ["BackupError", "RestoreReport", "Target", "backup", "restore", "row_counts"]
