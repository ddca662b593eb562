"""Running a pack's worked examples (试算): each example's document through the precheck under
the pack, compared with what the example says the notice gives.

``run_examples(policy)`` returns one :class:`ExampleOutcome` per example, in the pack's order:
passed, and otherwise what differed, in Chinese. ``failing_examples(policy)`` is the short
answer a domain function needs before making a pack the policy of a call or a credit year; its
answer is kept per pack content and examples (a pack is read-only once loaded).
"""

import json
from dataclasses import dataclass, field
from typing import Any

from jijiao.engine.packs.examples import Example, examples_digest
from jijiao.engine.packs.model import Policy
from jijiao.engine.packs.rule_names import rule_name
from jijiao.engine.precheck import InputInvalid, run_precheck

_STATUS = {True: "通过", False: "不通过"}


@dataclass(frozen=True)
class ExampleOutcome:
    """One example run: ``passed``, and ``differences`` (Chinese sentences) when not; the codes
    the precheck found, with their messages."""

    example: Example
    passed: bool
    differences: tuple[str, ...] = ()
    found: tuple[tuple[str, str, str], ...] = field(default=())  # (code, severity, message)

    @property
    def label(self) -> str:
        return "通过" if self.passed else "未通过"


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def named(code: str) -> str:
    """A rule as a person reads it: its Chinese name, then its code."""
    name = rule_name(code)
    return f"{name} {code}" if name else code


def run_example(policy: Policy, example: Example) -> ExampleOutcome:
    """One example under ``policy``."""
    try:
        document = json.loads(json.dumps(example.document))
        out = run_precheck(example.kind, policy.id, document, policy=policy)
    except InputInvalid as error:
        return ExampleOutcome(example, False, (f"文档有误：{error.message}（{error.path}）",))
    found: dict[str, dict[str, Any]] = {}
    for finding in out["findings"]:
        found.setdefault(finding["code"], finding)
    # Attendance gives a trainee's codes in the result (``ineligible``, ``warnings``).
    result = out["result"] if isinstance(out["result"], dict) else {}
    for group, severity in (("ineligible", "error"), ("warnings", "warning")):
        for person in result.get(group) or []:
            for code in person.get("codes", []):
                message = f"学员 {person.get('id')}"
                found.setdefault(code, {"code": code, "severity": severity, "message": message})
    differences = []
    for code in example.fires:
        if code not in found:
            differences.append(f"应触发：{named(code)}，实际未触发")
    for code in example.not_fires:
        if code in found:
            differences.append(f"不应触发：{named(code)}，实际触发（{found[code]['message']}）")
    if example.ok is not None and out["ok"] != example.ok:
        differences.append(f"整体应{_STATUS[example.ok]}，实际{_STATUS[out['ok']]}")
    for key, value in example.result.items():
        actual = out["result"].get(key) if isinstance(out["result"], dict) else None
        if actual != value:
            differences.append(f"结果 {key} 应为 {_shown(value)}，实际为 {_shown(actual)}")
    shown = tuple((f["code"], f["severity"], f["message"]) for f in found.values())
    return ExampleOutcome(example, not differences, tuple(differences), shown)


def run_examples(policy: Policy) -> list[ExampleOutcome]:
    """Every example of the pack, in order."""
    return [run_example(policy, example) for example in policy.examples]


_KEPT: dict[tuple[str, str, str], tuple[str, ...]] = {}


def failing_examples(policy: Policy) -> list[str]:
    """``["例子名：第一处不同", …]`` for the examples that fail (empty when all pass)."""
    key = (policy.id, policy.content_hash, examples_digest(policy.examples))
    if key not in _KEPT:
        if len(_KEPT) > 256:
            _KEPT.clear()
        _KEPT[key] = tuple(
            f"{outcome.example.name}：{outcome.differences[0]}"
            for outcome in run_examples(policy)
            if not outcome.passed
        )
    return list(_KEPT[key])
