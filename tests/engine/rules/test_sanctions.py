"""Sanctions an office decided after an inspection (seed 004 五、六、七), read by the application
rules: a barred leader, a barred discipline, recommendation places taken away."""

import pytest

from jijiao.engine.precheck import run_precheck
from tests.engine.rules.documents import clean_application


def precheck(kind, doc):
    return run_precheck(kind, "wenzhou-2025", doc)


def codes(doc) -> dict[str, str]:
    return {f["code"]: f["severity"] for f in precheck("application", doc)["findings"]}


@pytest.mark.parametrize(
    ("year", "barred"), [(2024, False), (2025, True), (2026, True), (2027, False)]
)
def test_a_leader_barred_for_2025_to_2026_may_apply_again_in_2027(year, barred):
    doc = clean_application()
    doc["project"]["year"] = year
    doc["pi"]["sanctions"] = [{"first_year": 2025, "last_year": 2026, "reason": "虚报学员"}]
    assert (codes(doc).get("APP_PI_BARRED") == "error") is barred


def test_the_barred_leaders_message_names_the_years_and_the_reason():
    doc = clean_application()
    doc["pi"]["sanctions"] = [{"first_year": 2025, "last_year": 2027, "reason": "虚报学员"}]
    result = precheck("application", doc)
    finding = next(f for f in result["findings"] if f["code"] == "APP_PI_BARRED")
    assert finding["message"] == (
        "项目负责人被取消 2025–2027 年度申报资格（虚报学员）（安阳市继委2022年项目通知 七）"
    )
    assert result["ok"] is False


def test_a_unit_barred_from_a_discipline_may_still_apply_in_another():
    # "同专业" compares the secondary discipline (rules.md, Conventions): 03-02 bars 03-06.
    doc = clean_application()  # discipline 03-06
    doc["unit"]["sanctions"] = [{"first_year": 2025, "last_year": 2025, "discipline": "04-01"}]
    assert "APP_UNIT_DISCIPLINE_BARRED" not in codes(doc)
    doc["unit"]["sanctions"][0]["discipline"] = "03-02"
    assert codes(doc)["APP_UNIT_DISCIPLINE_BARRED"] == "error"


def test_places_taken_away_lower_the_quota_but_not_below_zero():
    doc = clean_application()  # completed 3 and 4: quota ⌈½ × 3.5⌉ = 2
    assert precheck("application", doc)["result"]["quota"] == 2
    doc["unit"]["quota_cut"] = 1
    assert precheck("application", doc)["result"]["quota"] == 1
    doc["unit"]["quota_cut"] = 5
    result = precheck("application", doc)
    assert result["result"]["quota"] == 0
    assert {f["code"] for f in result["findings"]} >= {"APP_UNIT_QUOTA"}
