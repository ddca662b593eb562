"""Concurrent acceptance and answers on PostgreSQL: two office clicks at the same moment grant
each person once; one trainee submitting from several phones at once answers once."""

import datetime as dt

import pytest
import time_machine
from django.db import connection

from jijiao.common import clock
from jijiao.credits.models import LedgerEntry
from jijiao.execution.domain.reports import report_submit
from jijiao.execution.domain.review import report_review
from jijiao.execution.domain.surveys import survey_answer
from jijiao.execution.models import ExecutionReport, ReportDecision, SurveyAnswer
from tests.attendance.test_concurrency import run_together
from tests.execution.conftest import END
from tests.execution.helpers import account_for, full_report, travel

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_acceptances_at_once_grant_each_person_once(
    hospital_admin, wenzhou_office, held, people
):
    assert connection.vendor == "postgresql"
    with travel(END + dt.timedelta(days=2)):
        full_report(hospital_admin, held)
        report_submit(by=hospital_admin, session=held)
    moment = dt.datetime(2024, 5, 20, 10, tzinfo=clock.SHANGHAI)
    with time_machine.travel(moment, tick=False):
        results = run_together(
            4, lambda _: report_review(by=wenzhou_office, session=held, action="accept")
        )
    assert [type(r) for r in results] == [ExecutionReport] * 4
    assert ReportDecision.objects.count() == 1
    rows = LedgerEntry.objects.filter(source_type="session")
    assert sorted(rows.values_list("person_id", flat=True)) == sorted(p.pk for p in people)


def test_one_trainee_answering_from_several_phones_answers_once(survey, people):
    account = account_for(people[0])
    sheet = {"q1": 0, "q2": 0, "q3": 0, "q4": 0, "q5": 0, "q6": 0, "q7": [0, 1]}
    with time_machine.travel(dt.datetime(2024, 5, 12, 16, tzinfo=clock.SHANGHAI), tick=False):
        results = run_together(6, lambda _: survey_answer(by=account, survey=survey, answers=sheet))
    assert sum(1 for r in results if r is None) == 1
    assert {str(r) for r in results if r is not None} == {"您已提交过本期评估，每人只能提交一次"}
    assert SurveyAnswer.objects.count() == 1
