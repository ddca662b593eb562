"""``jijiao precheck --policy ID|PATH.toml``: a file runs a pack stored nowhere yet without
Django; an id that is neither shipped nor a file is an office's pack from the database."""

import io
import json
import subprocess
import sys

import pytest

from jijiao.cli import main
from jijiao.policy.domain.packs import pack_create
from tests.engine.rules.documents import clean_application

UNSHIPPED = """
id = "wenzhou-2026-draft"
title = "温州市2026年市级项目申报（草稿）"
extends = "wenzhou-2025"

[application.city.APP_PI_AGE]
cite = "温继委办发〔2026〕1号 一.1"
max = 50
"""


def run(capsys, monkeypatch, argv, document):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(document)))
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


def test_a_pack_file_extending_wenzhou_2025_runs_without_django(tmp_path):
    pack = tmp_path / "draft.toml"
    pack.write_text(UNSHIPPED, encoding="utf-8")
    script = (
        "import io, json, sys; from jijiao.cli import main;"
        f"sys.stdin = io.StringIO({json.dumps(json.dumps(clean_application()))});"
        f"code = main(['precheck', 'application', '--policy', {str(pack)!r}, '-']);"
        "assert 'django' not in sys.modules, 'django imported';"
        "sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["policy"] == "wenzhou-2026-draft"
    ages = [f for f in out["findings"] if f["code"] == "APP_PI_AGE"]
    assert ages == [
        {
            "code": "APP_PI_AGE",
            "severity": "error",
            "message": "项目负责人年龄 52 周岁，超过 50 周岁上限（温继委办发〔2026〕1号 一.1）",
            "subject": "pi",
        }
    ]


def test_a_pack_file_with_a_mistake_names_the_file_and_key(tmp_path, capsys, monkeypatch):
    pack = tmp_path / "bad.toml"
    pack.write_text(UNSHIPPED.replace("max = 50", "maxx = 50"), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(clean_application())))
    code = main(["precheck", "application", "--policy", str(pack), "-"])
    assert code == 1
    err = capsys.readouterr().err
    assert (
        f"政策包有误：{pack}: application.city.APP_PI_AGE.maxx: 未知的键（是否应为 max？）" in err
    )


@pytest.mark.django_db
def test_an_office_pack_is_found_by_its_id(
    capsys, monkeypatch, wenzhou_office, wenzhou_office_unit
):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-2026",
        title="温州市2026年",
        extends="wenzhou-2025",
        values=[("application.city.APP_PI_AGE.max", 50)],
    )
    code, out = run(
        capsys,
        monkeypatch,
        ["precheck", "application", "--policy", "wenzhou-2026", "-"],
        clean_application(),
    )
    assert code == 0
    assert out["policy"] == "wenzhou-2026"
    assert "APP_PI_AGE" in [f["code"] for f in out["findings"]]


@pytest.mark.django_db
def test_an_unknown_id_is_input_invalid(capsys, monkeypatch):
    code, out = run(
        capsys,
        monkeypatch,
        ["precheck", "application", "--policy", "no-such-pack", "-"],
        clean_application(),
    )
    assert code == 2
    assert out["error"] == {
        "code": "INPUT_INVALID",
        "message": "未知的政策包：no-such-pack",
        "path": "policy",
    }
