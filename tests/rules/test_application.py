"""APP_* rules under wenzhou-2025 (city level) and national-2024 (national level)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jijiao.policy.precheck import run_precheck
from tests.rules.documents import clean_application, codes, precheck, teacher, triples


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


# ------------------------------------------------------------------ PI


def test_pi_not_on_staff_is_refused():
    doc = clean_application()
    doc["pi"]["is_unit_staff"] = False
    [finding] = only(doc, "APP_PI_NOT_STAFF")
    assert finding.subject == "pi"


@pytest.mark.parametrize(
    ("submitted_on", "expected"),
    [
        ("2025-02-09", []),  # 55, the day before the 56th birthday
        ("2025-02-10", []),  # still 55 on the birthday (周岁: reached the day after)
        ("2025-02-11", [("APP_PI_AGE", "error", "pi")]),  # 56
    ],
)
def test_pi_born_1969_02_10_is_55_the_day_before_and_on_the_birthday_56_the_day_after(
    submitted_on, expected
):
    doc = clean_application()
    doc["pi"]["birth_date"] = "1969-02-10"
    doc["submitted_at"] = f"{submitted_on}T10:00:00+08:00"
    assert triples(findings_of(doc)) == expected


def test_pi_age_message_names_the_age_the_limit_and_the_clause():
    doc = clean_application()
    doc["pi"]["birth_date"] = "1969-02-10"
    doc["submitted_at"] = "2025-02-11T10:00:00+08:00"
    [finding] = only(doc, "APP_PI_AGE")
    assert finding.message == (
        "项目负责人年龄 56 周岁，超过 55 周岁上限（温继委办发〔2025〕1号 一.1）"
    )


def test_pi_age_uses_the_shanghai_date_of_the_submission():
    doc = clean_application()
    doc["pi"]["birth_date"] = "1969-02-10"
    doc["submitted_at"] = "2025-02-10T16:30:00+00:00"  # 2025-02-11 00:30 in Shanghai
    assert len(only(doc, "APP_PI_AGE")) == 1


def test_pi_discipline_compares_the_secondary_part():
    doc = clean_application()
    doc["pi"]["discipline"] = "03-01"
    assert only(doc, "APP_PI_DISCIPLINE") == []
    doc["pi"]["discipline"] = "04-06"
    assert len(only(doc, "APP_PI_DISCIPLINE")) == 1


@pytest.mark.parametrize(
    ("pi_minutes", "expected"),
    [(120, []), (119, [("APP_PI_TEACHING_SHARE", "error", "pi")])],
)
def test_pi_teaching_exactly_one_fifth_passes_one_minute_less_is_an_error(pi_minutes, expected):
    doc = clean_application()
    doc["courses"][0]["minutes"] = pi_minutes
    doc["courses"][1]["minutes"] = 300 - pi_minutes  # all teaching stays 600: 120 is exactly 1/5
    findings, result = check(doc)
    assert triples(findings) == expected
    assert result["teaching_minutes"] == 600


def test_pi_teaching_below_one_fifth_names_the_share():
    doc = clean_application()
    doc["courses"][0]["minutes"] = 60
    doc["courses"][1]["minutes"] = 240
    [finding] = only(doc, "APP_PI_TEACHING_SHARE")
    assert finding.message == (
        "项目负责人理论授课 60 分钟，占总授课时长 600 分钟的 10%，低于 1/5"
        "（温继委办发〔2025〕1号 一.1）"
    )


def test_pi_who_teaches_only_practical_rows_does_not_teach_theory():
    doc = clean_application()
    doc["courses"][0]["kind"] = "practical"
    doc["courses"][0]["teacher"]["title"] = "正高"
    [finding] = only(doc, "APP_PI_TEACHING_SHARE")
    assert finding.message.startswith("项目负责人未参与理论授课")


def test_a_row_taught_by_the_pis_name_counts_as_the_pi():
    doc = clean_application()
    doc["courses"][0]["teacher"]["is_pi"] = False  # same name as pi.name
    assert only(doc, "APP_PI_TEACHING_SHARE") == []


def test_pi_application_limit_counts_this_application():
    doc = clean_application()
    doc["pi"]["applications_in_call"] = 1
    [finding] = only(doc, "APP_PI_APPLICATION_LIMIT")
    assert "2 项（含本项），超过每人 1 项上限" in finding.message


def test_unexecuted_project_without_reason_in_listed_years_is_refused():
    doc = clean_application()
    doc["pi"]["unexecuted_projects"] = [
        {"year": 2024, "excused": False},
        {"year": 2022, "excused": False},
        {"year": 2023, "excused": True},
    ]
    [finding] = only(doc, "APP_PI_UNEXECUTED")
    assert "2024 年度" in finding.message and "2022" not in finding.message


def test_unexecuted_project_of_another_level_does_not_count():
    doc = clean_application()
    doc["pi"]["unexecuted_projects"] = [{"year": 2024, "excused": False, "level": "provincial"}]
    assert only(doc, "APP_PI_UNEXECUTED") == []


def test_integrity_record_three_years_before_to_the_day_counts_the_day_before_does_not():
    doc = clean_application()
    doc["pi"]["integrity_records"] = [{"date": "2022-02-10"}]
    assert len(only(doc, "APP_INTEGRITY_RECORD")) == 1
    doc["pi"]["integrity_records"] = [{"date": "2022-02-09"}]
    assert only(doc, "APP_INTEGRITY_RECORD") == []


def test_teacher_integrity_record_is_reported_at_the_teachers_first_row():
    doc = clean_application()
    doc["courses"][1]["teacher"]["integrity_records"] = [{"date": "2024-06-01"}]
    [finding] = only(doc, "APP_INTEGRITY_RECORD")
    assert finding.subject == "courses[1]"
    assert finding.message.startswith("授课教师 李某 近 3 年有科研诚信不良记录（2024-06-01）")


def test_execution_misconduct_within_three_years_is_refused():
    doc = clean_application()
    doc["pi"]["execution_misconduct"] = [{"date": "2023-01-10"}]
    [finding] = only(doc, "APP_PI_EXECUTION_MISCONDUCT")
    assert finding.subject == "pi"


# ------------------------------------------------------------------ teachers


def test_theory_teacher_below_associate_senior_is_refused_per_row():
    doc = clean_application()
    doc["courses"][1]["teacher"]["title"] = "中级"
    [finding] = only(doc, "APP_THEORY_TEACHER_TITLE")
    assert finding.subject == "courses[1]"
    assert finding.message.startswith("理论授课教师 李某 职称为中级，须为副高及以上")


def test_practical_teacher_at_intermediate_is_enough_and_junior_is_not():
    doc = clean_application()
    assert only(doc, "APP_PRACTICAL_TEACHER_TITLE") == []
    doc["courses"][2]["teacher"]["title"] = "初级"
    [finding] = only(doc, "APP_PRACTICAL_TEACHER_TITLE")
    assert finding.subject == "courses[2]"


def test_teacher_discipline_uses_the_rows_own_discipline_when_given():
    doc = clean_application()
    doc["courses"][3]["teacher"]["discipline"] = "10-01"
    [finding] = only(doc, "APP_TEACHER_DISCIPLINE")
    assert finding.subject == "courses[3]"
    doc["courses"][3]["discipline"] = "10-02"  # a cross-disciplinary class
    assert only(doc, "APP_TEACHER_DISCIPLINE") == []


def test_teacher_of_unknown_specialty_is_not_checked():
    doc = clean_application()
    doc["courses"][3]["teacher"]["discipline"] = None
    assert only(doc, "APP_TEACHER_DISCIPLINE") == []


def test_own_unit_teachers_exactly_two_thirds_is_enough():
    doc = clean_application()
    doc["courses"][2]["teacher"] = teacher("赵某", title="中级", own_unit=False)
    # distinct teachers 张 李 赵 (two rows): own 2 of 3
    assert only(doc, "APP_OWN_UNIT_TEACHER_SHARE") == []


def _theory_by(own: int, others: int):
    """The PI (300 min) and ``own − 1`` more own-unit teachers and ``others`` outside teachers,
    150 minutes of theory each: the PI's share and the own-unit hours stay above their bounds."""
    names = iter("甲乙丙丁戊己庚辛")
    rows = [
        {"topic": "主讲", "kind": "theory", "minutes": 300, "teacher": teacher("张某", is_pi=True)}
    ]
    for own_unit, count in ((True, own - 1), (False, others)):
        for _ in range(count):
            name = next(names)
            rows.append(
                {
                    "topic": name,
                    "kind": "theory",
                    "minutes": 150,
                    "teacher": teacher(name, own_unit=own_unit),
                }
            )
    return [*rows, {"topic": "开班仪式", "kind": "non_teaching", "minutes": 30, "teacher": None}]


@pytest.mark.parametrize(
    ("own", "others", "expected"),
    [
        (2, 1, []),  # exactly 2/3
        (4, 2, []),  # exactly 2/3
        (3, 2, [("APP_OWN_UNIT_TEACHER_SHARE", "warning", "project")]),  # 3/5 < 2/3
        (5, 3, [("APP_OWN_UNIT_TEACHER_SHARE", "warning", "project")]),  # 5/8 < 2/3
    ],
)
def test_own_unit_teachers_exactly_two_thirds_pass_below_is_a_warning_that_does_not_block(
    own, others, expected
):
    doc = clean_application()
    doc["courses"] = _theory_by(own, others)
    output = run_precheck("application", "wenzhou-2025", doc)
    assert [(f["code"], f["severity"], f["subject"]) for f in output["findings"]] == expected
    assert output["ok"] is True


def test_own_unit_teachers_below_two_thirds_is_a_warning():
    doc = clean_application()
    doc["courses"][1]["teacher"]["own_unit"] = False  # own: 张 王 of 张 李 王 赵 = 1/2
    [finding] = only(doc, "APP_OWN_UNIT_TEACHER_SHARE")
    assert finding.severity == "warning"
    assert "本单位授课教师 2 人，占授课教师 4 人的 50%，低于 2/3" in finding.message


def test_own_unit_hours_exactly_half_is_enough_and_below_is_an_error():
    doc = clean_application()
    doc["courses"][2]["teacher"]["own_unit"] = False  # own 300 of 600
    assert only(doc, "APP_OWN_UNIT_HOURS_SHARE") == []
    doc["courses"][1]["minutes"] = 149  # own 299 of 599
    [finding] = only(doc, "APP_OWN_UNIT_HOURS_SHARE")
    assert finding.severity == "error"


@pytest.mark.parametrize(
    ("outside_minutes", "expected"),
    [(600, []), (601, [("APP_OWN_UNIT_HOURS_SHARE", "error", "project")])],
)
def test_own_unit_hours_600_of_1200_pass_600_of_1201_is_an_error(outside_minutes, expected):
    doc = clean_application()
    doc["courses"][0]["minutes"] = 300  # own: 张 300 + 李 150 + 王 150 = 600
    doc["courses"][3]["minutes"] = outside_minutes  # 赵, not of the unit
    findings, result = check(doc)
    assert triples(findings) == expected
    assert result["teaching_minutes"] == 600 + outside_minutes


def test_medical_units_project_elsewhere_is_a_warning():
    doc = clean_application()
    doc["project"]["venue_is_own_unit"] = False
    doc["project"]["venue"] = "某酒店"
    [finding] = only(doc, "APP_VENUE_NOT_OWN_UNIT")
    assert finding.severity == "warning"


def test_non_medical_unit_may_hold_its_project_elsewhere():
    doc = clean_application()
    doc["unit"]["is_medical"] = False
    doc["project"]["venue_is_own_unit"] = False
    assert only(doc, "APP_VENUE_NOT_OWN_UNIT") == []


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
