"""Base documents for the rule tests: a clean Wenzhou 2025 application and friends.

Each test copies one, changes the fact it is about, and asserts the exact outcome.
"""

import copy
from typing import Any

from jijiao.engine.packs import load_policy
from jijiao.engine.precheck import run_precheck
from jijiao.engine.rules.findings import Finding
from jijiao.engine.rules.parse import parse_document

WENZHOU_2025 = "wenzhou-2025"


def teacher(name: str, **overrides: Any) -> dict[str, Any]:
    base = {
        "name": name,
        "is_pi": False,
        "title": "副高",
        "own_unit": True,
        "discipline": "03-06",
        "integrity_records": [],
    }
    return {**base, **overrides}


CLEAN_APPLICATION: dict[str, Any] = {
    "submitted_at": "2025-02-10T10:00:00+08:00",
    "unit": {
        "name": "温州市某医院",
        "licence_status": "valid",
        "is_medical": True,
        "first_time": False,
        "completed_projects": {"2023": 3, "2024": 4},
        "applications_in_call": 1,
    },
    "project": {
        "name": "基层慢病管理适宜技术培训班",
        "summary": "高血压、糖尿病基层规范化管理与适宜技术操作培训",
        "level": "city",
        "track": "new",
        "theme_kind": "training",
        "discipline": "03-06",
        "format": "offline",
        "sessions": 2,
        "enrollment_per_session": 120,
        "venue": "本院学术报告厅",
        "venue_is_own_unit": True,
        "requested_credits": None,
    },
    "pi": {
        "name": "张某",
        "birth_date": "1972-05-01",
        "is_unit_staff": True,
        "title": "正高",
        "discipline": "03-06",
        "applications_in_call": 0,
        "unexecuted_projects": [],
        "integrity_records": [],
        "execution_misconduct": [],
    },
    "courses": [
        {
            "topic": "基层高血压规范化管理",
            "kind": "theory",
            "minutes": 150,
            "teacher": teacher("张某", is_pi=True, title="正高"),
        },
        {"topic": "糖尿病并发症筛查", "kind": "theory", "minutes": 150, "teacher": teacher("李某")},
        {
            "topic": "动态血压监测操作",
            "kind": "practical",
            "minutes": 150,
            "teacher": teacher("王某", title="中级"),
        },
        {
            "topic": "基层用药安全",
            "kind": "theory",
            "minutes": 150,
            "teacher": teacher("赵某", title="正高", own_unit=False),
        },
        {"topic": "开班仪式", "kind": "non_teaching", "minutes": 30, "teacher": None},
    ],
    "others": [],
}


def clean_application() -> dict[str, Any]:
    return copy.deepcopy(CLEAN_APPLICATION)


def run(check, document_class, document: dict[str, Any], pack: str = WENZHOU_2025):
    """Parse ``document`` and run an area's check under a shipped pack."""
    return check(parse_document(document_class, document), load_policy(pack))


def precheck(kind: str, document: dict[str, Any], pack: str = WENZHOU_2025):
    """``document`` through the public face, :func:`run_precheck`: ``(findings, result)`` in the
    shape of :func:`run`, the findings as the contract sorts them (code, then subject)."""
    output = run_precheck(kind, pack, document)
    findings = [Finding(**f) for f in output["findings"]]
    assert output["ok"] is not any(f.severity == "error" for f in findings)
    return findings, output["result"]


def triples(findings) -> list[tuple[str, str, str]]:
    """``(code, severity, subject)`` of each finding, in order: the exact outcome of a check."""
    return [(f.code, f.severity, f.subject) for f in findings]


def codes(findings) -> dict[str, str]:
    """``{code: severity}`` of a list of findings."""
    return {f.code: f.severity for f in findings}
