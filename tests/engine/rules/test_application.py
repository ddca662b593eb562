"""APP_* rules under wenzhou-2025 (city level) and national-2024 (national level)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engine.rules.documents import clean_application, codes, precheck, teacher, triples


def check(document, pack="wenzhou-2025"):
    return precheck("application", document, pack)


def findings_of(document, pack="wenzhou-2025"):
    return check(document, pack)[0]


def only(document, code, pack="wenzhou-2025"):
    return [f for f in findings_of(document, pack) if f.code == code]


def test_the_clean_application_has_no_findings_and_the_contract_result():
    findings, result = check(clean_application())
    assert findings == []
    assert result == {
        "teaching_minutes": 600,
        "teaching_hours": 12.0,
        "computed_credits": 4.0,
        "credits": 2.5,
        "quota": 2,
    }


# ------------------------------------------------------------------ APP_WINDOW


@pytest.mark.parametrize(
    ("submitted", "inside"),
    [
        ("2025-01-20T12:00:00+08:00", True),
        ("2025-01-20T11:59:59+08:00", False),
        ("2025-02-27T17:00:00+08:00", True),
        ("2025-02-27T17:00:01+08:00", False),
        ("2025-02-27T09:00:00+00:00", True),
        ("2025-02-27T09:00:01+00:00", False),
    ],
)
def test_window_includes_both_ends_and_compares_instants(submitted, inside):
    doc = clean_application()
    doc["submitted_at"] = submitted
    assert bool(only(doc, "APP_WINDOW")) is not inside


def test_window_message_names_the_window_and_cites_the_clause():
    doc = clean_application()
    doc["submitted_at"] = "2025-02-28T09:00:00+08:00"
    [finding] = only(doc, "APP_WINDOW")
    assert finding.subject == "project"
    assert finding.message == (
        "提交时间 2025-02-28T09:00:00+08:00 不在申报时间 2025-01-20 12:00至2025-02-27 17:00 内"
        "（温继委办发〔2025〕1号 三.1）"
    )


# ------------------------------------------------------------------ APP_INCOMPLETE


def test_incomplete_lists_every_missing_fact_in_one_project_finding():
    doc = clean_application()
    doc["project"]["discipline"] = None
    doc["project"]["venue"] = ""
    del doc["project"]["sessions"]
    [finding] = only(doc, "APP_INCOMPLETE")
    assert finding.subject == "project"
    assert finding.message.startswith("申报书未完整填写：缺少学科、举办期数、举办地点")


def test_incomplete_does_not_ask_a_venue_of_an_online_project():
    doc = clean_application()
    doc["project"]["format"] = "online"
    doc["project"]["venue"] = None
    assert only(doc, "APP_INCOMPLETE") == []


def test_incomplete_flags_each_teaching_row_without_a_teacher():
    doc = clean_application()
    doc["courses"][2]["teacher"] = None
    [finding] = only(doc, "APP_INCOMPLETE")
    assert finding.subject == "courses[2]"


def test_incomplete_needs_a_theory_or_practical_row():
    doc = clean_application()
    doc["courses"] = [doc["courses"][4]]
    [finding] = only(doc, "APP_INCOMPLETE")
    assert "理论授课或实验（技术示范）课程" in finding.message


def test_incomplete_needs_a_pi():
    doc = clean_application()
    doc["pi"] = None
    [finding] = only(doc, "APP_INCOMPLETE")
    assert "项目负责人" in finding.message


# ------------------------------------------------------------------ unit, format, name, theme


@pytest.mark.parametrize("status", ["suspended", "revoked", "failed_inspection", "deregistered"])
def test_host_with_any_licence_status_but_valid_is_ineligible(status):
    doc = clean_application()
    doc["unit"]["licence_status"] = status
    assert codes(only(doc, "APP_HOST_INELIGIBLE")) == {"APP_HOST_INELIGIBLE": "error"}


@pytest.mark.parametrize(
    ("fmt", "suspended"), [("online", True), ("blended", True), ("offline", False)]
)
def test_online_and_blended_formats_are_suspended_in_2025(fmt, suspended):
    doc = clean_application()
    doc["project"]["format"] = fmt
    assert bool(only(doc, "APP_FORMAT_SUSPENDED")) is suspended


def test_refiling_track_is_suspended_in_2025():
    doc = clean_application()
    doc["project"]["track"] = "refiling"
    [finding] = only(doc, "APP_TRACK_SUSPENDED")
    assert finding.message == "本年度暂停备案项目（温继委办发〔2025〕1号 一.5）"


def test_banned_words_are_all_named():
    doc = clean_application()
    doc["project"]["name"] = "全国高端糖尿病管理峰会"
    [finding] = only(doc, "APP_NAME_BANNED_WORD")
    assert "“全国”、“峰会”、“高端”" in finding.message


@pytest.mark.parametrize(
    "kind", ["academic_conference", "forum", "lecture", "annual_meeting", "work_meeting"]
)
def test_academic_and_meeting_themes_are_refused(kind):
    doc = clean_application()
    doc["project"]["theme_kind"] = kind
    assert len(only(doc, "APP_ACADEMIC_THEME")) == 1


# ------------------------------------------------------------------ scale and credits


@pytest.mark.parametrize(
    ("enrollment", "expected"),
    [(200, []), (201, [("APP_ENROLLMENT_LIMIT", "error", "project")])],
)
def test_enrollment_of_200_per_session_passes_201_is_an_error(enrollment, expected):
    doc = clean_application()
    doc["project"]["enrollment_per_session"] = enrollment
    assert triples(findings_of(doc)) == expected


def test_enrollment_limit_does_not_apply_to_online_projects():
    doc = clean_application()
    doc["project"]["format"] = "online"
    doc["project"]["enrollment_per_session"] = 500
    assert only(doc, "APP_ENROLLMENT_LIMIT") == []


@pytest.mark.parametrize(
    ("sessions", "expected"), [(6, []), (7, [("APP_SESSION_LIMIT", "error", "project")])]
)
def test_six_sessions_a_year_pass_seven_is_an_error(sessions, expected):
    doc = clean_application()
    doc["project"]["sessions"] = sessions
    assert triples(findings_of(doc)) == expected


@pytest.mark.parametrize(
    ("requested", "expected"), [(2.5, []), (2.6, [("APP_CREDIT_LIMIT", "error", "project")])]
)
def test_requested_credits_of_2_5_pass_2_6_is_an_error_and_capped(requested, expected):
    doc = clean_application()
    doc["project"]["requested_credits"] = requested  # computed: 4.0, so never above the hours
    findings, result = check(doc)
    assert triples(findings) == expected
    assert result["credits"] == 2.5


def test_requested_credits_above_2_5_are_refused_and_capped():
    doc = clean_application()
    doc["project"]["requested_credits"] = 3.0
    findings, result = check(doc)
    assert codes(findings) == {"APP_CREDIT_LIMIT": "error"}
    assert result["credits"] == 2.5


def test_requested_credits_above_the_computed_ones_are_a_warning():
    doc = clean_application()
    for row in doc["courses"][1:4]:
        row["minutes"] = 50  # 150 + 150 = 300 min = 6 学时 = 2.0 credits
    doc["project"]["requested_credits"] = 2.5
    findings, result = check(doc)
    assert codes(findings) == {"APP_CREDIT_ABOVE_HOURS": "warning"}
    assert result["computed_credits"] == 2.0
    assert result["credits"] == 2.5


def test_non_teaching_rows_count_for_nothing_and_credits_round_down():
    doc = clean_application()
    doc["courses"] = [doc["courses"][0], doc["courses"][4]]
    doc["courses"][0]["minutes"] = 110  # 110/50 = 2.2 学时 → 0.7333 credits → 0.7
    _, result = check(doc)
    assert result["teaching_minutes"] == 110
    assert result["teaching_hours"] == 2.2
    assert result["computed_credits"] == 0.7
    assert result["credits"] == 0.7


# ------------------------------------------------------------------ APP_UNIT_QUOTA


@pytest.mark.parametrize(
    ("completed", "quota"),
    [({"2023": 3, "2024": 4}, 2), ({"2023": 1, "2024": 0}, 1), ({"2023": 0, "2024": 0}, 0)],
)
def test_quota_is_half_the_mean_of_completed_projects_rounded_up(completed, quota):
    doc = clean_application()
    doc["unit"]["completed_projects"] = completed
    doc["unit"]["applications_in_call"] = 0
    findings, result = check(doc)
    assert result["quota"] == quota
    assert bool([f for f in findings if f.code == "APP_UNIT_QUOTA"]) is (quota < 1)


def test_a_listed_year_missing_from_the_history_counts_as_none_completed():
    doc = clean_application()
    doc["unit"]["completed_projects"] = {"2024": 4}  # mean (0 + 4) / 2 = 2 → quota 1
    _, result = check(doc)
    assert result["quota"] == 1


def test_first_time_unit_may_recommend_one():
    doc = clean_application()
    doc["unit"]["first_time"] = True
    doc["unit"]["completed_projects"] = None
    doc["unit"]["applications_in_call"] = 1
    findings, result = check(doc)
    assert result["quota"] == 1
    [finding] = [f for f in findings if f.code == "APP_UNIT_QUOTA"]
    assert finding.subject == "unit"
    assert finding.message.startswith("单位本次推荐项目 2 项（含本项），超过推荐限额 1 项")


def test_quota_is_absent_without_history_or_first_time_flag():
    doc = clean_application()
    doc["unit"]["first_time"] = None
    doc["unit"]["completed_projects"] = None
    _, result = check(doc)
    assert "quota" not in result


# ------------------------------------------------------------------ APP_DUPLICATE_CONTENT


def test_an_identical_other_application_is_a_duplicate_warning():
    doc = clean_application()
    doc["others"] = [
        {"name": "儿科护理新进展", "summary": "新生儿护理"},
        {"name": doc["project"]["name"], "summary": doc["project"]["summary"]},
    ]
    [finding] = only(doc, "APP_DUPLICATE_CONTENT")
    assert finding.subject == "others[1]"
    assert finding.severity == "warning"
    assert "相似度 1.0" in finding.message


def test_a_different_other_application_is_not_a_duplicate():
    doc = clean_application()
    doc["others"] = [{"name": "儿科护理新进展", "summary": "新生儿护理"}]
    assert only(doc, "APP_DUPLICATE_CONTENT") == []


# ------------------------------------------------------------------ levels do not leak


def test_city_rules_do_not_apply_to_a_national_project_and_national_ones_do():
    doc = clean_application()
    doc["project"]["level"] = "national"
    doc["project"]["format"] = "online"  # suspended only for Wenzhou city projects
    doc["pi"]["birth_date"] = "1950-01-01"  # age limit only for Wenzhou city projects
    doc["pi"]["title"] = "副高"
    doc["project"]["out_of_province_trainees"] = 3
    found = codes(findings_of(doc))
    assert found == {"APP_PI_TITLE": "error", "APP_OUT_OF_PROVINCE_TRAINEES": "error"}


def test_national_pi_title_for_nursing_projects_is_associate_senior():
    doc = clean_application()
    doc["project"]["level"] = "national"
    doc["project"]["discipline"] = "14-01"
    doc["pi"]["title"] = "副高"
    assert only(doc, "APP_PI_TITLE", pack="national-2024") == []


def test_national_limit_is_two_applications_per_pi():
    doc = clean_application()
    doc["project"]["level"] = "national"
    doc["pi"]["applications_in_call"] = 1
    assert only(doc, "APP_PI_APPLICATION_LIMIT", pack="national-2024") == []
    doc["pi"]["applications_in_call"] = 2
    assert len(only(doc, "APP_PI_APPLICATION_LIMIT", pack="national-2024")) == 1


def test_national_credits_are_capped_at_ten_and_not_computed_without_a_hour_length():
    doc = clean_application()
    doc["project"]["level"] = "national"
    doc["project"]["requested_credits"] = 12
    findings, result = check(doc, pack="national-2024")
    assert codes(findings) == {"APP_CREDIT_LIMIT": "error"}
    assert result == {
        "teaching_minutes": 600,
        "teaching_hours": None,
        "computed_credits": None,
        "credits": 10.0,
    }


def test_a_pack_without_rules_for_the_level_finds_nothing():
    doc = clean_application()
    doc["project"]["level"] = "provincial"
    doc["pi"]["birth_date"] = "1940-01-01"
    assert findings_of(doc) == []


@settings(max_examples=60, deadline=None)
@given(pi_minutes=st.integers(1, 600), other_minutes=st.integers(0, 2400))
def test_pi_teaching_share_is_compared_as_an_exact_fraction(pi_minutes, other_minutes):
    doc = clean_application()
    doc["courses"] = [
        {
            "topic": "甲",
            "kind": "theory",
            "minutes": pi_minutes,
            "teacher": teacher("张某", is_pi=True),
        },
        {"topic": "乙", "kind": "theory", "minutes": other_minutes, "teacher": teacher("李某")},
    ]
    flagged = bool(only(doc, "APP_PI_TEACHING_SHARE"))
    assert flagged is (5 * pi_minutes < pi_minutes + other_minutes)


@settings(max_examples=60, deadline=None)
@given(enrollment=st.integers(0, 1000))
def test_enrollment_bound_is_inclusive_for_any_value(enrollment):
    doc = clean_application()
    doc["project"]["enrollment_per_session"] = enrollment
    assert bool(only(doc, "APP_ENROLLMENT_LIMIT")) is (enrollment > 200)
