"""Sanction rules as pack data (jijiao.engine.rules.sanctions): what each shipped rule proposes,
and a pack that changes the rule's number changes the proposal."""

from fractions import Fraction

import pytest

from jijiao.engine.packs.loader import load_pack_text, load_policy
from jijiao.engine.packs.schema import PolicyError
from jijiao.engine.precheck import run_precheck
from jijiao.engine.rules.sanctions import Event, propose
from tests.engine.rules.documents import clean_application


def child(parent: str, body: str):
    return load_pack_text(
        "test-child", f'id = "test-child"\ntitle = "测试"\nextends = "{parent}"\n{body}'
    )


def effects(proposals) -> list[tuple]:
    return [
        (p.code, p.target, p.effect, p.first_year, p.last_year, p.places, p.points)
        for p in proposals
    ]


LATE_CITY = Event("late_report", 2022, level="city", days=11)
MISSING = Event("missing_report", 2022, level="national", days=30)
INSPECTED = Event("inspection_finding", 2022, level="city", text="虚报学员")


def test_anyang_late_report_bars_the_unit_in_the_discipline_next_year():
    assert effects(propose(LATE_CITY, load_policy("anyang-2022"))) == [
        ("SAN_LATE_REPORT_DISCIPLINE", "unit_discipline", "bar", 2023, 2023, None, None)
    ]


def test_a_pack_barring_two_years_for_a_late_report_bars_2023_and_2024():
    pack = child(
        "anyang-2022",
        '[sanctions.SAN_LATE_REPORT_DISCIPLINE]\ncite = "测试"\nyears = 2\n',
    )
    [proposal] = propose(LATE_CITY, pack)
    assert (proposal.first_year, proposal.last_year) == (2023, 2024)
    assert proposal.effect_text == "取消举办单位（同专业） 2023–2024 年度同专业项目申报资格"


def test_a_pack_that_tolerates_up_to_14_days_late_proposes_nothing_at_11():
    pack = child(
        "anyang-2022",
        '[sanctions.SAN_LATE_REPORT_DISCIPLINE]\ncite = "测试"\nmin_days = 14\n',
    )
    assert propose(LATE_CITY, pack) == []
    assert len(propose(Event("late_report", 2022, level="city", days=14), pack)) == 1


def test_anyang_missing_report_bars_the_discipline_and_a_pack_can_make_it_longer():
    assert effects(propose(MISSING, load_policy("anyang-2022"))) == [
        ("SAN_MISSING_REPORT_DISCIPLINE", "unit_discipline", "bar", 2023, 2023, None, None)
    ]
    pack = child(
        "anyang-2022",
        '[sanctions.SAN_MISSING_REPORT_DISCIPLINE]\ncite = "测试"\nyears = 3\n',
    )
    assert propose(MISSING, pack)[0].last_year == 2025


def test_anyang_inspection_finding_bars_the_leader_one_year_a_pack_three():
    [proposal] = propose(INSPECTED, load_policy("anyang-2022"))
    assert (proposal.code, proposal.target, proposal.last_year) == ("SAN_INSPECTION_PI", "pi", 2023)
    pack = child("anyang-2022", '[sanctions.SAN_INSPECTION_PI]\ncite = "测试"\nyears = 3\n')
    assert propose(INSPECTED, pack)[0].last_year == 2025


@pytest.mark.parametrize(("rate", "fires"), [(Fraction(3, 5), True), (Fraction(4, 5), False)])
def test_changsha_execution_rate_below_four_fifths_proposes_the_pi_bar_and_the_quota_cut(
    rate, fires
):
    event = Event("execution_rate_below", 2022, level="national", rate=rate, text="长沙某院")
    found = effects(propose(event, load_policy("changsha-2022")))
    expected = [
        ("SAN_LOW_EXECUTION_PI", "pi", "bar", 2023, 2023, None, None),
        ("SAN_LOW_EXECUTION_QUOTA", "unit", "quota_cut", 2023, 2023, 1, None),
    ]
    assert found == (expected if fires else [])


def test_changsha_rate_rules_do_not_apply_to_city_projects():
    event = Event("execution_rate_below", 2022, level="city", rate=Fraction(0))
    assert propose(event, load_policy("changsha-2022")) == []


def test_a_pack_with_a_lower_share_spares_three_fifths_and_cuts_two_places():
    pack = child(
        "changsha-2022",
        '[sanctions.SAN_LOW_EXECUTION_PI]\ncite = "测试"\nbelow = "1/2"\n'
        '[sanctions.SAN_LOW_EXECUTION_QUOTA]\ncite = "测试"\nbelow = "1/2"\nplaces = 2\n',
    )
    assert propose(Event("execution_rate_below", 2022, "national", rate=Fraction(3, 5)), pack) == []
    low = propose(Event("execution_rate_below", 2022, "national", rate=Fraction(2, 5)), pack)
    assert [(p.code, p.places) for p in low] == [
        ("SAN_LOW_EXECUTION_PI", None),
        ("SAN_LOW_EXECUTION_QUOTA", 2),
    ]
    assert low[0].reason == "2022 年度项目执行率 40%，低于 50%"


def test_changsha_provincial_criticism_takes_ten_points_and_a_pack_five():
    event = Event("criticism", 2022, text="湖南省卫生健康委通报批评")
    [proposal] = propose(event, load_policy("changsha-2022"))
    assert (proposal.code, proposal.effect, proposal.points) == (
        "SAN_PROVINCIAL_CRITICISM",
        "assessment_points",
        Fraction(10),
    )
    pack = child(
        "changsha-2022", '[sanctions.SAN_PROVINCIAL_CRITICISM]\ncite = "测试"\npoints = 5\n'
    )
    assert propose(event, pack)[0].points == Fraction(5)
    assert propose(event, pack)[0].effect_text == "2022 年度考核扣 5 分"


def test_a_score_rule_fires_below_its_value():
    pack = child(
        "national-2024",
        '[sanctions.SAN_LOW_SCORE]\ncite = "测试"\ntrigger = "score_below"\nbelow = 60\n'
        'target = "unit"\neffect = "quota_cut"\nshare = "1/2"\n',
    )
    assert propose(Event("score_below", 2024, score=Fraction(60)), pack) == []
    [proposal] = propose(Event("score_below", 2024, score=Fraction(119, 2)), pack)
    assert (proposal.share, proposal.reason) == (Fraction(1, 2), "项目评估得分 59.5 分，低于 60 分")


def test_a_late_filing_rule_of_a_pack():
    pack = child(
        "national-2024",
        '[sanctions.SAN_LATE_FILING]\ncite = "测试"\ntrigger = "late_filing"\n'
        'target = "unit_discipline"\neffect = "bar"\n',
    )
    [proposal] = propose(Event("late_filing", 2024, level="national", days=3), pack)
    assert proposal.reason == "举办前 3 天才报备"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('trigger = "late_report"\ntarget = "pi"\neffect = "quota_cut"\nplaces = 1', "对象 pi"),
        ('trigger = "score_below"\ntarget = "unit"\neffect = "quota_cut"\nplaces = 1', "below"),
        ('trigger = "criticism"\ntarget = "unit"\neffect = "quota_cut"', "places"),
        ('trigger = "criticism"\ntarget = "unit"\neffect = "assessment_points"', "points"),
        ('trigger = "rumour"\ntarget = "unit"\neffect = "bar"', "trigger"),
    ],
)
def test_a_sanction_rule_that_does_not_fit_together_is_refused_with_its_key(body, reason):
    with pytest.raises(PolicyError) as refused:
        child("national-2024", f'[sanctions.SAN_X]\ncite = "测试"\n{body}\n')
    assert "sanctions.SAN_X" in str(refused.value)
    assert reason in str(refused.value)


def test_a_sanction_code_must_start_with_san():
    with pytest.raises(PolicyError) as refused:
        child("national-2024", '[sanctions.APP_X]\ncite = "测试"\n')
    assert "SAN_" in str(refused.value)


def test_a_share_cut_takes_that_share_of_the_quota_rounded_up():
    doc = clean_application()  # completed 3 and 4: quota ⌈½ × 3.5⌉ = 2
    doc["unit"]["quota_cut_share"] = 0.5
    assert run_precheck("application", "wenzhou-2025", doc)["result"]["quota"] == 1
    doc["unit"]["quota_cut_share"] = 0.25  # ⌈2 × ¼⌉ = 1 place
    assert run_precheck("application", "wenzhou-2025", doc)["result"]["quota"] == 1


# The shipped sanction rules, each with a test above that changes its number.
TESTED = {
    "SAN_LATE_REPORT_DISCIPLINE",
    "SAN_MISSING_REPORT_DISCIPLINE",
    "SAN_INSPECTION_PI",
    "SAN_LOW_EXECUTION_PI",
    "SAN_LOW_EXECUTION_QUOTA",
    "SAN_PROVINCIAL_CRITICISM",
}


def test_every_shipped_sanction_rule_cites_its_clause_and_has_a_test():
    from jijiao.engine.packs.loader import shipped_pack_ids
    from jijiao.engine.rules.sanctions import sanction_rules

    shipped = set()
    for pack in shipped_pack_ids():
        for rule in sanction_rules(load_policy(pack)):
            assert rule.cite and rule.get("trigger") and rule.get("effect"), (pack, rule.code)
            shipped.add(rule.code)
    assert shipped == TESTED
