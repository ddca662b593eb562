"""Moving PersonRecord and PastProject from ``projects`` to ``records`` moves no row: a database
that holds them under the old migration state reads the same rows through the new models."""

import json
import subprocess
import sys

from jijiao.audit_log.display import data_rows
from jijiao.audit_log.models import AuditEntry
from jijiao.records.models import PastProject, PersonRecord
from tests.servers import ROOT, site_environment


def test_rows_written_before_the_move_are_read_through_the_records_app(tmp_path):
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    completed = subprocess.run(
        [sys.executable, "-m", "tests.records.moved_rows", url],
        env=site_environment(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    read = json.loads(completed.stdout.strip().splitlines()[-1])
    assert read["record"] == [True, True, "2024-03-01", "项目执行弄虚作假或不良反馈", "签到造假"]
    assert read["person_records"] == [read["record_pk"]]
    assert read["past"] == [
        True,
        True,
        2023,
        "2023-03-01-007",
        "省级",
        "备案",
        False,
        True,
        "疫情停办",
    ]
    assert read["unit_past"] == [read["past_pk"]]
    # The once-per-project constraint still holds on the table.
    assert read["duplicate_refused"] is True


def test_the_models_keep_their_tables():
    assert PastProject._meta.db_table == "projects_pastproject"
    assert PersonRecord._meta.db_table == "projects_personrecord"


def test_audit_entries_written_before_the_move_still_name_their_fields():
    entry = AuditEntry(
        action="past_project.unexecuted",
        object_type="projects.pastproject",
        data={"before": {"held": True}, "after": {"held": False}},
    )
    assert [(r.name, r.before, r.after) for r in data_rows(entry)] == [("已举办", "是", "否")]
