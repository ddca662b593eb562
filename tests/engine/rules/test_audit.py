"""AUD_* promotion audit under wenzhou-2023."""

import pytest

from tests.engine.rules.documents import codes, precheck, triples


def record(year, credits, klass="II", level="unit", **extra):
    base = {"year": year, "class": klass, "level": level, "remote": False, "type": "院内活动"}
    return {**base, "credits": credits, "status": "approved", "valid": True, **extra}


def good_years(first=2018, last=2022):
    records = []
    for year in range(first, last + 1):
        records.append(record(year, 10, "I", "national", type="项目"))
        records.append(record(year, 16))
    return records


def check(records, audit_year=2023, early=False, **person):
    doc = {
        "audit_year": audit_year,
        "early_promotion": early,
        "person": person,
        "records": records,
    }
    return precheck("promotion-audit", doc, "wenzhou-2023")


def test_five_good_years_pass_with_one_row_per_year_oldest_first():
    findings, result = check(good_years())
    assert findings == []
    assert [row["year"] for row in result["years"]] == [2018, 2019, 2020, 2021, 2022]
    assert result["years"][0] == {
        "year": 2018,
        "class1_national": 10.0,
        "class1_provincial": 0.0,
        "class2": 16.0,
        "total": 26.0,
        "status": "compliant",
    }
    assert result["totals"] == {
        "class1_national": 50.0,
        "class1_provincial": 0.0,
        "class2": 80.0,
        "total": 130.0,
    }
    assert result["remote_class1_share"] == 0.0


def test_early_promotion_looks_at_four_years():
    _, result = check(good_years(), early=True)
    assert [row["year"] for row in result["years"]] == [2019, 2020, 2021, 2022]


def test_the_2023_window_includes_2018_and_excludes_2017_and_the_audit_year():
    outside = [record(2017, 100, "I", "national"), record(2023, 100, "I", "national")]
    findings, result = check([*good_years(), *outside])
    assert findings == []
    assert [row["year"] for row in result["years"]] == [2018, 2019, 2020, 2021, 2022]
    assert result["totals"]["class1_national"] == 50.0  # 2018 counted, 2017 and 2023 not
    assert result["totals"]["total"] == 130.0


def test_a_noncompliant_2017_does_not_matter_a_noncompliant_2018_does():
    without_2018 = [r for r in good_years() if r["year"] != 2018]
    findings, _ = check([*without_2018, record(2017, 1)])
    assert triples(findings) == [("AUD_YEAR_NONCOMPLIANT", "error", "2018")]
    findings, _ = check([*good_years(), record(2017, 1, valid=False)])
    assert findings == []


def test_early_promotion_window_of_4_years_excludes_2018():
    without_2018 = [r for r in good_years() if r["year"] != 2018]
    findings, result = check(without_2018, early=True)
    assert findings == []
    assert [row["year"] for row in result["years"]] == [2019, 2020, 2021, 2022]
    findings, _ = check(without_2018, early=False)
    assert triples(findings) == [("AUD_YEAR_NONCOMPLIANT", "error", "2018")]


def test_each_noncompliant_year_is_a_finding_with_its_reasons():
    records = [r for r in good_years() if not (r["year"] == 2018 and r["class"] == "II")]
    findings, result = check(records)
    [finding] = findings
    assert (finding.code, finding.subject) == ("AUD_YEAR_NONCOMPLIANT", "2018")
    assert "2018 年学分 10 分，低于 25 分" in finding.message
    assert result["years"][0]["status"] == "noncompliant"


def test_an_exempt_year_counts_as_meeting_the_requirement():
    records = [r for r in good_years() if r["year"] != 2021]
    findings, result = check(records, exemptions={"2021": "resident_training"})
    assert findings == []
    assert result["years"][3]["status"] == "exempt"


def test_remote_share_is_waived_in_2023_and_applied_in_2024():
    records = good_years(2019, 2023)
    for r in records:
        if r["class"] == "I" and r["year"] >= 2021:
            r["remote"] = True
    _, result = check(records, audit_year=2024)
    assert result["remote_class1_share"] == 0.6
    assert codes(check(records, audit_year=2024)[0]) == {"AUD_REMOTE_SHARE": "error"}
    records_2023 = [dict(r, year=r["year"] - 1) for r in records]
    assert check(records_2023, audit_year=2023)[0] == []


def test_remote_share_is_null_without_class_one_credits():
    _, result = check([record(2020, 30)])
    assert result["remote_class1_share"] is None


@pytest.mark.parametrize(
    ("unit_level", "flagged"), [("三级", True), ("省级", True), ("二级", False)]
)
def test_tertiary_and_provincial_staff_need_ten_national_credits(unit_level, flagged):
    records = good_years()
    for r in records:
        if r["class"] == "I":
            r["level"] = "provincial"
    findings, result = check(records, unit_level=unit_level)
    assert result["totals"]["class1_provincial"] == 50.0
    assert bool(findings) is flagged
    if flagged:
        assert findings[0].code == "AUD_NATIONAL_CREDITS"


def test_records_that_need_evidence_must_carry_it():
    records = [*good_years(), record(2020, 2, type="论文", has_evidence=False)]
    [finding] = check(records)[0]
    assert (finding.code, finding.subject) == ("AUD_EVIDENCE_MISSING", "records[10]")
    assert "加盖单位公章的论文封面" in finding.message


def test_the_audit_years_credits_up_to_june_30_are_an_extra_row_when_asked():
    records = [
        *good_years(),
        record(2023, 3, date="2023-06-30"),
        record(2023, 4, date="2023-07-01"),
    ]
    _, result = check(records)
    assert "audit_year" not in result
    _, result = precheck(
        "promotion-audit",
        {"audit_year": 2023, "include_audit_year": True, "records": records},
        "wenzhou-2023",
    )
    assert result["audit_year"]["class2"] == 3.0
    assert result["audit_year"]["until"] == "2023-06-30"
    assert result["audit_year"]["status"] is None
