"""docs/packs.md: generated from the schema, current, and its worked packs give their examples."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jijiao.engine.packs.loader import load_pack_text
from jijiao.engine.packs.reference import reference_markdown
from jijiao.engine.packs.schema import known_codes
from jijiao.engine.precheck import run_precheck

DOCS = Path(__file__).resolve().parents[3] / "docs" / "packs.md"


def test_the_reference_is_current():
    assert DOCS.read_text(encoding="utf-8") == reference_markdown(), (
        "docs/packs.md is stale: run `.venv/bin/jijiao policy reference > docs/packs.md`"
    )


def test_every_rule_code_has_its_entry_and_what_it_checks():
    text = DOCS.read_text(encoding="utf-8")
    for code in known_codes():
        entry = re.search(rf"#### `{code}` \S.*\n\n(.+)\n", text)
        assert entry is not None, code
        assert entry.group(1).strip(), f"{code} has no description"


def _worked(text: str) -> dict[str, dict]:
    packs = dict(re.findall(r"<!-- worked-pack: (\S+) -->\n```toml\n(.*?)\n```", text, re.S))
    examples = re.findall(r"<!-- worked-examples: (\S+) -->\n```json\n(.*?)\n```", text, re.S)
    return {name: {"text": packs[name], "examples": json.loads(raw)} for name, raw in examples}


WORKED = _worked(DOCS.read_text(encoding="utf-8"))


def test_the_reference_has_the_two_worked_packs():
    assert set(WORKED) == {"annual-by-category", "special-call"}


@pytest.mark.parametrize(
    ("name", "index"),
    [(name, i) for name, pack in WORKED.items() for i in range(len(pack["examples"]))],
)
def test_a_worked_packs_example_gives_what_it_says(name, index):
    pack = WORKED[name]
    example = pack["examples"][index]
    policy = load_pack_text(name, pack["text"])
    out = run_precheck(example["kind"], name, example["document"], policy=policy)
    assert [[f["code"], f["severity"]] for f in out["findings"]] == example["expect"]["findings"]
    for key, value in example["expect"].get("result", {}).items():
        assert out["result"][key] == value


def test_the_command_prints_the_reference_without_django():
    code = (
        "import sys; from jijiao.cli import main; main(['policy', 'reference']);"
        "assert 'django' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == reference_markdown()
