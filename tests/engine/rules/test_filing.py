"""FIL_* rules under national-2024, anyang-2022 and changsha-2022."""

import copy

import pytest

from tests.engine.rules.documents import codes, precheck, triples

NOTICE = {
    "name": "心血管介入诊疗新进展学习班",
    "number": "2024-03-01-001（国）",
    "host": "某医科大学附属第一医院",
    "fee_statement": "不收费",
    "registration_date": "2024-05-09",
    "start": "2024-05-10",
    "end": "2024-05-12",
    "format": "offline",
    "venue": "某酒店",
    "contact": "李某",
    "phone": "0372-0000000",
}

FILING = {
    "project": {
        "level": "national",
        "name": "心血管介入诊疗新进展学习班",
        "number": "2024-03-01-001（国）",
        "host": "某医科大学附属第一医院",
    },
    "session": {
        "start": "2024-05-10",
        "end": "2024-05-12",
        "venue": "某酒店",
        "scenic_area": False,
    },
    "filed_on": "2024-04-20",
    "notice": NOTICE,
    "host_licence_status": "valid",
    "name_prefix_approved": False,
    "approval_year": 2024,
}


def filing(**changes):
    doc = copy.deepcopy(FILING)
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = doc
        for part in parents:
            node = node[part]
        node[last] = value
    return doc


def check(doc, pack):
    return precheck("filing", doc, pack)


def test_on_time_national_filing_has_no_findings_and_reports_the_lead_time():
    assert check(filing(), "national-2024") == ([], {"days_before": 20, "required_days": 14})


# The session starts 2024-05-10: filed 04-26 is 14 days before, 04-27 is 13.
@pytest.mark.parametrize(
    ("filed_on", "days", "expected"),
    [("2024-04-26", 14, []), ("2024-04-27", 13, [("FIL_LATE", "warning", "session")])],
)
def test_national_filing_14_days_before_is_on_time_13_is_a_warning(filed_on, days, expected):
    findings, result = check(filing(filed_on=filed_on), "national-2024")
    assert triples(findings) == expected
    assert result == {"days_before": days, "required_days": 14}


@pytest.mark.parametrize("level", ["national", "provincial"])
@pytest.mark.parametrize(
    ("filed_on", "days", "expected"),
    [("2024-04-26", 14, []), ("2024-04-27", 13, [("FIL_LATE", "error", "session")])],
)
def test_filing_13_days_before_is_late_14_is_not_in_anyang(level, filed_on, days, expected):
    findings, result = check(filing(project__level=level, filed_on=filed_on), "anyang-2022")
    assert triples(findings) == expected
    assert result == {"days_before": days, "required_days": 14}


@pytest.mark.parametrize(
    ("filed_on", "days", "expected"),
    [("2024-04-30", 10, []), ("2024-05-01", 9, [("FIL_LATE", "error", "session")])],
)
def test_anyang_city_filing_10_days_before_is_on_time_9_is_late(filed_on, days, expected):
    findings, result = check(filing(project__level="city", filed_on=filed_on), "anyang-2022")
    assert triples(findings) == expected
    assert result == {"days_before": days, "required_days": 10}


@pytest.mark.parametrize("level", ["national", "provincial"])
@pytest.mark.parametrize(
    ("filed_on", "days", "expected"),
    [("2024-05-03", 7, []), ("2024-05-04", 6, [("FIL_LATE", "error", "session")])],
)
def test_changsha_filing_7_days_before_is_on_time_6_is_late(level, filed_on, days, expected):
    findings, result = check(filing(project__level=level, filed_on=filed_on), "changsha-2022")
    assert triples(findings) == expected
    assert result == {"days_before": days, "required_days": 7}


def test_anyang_late_filing_is_an_error_with_ten_days_for_city_projects():
    doc = filing(project__level="city", filed_on="2024-05-01")  # 9 days before
    findings, result = check(doc, "anyang-2022")
    assert codes(findings) == {"FIL_LATE": "error"}
    assert result == {"days_before": 9, "required_days": 10}
    [finding] = findings
    assert finding.message == "举办前 9 天报备，应至少提前 10 天（安阳市继委2022年项目通知 六）"


def test_changsha_sets_no_filing_lead_time_for_city_projects():
    _, result = check(filing(project__level="city", filed_on="2024-05-09"), "changsha-2022")
    assert result["required_days"] is None


def test_anyang_notice_must_state_every_field():
    doc = filing(notice__phone="", notice__fee_statement=None)
    [finding] = check(doc, "anyang-2022")[0]
    assert finding.code == "FIL_NOTICE_FIELD_MISSING"
    assert finding.subject == "notice"
    assert finding.message.startswith("举办通知未注明是否收费、联系电话")


def test_notice_fields_are_not_required_by_the_national_pack():
    assert check(filing(notice__phone=""), "national-2024")[0] == []


def test_notice_name_number_and_host_must_match_the_approved_project():
    [finding] = check(filing(notice__number="2024-03-01-002（国）"), "national-2024")[0]
    assert finding.code == "FIL_NOTICE_MISMATCH"
    assert "项目编号「2024-03-01-002（国）」≠「2024-03-01-001（国）」" in finding.message


def test_anyang_forbids_a_province_prefix_unless_approved():
    doc = filing(notice__name="河南省心血管介入诊疗新进展学习班")
    doc["project"]["name"] = doc["notice"]["name"]
    found = check(doc, "anyang-2022")[0]
    assert codes(found) == {"FIL_NAME_PREFIX": "error"}
    assert "“河南省”" in found[0].message
    doc["name_prefix_approved"] = True
    assert check(doc, "anyang-2022")[0] == []


def test_scenic_area_venue_is_refused_at_every_level():
    for level in ("national", "provincial", "city"):
        doc = filing(project__level=level, session__scenic_area=True)
        assert "FIL_SCENIC_VENUE" in codes(check(doc, "national-2024")[0])


def test_host_with_invalid_licence_cannot_host():
    [finding] = check(filing(host_licence_status="suspended"), "national-2024")[0]
    assert (finding.code, finding.subject) == ("FIL_HOST_INELIGIBLE", "host")


def test_changsha_session_outside_the_approval_year_is_refused():
    doc = filing(session__start="2024-12-30", session__end="2025-01-02", filed_on="2024-12-01")
    [finding] = check(doc, "changsha-2022")[0]
    assert finding.code == "FIL_OUTSIDE_YEAR"
    assert finding.message.startswith("举办时间 2024-12-30至2025-01-02 不在项目立项年度 2024 年内")


def test_absent_facts_apply_no_rule():
    doc = {"project": {"level": "city"}}
    assert check(doc, "anyang-2022") == ([], {"days_before": None, "required_days": 10})
