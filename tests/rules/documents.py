"""Base documents for the rule tests: a clean Wenzhou 2025 application and friends.

Each test copies one, changes the fact it is about, and asserts the exact outcome.
"""

import copy
from typing import Any

from jijiao.policy import load_policy
from jijiao.rules.parse import parse_document

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


def codes(findings) -> dict[str, str]:
    """``{code: severity}`` of a list of findings."""
    return {f.code: f.severity for f in findings}
