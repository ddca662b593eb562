"""The trainees' evaluation: attendees only, once each, exactly two picks in question 7,
anonymous results that flow into the counts and the score."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.execution.documents import evaluation_table
from jijiao.execution.domain.surveys import survey_answer, survey_close, survey_open
from jijiao.execution.facts import survey_counts
from jijiao.execution.models import SurveyAnswer, SurveyResponder
from tests.execution.conftest import END, START
from tests.execution.helpers import account_for, attend, travel
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

BEST = {"q1": 0, "q2": 1, "q3": 0, "q4": 0, "q5": 0, "q6": 1, "q7": [0, 1]}


def test_answers_are_counted_per_option_and_kept_apart_from_who_answered(survey, people):
    sheets = [
        BEST,
        {**BEST, "q1": 2, "q7": [1, 4]},
        {**BEST, "q1": 1, "q4": 2, "q7": [3, 1]},
    ]
    with travel(END, 16):
        for person, sheet in zip(people, sheets, strict=False):
            survey_answer(by=account_for(person), survey=survey, answers=sheet)
    counts = survey_counts(survey)
    assert counts["q1"] == [1, 1, 1]
    assert counts["q4"] == [2, 0, 1]
    assert counts["q7"] == [1, 3, 0, 1, 1]
    assert counts["answers"] == 3
    assert {f.name for f in SurveyAnswer._meta.get_fields()} == {
        "id",
        "survey",
        "q1",
        "q2",
        "q3",
        "q4",
        "q5",
        "q6",
        "q7a",
        "q7b",
    }
    assert SurveyResponder.objects.count() == 3
    entries = AuditEntry.objects.filter(action="execution.survey_answered")
    assert [e.data for e in entries] == [{"session": survey.session_id}] * 3
    table = evaluation_table(survey)
    assert [(c["option"], c["count"], c["percent"]) for c in table["q7"]] == [
        ("开阔思路", 1, "33.33"),
        ("提高临床诊治能力", 3, "100.00"),
        ("提高理论水平", 0, "0.00"),
        ("提高科研工作能力", 1, "33.33"),
        ("提高操作能力", 1, "33.33"),
    ]


def test_a_trainee_cannot_answer_twice(survey, people):
    account = account_for(people[0])
    with travel(END, 16):
        survey_answer(by=account, survey=survey, answers=BEST)
        with pytest.raises(DomainError, match="您已提交过本期评估，每人只能提交一次"):
            survey_answer(by=account, survey=survey, answers=BEST)
    assert SurveyAnswer.objects.count() == 1


def test_only_attendees_answer(hospital_admin, survey, session, city_hospital):
    registered_only = PersonFactory(name="未到场", unit=city_hospital)
    with travel(START - dt.timedelta(days=1)):
        from jijiao.attendance.domain.registrations import registration_create

        registration_create(by=hospital_admin, session=session, person=registered_only)
    stranger = PersonFactory(name="外人", unit=city_hospital)
    with travel(END, 16):
        for person in (registered_only, stranger):
            with pytest.raises(DomainError, match=f"{person.name} 未参加.*不能评估"):
                survey_answer(by=account_for(person), survey=survey, answers=BEST)
    assert SurveyAnswer.objects.count() == 0


def test_someone_who_signed_in_but_left_early_may_answer(
    hospital_admin, wenzhou_office, project, city_hospital
):
    from tests.execution.helpers import plan_and_file

    session = plan_and_file(
        hospital_admin,
        wenzhou_office,
        project,
        "national-2024",
        start=START,
        end=END,
        filed_on=dt.date(2024, 4, 20),
    )
    early = PersonFactory(name="早退", unit=city_hospital)
    attend(hospital_admin, session, [early], sign_out=False)
    with travel(END, 15):
        survey = survey_open(by=hospital_admin, session=session)
        survey_answer(by=account_for(early), survey=survey, answers=BEST)
    assert SurveyAnswer.objects.count() == 1


@pytest.mark.parametrize(
    ("q7", "message"),
    [
        ([0], "第 7 题须选 2 项"),
        ([0, 1, 2], "第 7 题须选 2 项"),
        ([1, 1], "第 7 题须选 2 项"),
        ([0, 5], "第 7 题的选项无效"),
    ],
)
def test_question_seven_takes_exactly_two_options(survey, people, q7, message):
    with travel(END, 16), pytest.raises(DomainError, match=message):
        survey_answer(by=account_for(people[0]), survey=survey, answers={**BEST, "q7": q7})


def test_a_closed_evaluation_takes_no_answers(hospital_admin, survey, people):
    with travel(END, 17):
        survey_close(by=hospital_admin, session=survey.session)
        survey.refresh_from_db()
        with pytest.raises(DomainError, match="评估已关闭"):
            survey_answer(by=account_for(people[0]), survey=survey, answers=BEST)
        reopened = survey_open(by=hospital_admin, session=survey.session)
        survey_answer(by=account_for(people[0]), survey=reopened, answers=BEST)
    assert SurveyAnswer.objects.count() == 1


def test_only_the_host_opens_the_evaluation(lucheng_admin, wenzhou_office, held):
    for account in (lucheng_admin, wenzhou_office):
        with pytest.raises(PermissionDenied):
            survey_open(by=account, session=held)
