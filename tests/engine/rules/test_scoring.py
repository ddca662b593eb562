"""Execution score (全继委办发〔2024〕3号 附件4) under national-2024."""

import copy

import pytest

from tests.engine.rules.documents import precheck

SESSION = {
    "held": True,
    "planned": {
        "start": "2024-05-10",
        "end": "2024-05-12",
        "venue": "杭州某酒店",
        "days": 3,
        "hours": None,
        "teachers": ["甲", "乙", "丙", "丁"],
    },
    "filed_on": "2024-04-20",
    "actual": {
        "start": "2024-05-10",
        "end": "2024-05-12",
        "venue": "杭州某酒店",
        "scenic_area": False,
        "format_change": "none",
        "days": 3,
        "hours": None,
        "teachers": ["甲", "乙", "丙", "戊"],
    },
    "reported_on": "2024-05-20",
    "pi_taught": True,
    "venue_province": "浙江",
    "upload_cycle_months": None,
    "video_controls": None,
    "trainees_by_province": {"浙江": 120, "江苏": 30, "安徽": 10},
    "survey": {
        "q1": [80, 15, 5],
        "q2": [10, 60, 30],
        "q3": [70, 25, 5],
        "q4": [85, 10, 5],
        "q5": [75, 20, 5],
        "q6": [60, 30, 10],
    },
}

FACE_TO_FACE_ITEMS = ["1.1.1", "1.1.2", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.2.6"]
FACE_TO_FACE_ITEMS += ["2.1.1", "2.1.2", "2.2.1"]


def session(**changes):
    doc = copy.deepcopy(SESSION)
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = doc
        for part in parents:
            node = node[part]
        node[last] = value
    return doc


def score(*sessions, mode="face_to_face", unit_province="浙江"):
    doc = {"project": {"mode": mode, "unit_province": unit_province}, "sessions": list(sessions)}
    findings, result = precheck("execution-score", doc, "national-2024")
    assert findings == []
    return result


def items(doc, **kwargs):
    return score(doc, **kwargs)["sessions"][0]["items"]


def test_the_example_session_scores_77():
    result = score(session())
    assert result["total"] == 77.0
    assert list(result["sessions"][0]["items"]) == FACE_TO_FACE_ITEMS


@pytest.mark.parametrize(
    ("filed_on", "points"),
    [("2024-04-26", 10), ("2024-04-27", 5), ("2024-05-09", 5), ("2024-05-10", 0), (None, 0)],
)
def test_filing_lead_time(filed_on, points):
    assert items(session(filed_on=filed_on))["1.1.1"] == points


@pytest.mark.parametrize(
    ("reported_on", "points"), [("2024-05-26", 10), ("2024-05-27", 5), (None, 0)]
)
def test_report_delay(reported_on, points):
    assert items(session(reported_on=reported_on))["1.1.2"] == points


def test_changed_dates_and_venue_score_three_and_a_scenic_area_zero():
    scored = items(session(actual__start="2024-05-11", actual__venue="另一酒店"))
    assert (scored["1.2.1"], scored["1.2.2"]) == (3, 3)
    assert items(session(actual__scenic_area=True))["1.2.2"] == 0


@pytest.mark.parametrize(("change", "points"), [("none", 5), ("partial", 3), ("full", 0)])
def test_format_change(change, points):
    assert items(session(actual__format_change=change))["1.2.3"] == points


@pytest.mark.parametrize(
    ("actual_days", "points"), [(3, 5), (4, 3), (2, 3), (1.5, 3), (1, 0), (4.5, 3), (5, 0)]
)
def test_change_of_days_under_30_percent_30_to_50_and_over(actual_days, points):
    # |actual − 3| / 3: 0, 1/3, 1/3, 1/2, 2/3, 1/2, 2/3
    assert items(session(actual__days=actual_days))["1.2.4"] == points


@pytest.mark.parametrize(
    ("actual_days", "points"),
    [(12.9, 5), (13, 3), (7, 3), (15, 3), (5, 3), (15.1, 0), (4.9, 0)],
)
def test_change_of_days_just_under_30_percent_scores_5_exactly_30_and_50_score_3_above_0(
    actual_days, points
):
    # 10 days planned: |actual − 10| / 10 = 29%, 30%, 30%, 50%, 50%, 51%, 51%
    assert items(session(planned__days=10, actual__days=actual_days))["1.2.4"] == points


@pytest.mark.parametrize(("actual_hours", "points"), [(12.9, 5), (13, 3), (15, 3), (15.1, 0)])
def test_remote_change_of_hours_30_percent_and_50_percent_score_3(actual_hours, points):
    remote = session(planned__hours=10, actual__hours=actual_hours)
    assert items(remote, mode="remote")["1.2.4"] == points


def test_change_of_days_is_read_from_the_dates_when_days_are_not_given():
    doc = session(planned__days=None, actual__days=None, actual__end="2024-05-10")
    assert items(doc)["1.2.4"] == 0  # 1 day of 3 planned: 2/3 change


def test_pi_not_teaching_scores_zero():
    assert items(session(pi_taught=False))["1.2.5"] == 0


@pytest.mark.parametrize(
    ("teachers", "points"),
    [(["甲", "乙", "丙", "丁"], 5), (["甲", "乙"], 3), (["甲"], 0), (["甲", "乙", "丙"], 5)],
)
def test_teachers_changed_share(teachers, points):
    assert items(session(actual__teachers=teachers))["1.2.6"] == points


PLANNED_TEN = [f"教师{i}" for i in range(10)]


@pytest.mark.parametrize(("absent", "points"), [(2, 5), (3, 3), (5, 3), (6, 0)])
def test_teachers_changed_20_percent_scores_5_exactly_30_and_50_score_3_60_scores_0(absent, points):
    doc = session(planned__teachers=PLANNED_TEN, actual__teachers=PLANNED_TEN[absent:])
    assert items(doc)["1.2.6"] == points


@pytest.mark.parametrize(
    ("trainees", "points"),
    [
        ({"浙江": 70, "江苏": 30}, 20),
        ({"浙江": 71, "江苏": 29}, 10),
        ({"浙江": 90, "江苏": 10}, 10),
        ({"浙江": 91, "江苏": 9}, 0),
        ({"浙江": 701, "江苏": 299}, 10),  # 29.9%: just under 30%
        ({"浙江": 901, "江苏": 99}, 0),  # 9.9%: just under 10%
    ],
)
def test_out_of_province_share_against_the_venues_province(trainees, points):
    assert items(session(trainees_by_province=trainees))["2.1.1"] == points


@pytest.mark.parametrize(("count", "points"), [(6, 20), (5, 10), (3, 10), (2, 5), (1, 0)])
def test_number_of_provinces(count, points):
    provinces = {f"省{i}": 10 for i in range(count)}
    assert items(session(trainees_by_province=provinces))["2.1.2"] == points


@pytest.mark.parametrize(
    ("best", "points"), [(95, 10), (94, 7), (80, 7), (79, 5), (70, 5), (69, 3)]
)
def test_satisfaction_bands(best, points):
    survey = {q: [best, 0, 100 - best] for q in ("q1", "q3", "q4", "q5", "q6")}
    survey["q2"] = [0, 0, 100]  # prior knowledge is not satisfaction
    assert items(session(survey=survey))["2.2.1"] == points


@pytest.mark.parametrize(
    ("best", "points"), [(950, 10), (949, 7), (800, 7), (799, 5), (700, 5), (699, 3)]
)
def test_satisfaction_95_80_and_70_percent_are_included_a_tenth_under_is_not(best, points):
    survey = {"q1": [best, 0, 1000 - best]}  # 1000 answers: 94.9%, 79.9%, 69.9%
    assert items(session(survey=survey))["2.2.1"] == points


def test_a_held_session_without_answers_scores_three_on_satisfaction():
    assert items(session(survey=None))["2.2.1"] == 3


def test_a_session_not_held_scores_only_its_filing_lead_time():
    scored = items(session(held=False))
    assert scored["1.1.1"] == 10
    assert sum(scored.values()) == 10


def test_blended_is_scored_as_face_to_face_and_echoed():
    result = score(session(), mode="blended")
    assert result["mode"] == "blended"
    assert result["total"] == 77.0


def test_remote_items_and_full_marks():
    remote = session(
        upload_cycle_months=1,
        video_controls={"no_seek": True, "no_parallel": True, "presence_check": True},
        planned__hours=10,
        actual__hours=10,
        trainees_by_province={f"省{i}": 10 for i in range(7)},
        survey={q: [10, 0, 0] for q in ("q1", "q3", "q4", "q5", "q6")},
    )
    result = score(remote, mode="remote", unit_province="省0")
    assert list(result["sessions"][0]["items"]) == [
        "1.1.3",
        "1.2.4",
        "1.2.5",
        "1.2.6",
        "1.2.7",
        "2.1.1",
        "2.1.2",
        "2.2.1",
    ]
    assert result["total"] == 100.0


@pytest.mark.parametrize(("months", "points"), [(1, 15), (2, 10), (3, 5), (4, 3), (6, 3), (12, 0)])
def test_upload_cycle_between_two_listed_values_scores_as_the_longer(months, points):
    assert items(session(upload_cycle_months=months), mode="remote")["1.1.3"] == points


def test_video_controls_all_three_or_nothing():
    controls = {"no_seek": True, "no_parallel": False, "presence_check": True}
    assert items(session(video_controls=controls), mode="remote")["1.2.7"] == 0


def test_a_project_scores_the_mean_of_its_sessions_rounded_half_up():
    result = score(session(), session(pi_taught=False), session(held=False))
    # 77, 72 and 10: mean 53
    assert [s["total"] for s in result["sessions"]] == [77.0, 72.0, 10.0]
    assert result["total"] == 53.0
    two = score(session(), session(actual__format_change="partial"))
    assert two["total"] == 76.0
