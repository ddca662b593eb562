"""ANN_* annual compliance."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jijiao.engine.packs import load_pack_text
from jijiao.engine.rules.compliance import (
    AnnualCompliance,
    CreditRecord,
    check_annual,
    judged_facts,
    standing_of_sums,
    year_standing,
    year_sums,
)
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


CASES_PACK = """
id = "cases-test"
title = "按类别与职称（测试）"
extends = "national-2024"

[compliance.ANN_TOTAL]
cite = "测试 一"
severity = "error"
min = 25

[[compliance.ANN_TOTAL.cases]]
when = { "unit.category" = "township" }
min = 15

[compliance.ANN_CLASS2]
cite = "测试 二"
severity = "error"
min = 10

[[compliance.ANN_CLASS2.cases]]
when = { "person.title" = ["正高", "副高"] }
min = 5
"""

_records = st.lists(
    st.builds(
        CreditRecord,
        year=st.sampled_from([2022, 2023]),
        credit_class=st.sampled_from(["I", "II"]),
        level=st.sampled_from(["national", "provincial", "city", "unit"]),
        remote=st.booleans(),
        credits=st.integers(1, 120).map(lambda n: Fraction(n, 10)),
        status=st.sampled_from(["approved", "approved", "pending_unit", "rejected"]),
        valid=st.sampled_from([True, True, False, None]),
    ),
    max_size=10,
)
_facts = st.fixed_dictionaries(
    {
        "unit.category": st.sampled_from(["township", "county", "city_centre"]),
        "person.title": st.sampled_from(["正高", "中级", "初级"]),
        "unit.division": st.sampled_from(["330302", "330381"]),
        "unit.level": st.sampled_from(["一级", "三级"]),
    }
)


def test_the_facts_a_packs_annual_rules_can_read():
    policy = load_pack_text("cases-test", CASES_PACK)
    assert policy.case_facts("compliance") == ("person.title", "unit.category")
    assert load_pack_text("plain", 'id = "plain"\ntitle = "t"\nextends = "national-2024"\n'
                          ).case_facts("compliance") == ()  # fmt: skip
    facts = {"unit.category": "township", "person.title": "中级", "unit.division": "330302"}
    assert judged_facts(policy, facts) == (("person.title", "中级"), ("unit.category", "township"))


@given(_records, _facts, _facts, st.booleans(), st.sampled_from([None, "long_study"]))
def test_a_standing_depends_on_the_records_only_through_their_sums_and_on_the_judged_facts(
    records, facts, other, county_level, exemption
):
    """What lets a province's summaries judge people alike once (``credits.summaries``)."""
    policy = load_pack_text("cases-test", CASES_PACK)
    standing = year_standing(
        policy, 2022, records, exemption=exemption, county_level=county_level, facts=facts
    )
    assert standing == standing_of_sums(
        policy,
        2022,
        year_sums(2022, records),
        exemption=exemption,
        county_level=county_level,
        facts=facts,
    )
    other_year = CreditRecord(year=2023, credit_class="I", level="national", credits=Fraction(9))
    shuffled = [*reversed(records), other_year]
    assert (
        year_standing(
            policy, 2022, shuffled, exemption=exemption, county_level=county_level, facts=facts
        )
        == standing
    )
    if judged_facts(policy, facts) == judged_facts(policy, other):
        assert (
            year_standing(
                policy, 2022, records, exemption=exemption, county_level=county_level, facts=other
            )
            == standing
        )
