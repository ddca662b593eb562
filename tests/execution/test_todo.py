"""The workbench items of execution: the host's report within the pack's days after the
session, the office's review, the trainee's evaluation."""

import datetime as dt

from jijiao.common import clock
from jijiao.execution import todo
from tests.execution.conftest import END
from tests.execution.helpers import moment, travel
from tests.execution.test_reports import submitted


def test_the_host_reports_within_the_packs_days_and_the_office_reviews(
    hospital_admin, wenzhou_office, held
):
    with travel(END + dt.timedelta(days=2)):
        (item,) = todo.todos_for(hospital_admin, clock.now())
        assert item.kind == "待上报的执行情况"
        # national-2024: 项目举办后 2 周内 (EXE_LATE max_days = 14)
        assert item.deadline == moment(END, 17) + dt.timedelta(days=14)
        assert item.url == f"/execution/sessions/{held.pk}/"
        assert todo.todos_for(wenzhou_office, clock.now()) == []
    submitted(hospital_admin, held)
    with travel(END + dt.timedelta(days=4)):
        assert todo.todos_for(hospital_admin, clock.now()) == []
        (item,) = todo.todos_for(wenzhou_office, clock.now())
        assert item.kind == "待审核的执行情况报告"


def test_a_trainee_sees_the_open_evaluation_until_answering_it(survey, people):
    from tests.factories import AccountFactory

    trainee = AccountFactory(person=people[0])
    with travel(END, 16):
        (item,) = [i for i in todo.todos_for(trainee, clock.now()) if i.kind == "待填写的评估问卷"]
        assert item.url == f"/execution/e/{survey.token}/"
