"""APP_* rules about people: the PI and the teachers (wenzhou-2025 and national-2024)."""

import pytest

from jijiao.engine.precheck import run_precheck
from tests.engine.rules.documents import clean_application, precheck, teacher, triples


def check(document, pack="wenzhou-2025"):
    return precheck("application", document, pack)


def findings_of(document, pack="wenzhou-2025"):
    return check(document, pack)[0]


def only(document, code, pack="wenzhou-2025"):
    return [f for f in findings_of(document, pack) if f.code == code]


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
