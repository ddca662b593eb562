"""``jijiao precheck`` errors and ``jijiao policy list|show|examples``; none sets Django up."""

import io
import json
import subprocess
import sys

import pytest

from jijiao.cli import main


def run_cli(capsys, monkeypatch, argv, stdin=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    return code, capsys.readouterr()


def test_a_field_of_the_wrong_type_exits_2_with_the_error_object(capsys, monkeypatch):
    doc = {"courses": [{"kind": "theory"}, {"kind": "theory"}, {"kind": "lecture"}]}
    code, out = run_cli(
        capsys,
        monkeypatch,
        ["precheck", "application", "--policy", "wenzhou-2025", "-"],
        json.dumps(doc),
    )
    assert code == 2
    error = json.loads(out.out)["error"]
    assert error["code"] == "INPUT_INVALID"
    assert error["path"] == "courses[2].kind"
    assert "lecture" in error["message"]


def test_malformed_json_exits_2(capsys, monkeypatch):
    code, out = run_cli(
        capsys, monkeypatch, ["precheck", "filing", "--policy", "national-2024", "-"], "{"
    )
    assert code == 2
    assert json.loads(out.out)["error"]["path"] == "$"


@pytest.mark.parametrize(
    ("kind", "pack", "path"),
    [("nonsense", "national-2024", "kind"), ("filing", "beijing-2030", "policy")],
)
def test_an_unknown_kind_or_pack_exits_2(capsys, monkeypatch, kind, pack, path):
    # No office has a pack of that name either (the database lookup itself is tested in
    # tests/policy/test_precheck_command.py).
    monkeypatch.setattr("jijiao.cli._office_resolver", lambda: lambda pack_id: None)
    code, out = run_cli(capsys, monkeypatch, ["precheck", kind, "--policy", pack, "-"], "{}")
    assert code == 2
    assert json.loads(out.out)["error"]["path"] == path


def test_an_application_without_its_level_cannot_be_checked(capsys, monkeypatch):
    code, out = run_cli(
        capsys, monkeypatch, ["precheck", "application", "--policy", "wenzhou-2025", "-"], "{}"
    )
    assert code == 2
    assert json.loads(out.out)["error"]["path"] == "project.level"


def test_a_missing_file_exits_2(capsys, monkeypatch, tmp_path):
    missing = str(tmp_path / "none.json")
    code, out = run_cli(
        capsys, monkeypatch, ["precheck", "filing", "--policy", "national-2024", missing]
    )
    assert code == 2
    assert json.loads(out.out)["error"]["code"] == "INPUT_INVALID"


def test_output_keeps_chinese_readable(capsys, monkeypatch):
    doc = {"project": {"level": "city"}, "session": {"scenic_area": True, "venue": "某景区"}}
    code, out = run_cli(
        capsys, monkeypatch, ["precheck", "filing", "--policy", "anyang-2022", "-"], json.dumps(doc)
    )
    assert code == 0
    assert "风景名胜区" in out.out


def test_policy_list_names_every_shipped_pack_and_its_parent(capsys, monkeypatch):
    code, out = run_cli(capsys, monkeypatch, ["policy", "list", "--json"])
    assert code == 0
    packs = {p["id"]: p["extends"] for p in json.loads(out.out)}
    assert packs["wenzhou-2025"] == "zhejiang-2023"
    assert packs["national-2024"] is None


def test_policy_show_gives_each_value_and_the_pack_it_came_from(capsys, monkeypatch):
    code, out = run_cli(capsys, monkeypatch, ["policy", "show", "wenzhou-2025"])
    assert code == 0
    assert "application.city.APP_PI_AGE.max = 55    # wenzhou-2025" in out.out
    assert 'credits.city.credit_class = "II"    # zhejiang-2023' in out.out


def test_policy_examples_runs_a_packs_examples(capsys, monkeypatch, tmp_path):
    code, out = run_cli(capsys, monkeypatch, ["policy", "examples", "wenzhou-2025"])
    assert code == 0
    assert "通过  负责人 56 周岁\n" in out.out
    assert out.out.endswith("共 36 个例子，0 个未通过\n")
    draft = tmp_path / "draft.toml"
    draft.write_text(
        'id = "draft"\ntitle = "草稿"\nextends = "wenzhou-2025"\n\n'
        '[application.city.APP_PI_AGE]\ncite = "草稿"\nmax = 60\n\n'
        '[[examples]]\nname = "负责人 56 周岁"\nnote = "不超过 55 周岁"\ncite = "草稿"\n'
        'kind = "application"\nlike = "申报书齐全"\nset = { "pi.birth_date" = "1969-02-09" }\n'
        'fires = ["APP_PI_AGE"]\n',
        encoding="utf-8",
    )
    code, out = run_cli(capsys, monkeypatch, ["policy", "examples", str(draft)])
    assert code == 1
    assert out.out == (
        "未通过  负责人 56 周岁\n"
        "    应触发：项目负责人年龄（周岁）不超过上限 APP_PI_AGE，实际未触发\n"
        "共 1 个例子，1 个未通过\n"
    )


def test_policy_show_of_an_unknown_pack_exits_2(capsys, monkeypatch):
    code, out = run_cli(capsys, monkeypatch, ["policy", "show", "nowhere-2000"])
    assert code == 2
    assert "nowhere-2000" in out.err


def test_precheck_does_not_import_django():
    script = (
        "import sys, io, contextlib\n"
        "from jijiao.cli import main\n"
        "sys.stdin = io.StringIO('{}')\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['precheck', 'attendance', '--policy', 'anyang-2022', '-'])\n"
        "print('django' in sys.modules)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "False"
