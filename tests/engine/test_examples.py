"""Every example of ``shared/examples/precheck`` through ``run_precheck`` and the command line.

How ``expect`` is matched (read from all examples): ``ok`` is equal; ``findings`` maps code →
severity and is the exact set of codes found (an example with ``{}`` expects no finding at all,
and ``application-many-faults`` lists all nine it has); ``result`` keys that the example gives
are compared exactly, keys it leaves out are not compared (``application-many-faults`` omits
``teaching_hours`` and ``quota``, ``promotion-audit-ok`` gives only ``totals``).
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jijiao.cli import main
from jijiao.engine.precheck import run_precheck

SHARED_DIR = Path(
    os.environ.get("JIJIAO_SHARED_DIR", Path(__file__).resolve().parents[2].parent / "shared")
)
EXAMPLES = sorted((SHARED_DIR / "examples" / "precheck").glob("*.json"))
JIJIAO = Path(sys.executable).parent / "jijiao"


def test_the_examples_are_there():
    assert len(EXAMPLES) >= 8, f"no examples under {SHARED_DIR} (set JIJIAO_SHARED_DIR)"


def assert_matches(output: dict[str, Any], example: dict[str, Any]) -> None:
    expect = example["expect"]
    assert output["kind"] == example["kind"]
    assert output["policy"] == example["policy"]
    assert output["ok"] == expect["ok"]
    found: dict[str, str] = {}
    for finding in output["findings"]:
        found[finding["code"]] = finding["severity"]
    assert found == expect["findings"]
    for key, value in expect.get("result", {}).items():
        assert output["result"][key] == value, key
    order = [(f["code"], f["subject"]) for f in output["findings"]]
    assert [code for code, _ in order] == sorted(code for code, _ in order)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_through_run_precheck(path):
    example = json.loads(path.read_text(encoding="utf-8"))
    output = run_precheck(example["kind"], example["policy"], example["input"])
    assert_matches(output, example)
    json.dumps(output)  # plain JSON data throughout


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_through_the_command_line(path, tmp_path):
    example = json.loads(path.read_text(encoding="utf-8"))
    document = tmp_path / "input.json"
    document.write_text(json.dumps(example["input"], ensure_ascii=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    completed = subprocess.run(
        [str(JIJIAO), "precheck", example["kind"], "--policy", example["policy"], str(document)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert_matches(json.loads(completed.stdout), example)


def test_the_command_line_reads_standard_input(capsys, monkeypatch):
    example = json.loads(
        (SHARED_DIR / "examples/precheck/filing-national-on-time.json").read_text()
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(example["input"])))
    assert main(["precheck", "filing", "--policy", "national-2024", "-"]) == 0
    assert_matches(json.loads(capsys.readouterr().out), example)
