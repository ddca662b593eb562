"""A backup is proven by its restore: ``jijiao manage backup`` then ``jijiao manage restore``
into a new database — every table has its rows again, the uploaded files are back, and the audit
chain of the restored database verifies."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from jijiao.audit_log.log import record
from jijiao.common.backups import Target, row_counts

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def restored_name():
    name = f"jijiao_security_restore_{uuid.uuid4().hex[:8]}"
    yield name
    with Target.configured().with_name("postgres").connect(autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_new_database_with_every_row_and_a_whole_chain(
    tmp_path, settings, restored_name, hospital_admin, capsys
):
    settings.MEDIA_ROOT = tmp_path / "media"
    saved = default_storage.save("attachments/证明.pdf", ContentFile(b"%PDF-1.4 test"))
    for n in range(5):
        record("account.login", actor=hospital_admin, data={"n": n})

    call_command("backup", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar.gz", "manifest.json"}
    source = Target.configured()
    counts = row_counts(source)

    db = connection.settings_dict
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    call_command(
        "restore",
        str(folder),
        target_url=f"{url}/{restored_name}",
        create=True,
        media_root=str(tmp_path / "restored-media"),
    )
    out = capsys.readouterr().out
    assert "各表行数与备份清单一致" in out

    restored = row_counts(source.with_name(restored_name))
    assert restored == counts
    assert restored["audit_log_auditentry"] >= 5
    assert (tmp_path / "restored-media" / saved).read_bytes() == b"%PDF-1.4 test"

    # The restored database's chain verifies with the key (the same process settings, a new
    # process pointed at the restored database).
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIJIAO_")}
    env.update(
        JIJIAO_DATABASE_URL=f"{url}/{restored_name}",
        JIJIAO_AUDIT_CHAIN_KEY=settings.AUDIT_CHAIN_KEY,
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    jijiao = str(Path(sys.executable).with_name("jijiao"))
    verified = subprocess.run(
        [jijiao, "manage", "audit_verify"], env=env, capture_output=True, text=True, timeout=300
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "审计日志链完整" in verified.stdout
    # …and a row removed from the restored copy is found there.
    with psycopg.connect(f"{url}/{restored_name}", autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute(
            "DELETE FROM audit_log_auditentry WHERE id = "
            "(SELECT id FROM audit_log_auditentry ORDER BY id OFFSET 2 LIMIT 1)"
        )
    broken = subprocess.run(
        [jijiao, "manage", "audit_verify"], env=env, capture_output=True, text=True, timeout=300
    )
    assert broken.returncode != 0
    assert "（被删除）" in broken.stdout
