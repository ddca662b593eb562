"""ANN_* annual compliance."""

import pytest

from jijiao.engine.packs import load_pack_text
from jijiao.engine.rules.compliance import AnnualCompliance, check_annual
from jijiao.engine.rules.parse import parse_document
from tests.engine.rules.documents import codes, precheck, triples


def record(credits, klass="II", level="unit", **extra):
    base = {"year": 2022, "class": klass, "level": level, "remote": False}
    return {**base, "credits": credits, "status": "approved", "valid": True, **extra}


def check(records, pack="national-2024", year=2022, **person):
    doc = {"year": year, "person": person, "records": records}
    return precheck("annual-compliance", doc, pack)


def test_25_credits_with_5_class_one_and_20_class_two_is_compliant():
    findings, result = check([record(5, "I", "national"), record(20)])
    assert findings == []
    assert result == {
        "year": 2022,
        "total": 25.0,
        "class1": 5.0,
        "class2": 20.0,
        "status": "compliant",
    }


def test_a_total_below_25_is_noncompliant():
    findings, result = check([record(5, "I", "national"), record(19.9)])
    assert triples(findings) == [("ANN_TOTAL", "error", "2022")]
    assert result["status"] == "noncompliant"
    assert result["total"] == 24.9


@pytest.mark.parametrize(
    ("class1", "status", "expected"),
    [(5, "compliant", []), (4.9, "noncompliant", [("ANN_CLASS1", "error", "2022")])],
)
def test_class_one_of_5_is_compliant_4_9_is_not_with_the_total_still_25(class1, status, expected):
    findings, result = check([record(class1, "I", "national"), record(25 - class1)])
    assert triples(findings) == expected
    assert (result["total"], result["class1"], result["status"]) == (25.0, class1, status)


def test_class_two_below_15_is_noncompliant():
    findings, _ = check([record(11, "I", "national"), record(14)])
    assert codes(findings) == {"ANN_CLASS2": "error"}


def test_only_approved_and_valid_records_count():
    records = [
        record(5, "I", "national"),
        record(20),
        record(10, status="pending"),
        record(10, valid=False),
        record(10, year=2021),
    ]
    _, result = check(records)
    assert result["total"] == 25.0


def test_wenzhou_drops_the_class_split_for_2020_to_2023():
    findings, result = check([record(26)], pack="wenzhou-2023", year=2022)
    assert findings == [] and result["status"] == "compliant"
    findings, _ = check([record(26, year=2019)], pack="wenzhou-2023", year=2019)
    assert codes(findings) == {"ANN_CLASS1": "error"}


def test_exempt_persons_are_deemed_complete():
    for exemption in ("resident_training", "gp_transfer_training", "long_study"):
        findings, result = check([], exemption=exemption)
        assert findings == [] and result["status"] == "exempt"


def test_changsha_public_subject_hours_when_the_hr_figure_is_given():
    enough = [record(5, "I", "national"), record(20)]
    assert check(enough, pack="changsha-2022")[0] == []
    findings, _ = check(enough, pack="changsha-2022", public_subject_hours=29)
    [finding] = findings
    assert finding.code == "ANN_PUBLIC_HOURS"
    assert finding.message == (
        "2022 年公需科目 29 学时，低于 30 学时（长沙市继续医学教育管理办法（试行）第九条）"
    )
    assert check(enough, pack="national-2024", public_subject_hours=0)[0] == []


COUNTY_PACK = """
id = "county-test"
title = "县级人员测试"
extends = "national-2024"

[compliance.county_staff]
cite = "测试"
class_split = false

[compliance.county_staff.ANN_TOTAL]
cite = "测试"
severity = "error"
min = 20
"""


def test_a_county_staff_section_overrides_the_rules_for_county_level_staff():
    policy = load_pack_text("county-test", COUNTY_PACK)
    doc = {"year": 2022, "records": [record(20)]}
    county = {**doc, "person": {"county_level": True}}
    findings, result = check_annual(parse_document(AnnualCompliance, county), policy)
    assert findings == [] and result["status"] == "compliant"
    findings, _ = check_annual(parse_document(AnnualCompliance, doc), policy)
    assert codes(findings) == {"ANN_TOTAL": "error", "ANN_CLASS1": "error"}
