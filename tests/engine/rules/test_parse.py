"""Reading documents: wrong types and values outside the listed sets carry their JSON path."""

from fractions import Fraction

import pytest

from jijiao.engine.rules.application_input import Application
from jijiao.engine.rules.compliance import AnnualCompliance
from jijiao.engine.rules.parse import InputInvalid, parse_document
from tests.engine.rules.documents import clean_application


def invalid_path(cls, document) -> str:
    with pytest.raises(InputInvalid) as caught:
        parse_document(cls, document)
    return caught.value.path


def test_a_course_kind_outside_the_set_names_its_path():
    doc = clean_application()
    doc["courses"][2]["kind"] = "lecture"
    assert invalid_path(Application, doc) == "courses[2].kind"


def test_a_number_given_as_text_is_invalid():
    doc = clean_application()
    doc["courses"][0]["minutes"] = "150"
    assert invalid_path(Application, doc) == "courses[0].minutes"


def test_a_boolean_is_not_a_number():
    doc = clean_application()
    doc["project"]["sessions"] = True
    assert invalid_path(Application, doc) == "project.sessions"


def test_a_malformed_date_is_invalid():
    doc = clean_application()
    doc["pi"]["birth_date"] = "1972/05/01"
    assert invalid_path(Application, doc) == "pi.birth_date"


def test_an_impossible_date_is_invalid():
    doc = clean_application()
    doc["pi"]["birth_date"] = "1972-02-30"
    assert invalid_path(Application, doc) == "pi.birth_date"


def test_a_discipline_code_must_look_like_ss_tt():
    doc = clean_application()
    doc["project"]["discipline"] = "内科"
    assert invalid_path(Application, doc) == "project.discipline"


def test_a_title_outside_the_four_levels_is_invalid():
    doc = clean_application()
    doc["courses"][1]["teacher"]["title"] = "教授"
    assert invalid_path(Application, doc) == "courses[1].teacher.title"


def test_history_years_must_be_years():
    doc = clean_application()
    doc["unit"]["completed_projects"] = {"去年": 3}
    assert invalid_path(Application, doc) == "unit.completed_projects.去年"


def test_the_document_must_be_an_object():
    assert invalid_path(Application, [1, 2]) == "$"


def test_the_error_object_is_the_contracts():
    error = InputInvalid("字段 x 应为整数", "x")
    assert error.as_dict() == {
        "error": {"code": "INPUT_INVALID", "message": "字段 x 应为整数", "path": "x"}
    }


def test_absent_and_null_fields_become_none_and_unknown_fields_are_ignored():
    parsed = parse_document(Application, {"project": {"name": None}, "extra": 1})
    assert parsed.project.name is None
    assert parsed.pi is None


def test_numbers_are_exact_fractions_and_class_is_read_from_its_json_key():
    parsed = parse_document(
        AnnualCompliance, {"year": 2022, "records": [{"class": "II", "credits": 0.1}]}
    )
    record = parsed.records[0]
    assert record.credit_class == "II"
    assert record.credits == Fraction(1, 10)


def test_an_integral_float_is_an_integer():
    doc = clean_application()
    doc["project"]["sessions"] = 2.0
    assert parse_document(Application, doc).project.sessions == 2
    doc["project"]["sessions"] = 2.5
    assert invalid_path(Application, doc) == "project.sessions"


def test_negative_minutes_or_credits_are_invalid_not_computed_with():
    doc = clean_application()
    doc["courses"][1]["minutes"] = -900
    assert invalid_path(Application, doc) == "courses[1].minutes"
    doc = clean_application()
    doc["project"]["requested_credits"] = -1
    with pytest.raises(InputInvalid) as caught:
        parse_document(Application, doc)
    assert caught.value.message == "字段 project.requested_credits 不能为负数，实际为 -1"
