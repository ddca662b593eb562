"""Precheck speed (issue 3): application prechecks per second in one process, and the cold start
of ``jijiao precheck`` as a subprocess.

Goals (printed, never asserted): over 2,000 application prechecks a second on one core; a cold
start under 1 second. Each case is a ratio against a baseline measured in the same run:

- a precheck as the command line and the HTTP face do it (JSON text → ``run_precheck`` → JSON
  text) against ``json.loads`` + ``json.dumps`` of the same document, the least any JSON face
  does; and against ``parse_document`` alone, the precheck's own first step;
- ``jijiao precheck application --policy wenzhou-2025 FILE`` against ``python -c pass`` with the
  same interpreter.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.timing import case, note

SHARED_DIR = Path(
    os.environ.get("JIJIAO_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared")
)
EXAMPLES = SHARED_DIR / "examples" / "precheck"
JIJIAO = Path(sys.executable).parent / "jijiao"
POLICY = "wenzhou-2025"
PRECHECK_GOAL = 2000  # prechecks a second, one process, one core
COLD_START_GOAL = 1.0  # seconds


def _example(name: str) -> dict[str, Any]:
    example = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    if (example["kind"], example["policy"]) != ("application", POLICY):
        raise ValueError(f"{name}: not an application example under {POLICY}")
    return example["input"]


def _per_second(row: dict, what: str, goal: int) -> dict:
    rate = round(1e6 / row["op_us"])
    row["per_second"] = rate
    verdict = "meets" if rate > goal else "below"
    note(f"= {rate:,} {what}/s in one process ({verdict} the goal of > {goal:,}/s on one core)")
    return row


def _application_case(example: str) -> Callable[[], dict]:
    def run() -> dict:
        from jijiao.engine.precheck import run_precheck

        text = json.dumps(_example(example), ensure_ascii=False)

        def precheck() -> str:
            output = run_precheck("application", POLICY, json.loads(text))
            return json.dumps(output, ensure_ascii=False)

        def json_round_trip() -> str:
            return json.dumps(json.loads(text), ensure_ascii=False)

        precheck()  # packs load once per process: not part of a precheck
        row = case(
            f"precheck {example.removeprefix('application-')} / JSON text",
            precheck,
            json_round_trip,
            f"> {PRECHECK_GOAL:,} prechecks/s",
        )
        return _per_second(row, "prechecks", PRECHECK_GOAL)

    return run


def application_against_parsing() -> dict:
    """Where the time goes: the whole precheck against reading the document into dataclasses."""
    from jijiao.engine.precheck import run_precheck
    from jijiao.engine.rules.application_input import Application
    from jijiao.engine.rules.parse import parse_document

    document = _example("application-clean")
    run_precheck("application", POLICY, document)
    return case(
        "precheck clean / parse_document",
        lambda: run_precheck("application", POLICY, document),
        lambda: parse_document(Application, document),
        "ratio only (rules + result vs parsing)",
    )


def _environment() -> dict[str, str]:
    """The user's shell: no Django settings inherited from this process."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}


def _imports(command: list[str], env: dict[str, str]) -> tuple[bool, list[tuple[int, str]]]:
    """Whether the command imports Django, and its slowest imports (µs, cumulative)."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jijiao.cli", *command],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    rows = []
    for line in completed.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match[1]), len(match[2]), match[3]))
    django = any(name == "django" or name.startswith("django.") for _, _, name in rows)
    top = sorted(((us, name) for us, depth, name in rows if depth == 1), reverse=True)
    return django, top[:4]


def cold_start() -> dict:
    """``jijiao precheck`` as a new process, against ``python -c pass``."""
    env = _environment()
    with tempfile.TemporaryDirectory() as folder:
        document = Path(folder) / "application.json"
        document.write_text(json.dumps(_example("application-clean"), ensure_ascii=False))
        command = ["precheck", "application", "--policy", POLICY, str(document)]

        def jijiao() -> None:
            completed = subprocess.run(
                [str(JIJIAO), *command], capture_output=True, env=env, check=False
            )
            if completed.returncode != 0:  # a broken command is not a fast one
                raise RuntimeError(completed.stderr.decode() or completed.stdout.decode())

        def python_pass() -> None:
            subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)

        jijiao()
        row = case(
            "cold start jijiao precheck / python",
            jijiao,
            python_pass,
            f"< {COLD_START_GOAL:g} s",
            repeat=5,
            number=3,
        )
        seconds = row["op_us"] / 1e6
        row["seconds"] = round(seconds, 3)
        verdict = "meets" if seconds < COLD_START_GOAL else "misses"
        note(f"= {seconds:.3f} s a run ({verdict} the goal of < {COLD_START_GOAL:g} s)")
        imports_django, top = _imports(command, env)
        row["imports_django"] = imports_django
        note(f"imports Django: {'yes' if imports_django else 'no'}")
        slowest = ", ".join(f"{name} {us / 1000:.0f} ms" for us, name in top)
        note(f"slowest top-level imports (cumulative): {slowest}")
    return row


CASES: list[Callable[[], dict]] = [
    _application_case("application-clean"),
    _application_case("application-many-faults"),
    application_against_parsing,
    cold_start,
]
