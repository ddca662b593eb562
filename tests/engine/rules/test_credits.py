"""Credit entry windows (seed 002) under wenzhou-2023."""

import pytest

from tests.engine.rules.documents import codes, precheck, triples


def check(activity_type, activity_date, entered_on, **extra):
    doc = {"activity": {"type": activity_type, "date": activity_date}, "entered_on": entered_on}
    return precheck("credit-entry", {**doc, **extra}, "wenzhou-2023")


def test_in_unit_activity_entered_in_its_year_is_allowed():
    assert check("大查房", "2023-06-01", "2023-12-31") == (
        [],
        {"decision": "allowed", "deadline": "2023-12-31"},
    )


@pytest.mark.parametrize(
    ("entered_on", "decision", "expected"),
    [
        ("2023-12-31", "allowed", []),
        ("2024-01-01", "closed", [("CRD_ENTRY_CLOSED", "error", "entry")]),
    ],
)
def test_in_unit_activity_of_november_entered_12_31_is_allowed_01_01_is_closed(
    entered_on, decision, expected
):
    findings, result = check("大查房", "2023-11-30", entered_on, has_proof=True)
    assert triples(findings) == expected
    assert result == {"decision": decision, "deadline": "2023-12-31"}


@pytest.mark.parametrize(
    ("entered_on", "has_proof", "decision", "expected"),
    [
        ("2023-12-31", False, "allowed", []),
        ("2024-01-01", True, "allowed", [("CRD_LATE_ENTRY", "warning", "entry")]),
        ("2024-01-01", False, "late_entry", [("CRD_LATE_ENTRY", "error", "entry")]),
    ],
)
def test_december_activity_entered_12_31_is_normal_01_01_is_a_late_entry(
    entered_on, has_proof, decision, expected
):
    findings, result = check("科内业务学习", "2023-12-12", entered_on, has_proof=has_proof)
    assert triples(findings) == expected
    assert result == {"decision": decision, "deadline": "2024-01-31"}


@pytest.mark.parametrize(
    ("entered_on", "decision", "expected"),
    [
        ("2024-01-31", "allowed", [("CRD_LATE_ENTRY", "warning", "entry")]),
        ("2024-02-01", "closed", [("CRD_ENTRY_CLOSED", "error", "entry")]),
    ],
)
def test_december_activity_with_proof_entered_01_31_is_late_02_01_is_closed(
    entered_on, decision, expected
):
    findings, result = check("病例讨论", "2023-12-31", entered_on, has_proof=True)
    assert triples(findings) == expected
    assert result == {"decision": decision, "deadline": "2024-01-31"}


def test_in_unit_activity_of_another_month_cannot_be_entered_next_year():
    findings, result = check("病例讨论", "2023-11-30", "2024-01-02", has_proof=True)
    assert result == {"decision": "closed", "deadline": "2023-12-31"}
    assert codes(findings) == {"CRD_ENTRY_CLOSED": "error"}


def test_december_activity_in_january_with_proof_is_a_late_entry_warning():
    findings, result = check("科内业务学习", "2023-12-12", "2024-01-20", has_proof=True)
    assert result == {"decision": "allowed", "deadline": "2024-01-31"}
    assert codes(findings) == {"CRD_LATE_ENTRY": "warning"}


def test_december_activity_in_january_without_proof_needs_it():
    findings, result = check("科内业务学习", "2023-12-12", "2024-01-31", has_proof=False)
    assert result == {"decision": "late_entry", "deadline": "2024-01-31"}
    [finding] = findings
    assert (finding.code, finding.severity) == ("CRD_LATE_ENTRY", "error")
    assert "须提供证明材料（学习记录或考勤）" in finding.message


def test_december_activity_after_january_is_closed():
    findings, result = check("全院业务学习", "2023-12-12", "2024-02-01", has_proof=True)
    assert result["decision"] == "closed"
    assert codes(findings) == {"CRD_ENTRY_CLOSED": "error"}


@pytest.mark.parametrize(
    ("entered_on", "decision", "expected"),
    [
        ("2024-03-31", "allowed", []),
        ("2024-04-01", "late_entry", [("CRD_LATE_ENTRY_PLEDGE", "error", "entry")]),
    ],
)
def test_personal_activity_entered_03_31_next_year_is_normal_04_01_needs_the_pledge(
    entered_on, decision, expected
):
    findings, result = check("论文", "2023-05-01", entered_on, has_proof=True)
    assert triples(findings) == expected
    assert result == {"decision": decision, "deadline": "2024-03-31"}


@pytest.mark.parametrize(
    ("proof", "pledge", "decision", "severity"),
    [
        (True, True, "allowed", "warning"),
        (True, False, "late_entry", "error"),
        (False, True, "late_entry", "error"),
    ],
)
def test_personal_activity_later_needs_the_pledge_and_evidence(proof, pledge, decision, severity):
    findings, result = check("进修", "2023-05-01", "2024-04-01", has_proof=proof, has_pledge=pledge)
    assert result == {"decision": decision, "deadline": "2024-03-31"}
    late = [f for f in findings if f.code == "CRD_LATE_ENTRY_PLEDGE"]
    assert [f.severity for f in late] == [severity]


@pytest.mark.parametrize(
    ("reviewed_on", "expected"),
    [("2024-03-31", []), ("2024-04-01", [("CRD_REVIEW_CLOSED", "error", "entry")])],
)
def test_review_on_03_31_of_the_next_year_is_in_time_04_01_is_closed(reviewed_on, expected):
    findings, result = check("大查房", "2023-06-01", "2023-06-02", reviewed_on=reviewed_on)
    assert triples(findings) == expected
    assert result["decision"] == "allowed"


def test_a_type_that_needs_evidence_without_it_is_reminded():
    findings, _ = check("讲课", "2023-06-01", "2023-06-02", has_proof=False)
    [finding] = findings
    assert (finding.code, finding.severity) == ("CRD_EVIDENCE_MISSING", "warning")
    assert "签到表" in finding.message


def test_credit_entry_windows_are_not_set_by_the_national_pack():
    doc = {"activity": {"type": "大查房", "date": "2023-06-01"}, "entered_on": "2025-01-01"}
    assert precheck("credit-entry", doc, "national-2024") == (
        [],
        {"decision": None, "deadline": None},
    )
