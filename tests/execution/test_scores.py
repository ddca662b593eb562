"""The stored score: recomputed when an input changes, the pack version kept, the project's
mean, only national projects."""

import datetime as dt
from decimal import Decimal

import pytest

from jijiao.audit_log.models import AuditEntry
from jijiao.execution.domain.reports import report_save, report_submit
from jijiao.execution.domain.scores import score_recompute_for_session
from jijiao.execution.domain.surveys import survey_answer
from jijiao.execution.models import ProjectScore, SessionScore
from jijiao.hosting.domain.sessions import session_update
from jijiao.policy.access import get_policy
from tests.execution.conftest import END, START
from tests.execution.helpers import account_for, attend, full_report, plan_and_file, travel

pytestmark = pytest.mark.django_db

BEST = {"q1": 0, "q2": 0, "q3": 0, "q4": 0, "q5": 0, "q6": 0, "q7": [0, 1]}


def test_the_score_follows_the_report_and_the_evaluation(hospital_admin, survey, people):
    with travel(END + dt.timedelta(days=2)):
        full_report(hospital_admin, survey.session)
    score = SessionScore.objects.get(session=survey.session)
    assert score.items["2.2.1"] == 3 and score.items["1.1.2"] == 0
    assert score.policy_hash == get_policy("national-2024").content_hash
    with travel(END + dt.timedelta(days=2), 12):
        for person in people:
            survey_answer(by=account_for(person), survey=survey, answers=BEST)
        report_submit(by=hospital_admin, session=survey.session)
    score.refresh_from_db()
    assert score.items["2.2.1"] == 10 and score.items["1.1.2"] == 10
    assert score.facts["survey"]["q1"] == [6, 0, 0]
    assert score.total == Decimal("90.00")


def test_a_change_recorded_by_hosting_counts_when_the_score_page_is_opened(hospital_admin, held):
    with travel(END + dt.timedelta(days=2)):
        full_report(hospital_admin, held, venue="温州国际会展中心")
        report_submit(by=hospital_admin, session=held)
    assert SessionScore.objects.get(session=held).items["1.2.2"] == 3
    with travel(END + dt.timedelta(days=3)):
        session_update(
            by=hospital_admin,
            session=held,
            fields={"venue": "温州国际会展中心"},
            reason="记录变更",
        )
    # hosting does not call us: the stored score is unchanged until it is read again.
    assert SessionScore.objects.get(session=held).items["1.2.2"] == 3
    score = score_recompute_for_session(session=held, by=hospital_admin)
    # The venue filed is still 本院学术报告厅: reverting the recorded change finds it.
    assert score.items["1.2.2"] == 3
    assert score.facts["planned"]["venue"] == "本院学术报告厅"


def test_unchanged_inputs_write_nothing(hospital_admin, held):
    with travel(END + dt.timedelta(days=2)):
        full_report(hospital_admin, held)
        before = AuditEntry.objects.filter(action="execution.score_computed").count()
        score_recompute_for_session(session=held, by=hospital_admin)
        score_recompute_for_session(session=held, by=hospital_admin)
    assert AuditEntry.objects.filter(action="execution.score_computed").count() == before


def test_a_project_scores_the_mean_of_its_sessions(hospital_admin, wenzhou_office, project, people):
    project.note = "共 2 期"
    project.save()
    first = plan_and_file(
        hospital_admin,
        wenzhou_office,
        project,
        "national-2024",
        start=START,
        end=END,
        filed_on=dt.date(2024, 4, 20),
    )
    second = plan_and_file(
        hospital_admin,
        wenzhou_office,
        project,
        "national-2024",
        start=dt.date(2024, 9, 10),
        end=dt.date(2024, 9, 12),
        filed_on=dt.date(2024, 9, 1),
    )
    attend(hospital_admin, first, people)
    with travel(END + dt.timedelta(days=2)):
        full_report(hospital_admin, first)
        report_submit(by=hospital_admin, session=first)
    with travel(dt.date(2024, 9, 13)):
        report_save(
            by=hospital_admin, session=second, fields={"held": False, "not_held_reason": "台风"}
        )
        report_submit(by=hospital_admin, session=second)
    scores = {s.session_id: s for s in SessionScore.objects.all()}
    # Filed 9 days before: 5 points for 1.1.1 and nothing else for a session not held.
    assert scores[second.pk].total == Decimal("5.00")
    assert scores[second.pk].items == {
        "1.1.1": 5,
        "1.1.2": 0,
        "1.2.1": 0,
        "1.2.2": 0,
        "1.2.3": 0,
        "1.2.4": 0,
        "1.2.5": 0,
        "1.2.6": 0,
        "2.1.1": 0,
        "2.1.2": 0,
        "2.2.1": 0,
    }
    assert scores[first.pk].total == Decimal("83.00")
    project_score = ProjectScore.objects.get(project=project)
    assert (project_score.total, project_score.sessions) == (Decimal("44.00"), 2)


def test_city_projects_are_not_scored(
    hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital, pi_zhang_person
):
    from tests.execution.helpers import published

    project = published(
        wenzhou_office_unit, wenzhou_office, city_hospital, level="city", number="2024-03-01-009"
    )
    session = plan_and_file(
        hospital_admin,
        wenzhou_office,
        project,
        "wenzhou-2025",
        start=START,
        end=END,
        filed_on=dt.date(2024, 4, 20),
    )
    with travel(END + dt.timedelta(days=2)):
        assert score_recompute_for_session(session=session, by=hospital_admin) is None
    assert SessionScore.objects.count() == 0


def test_an_attendance_correction_reaches_the_score_when_the_office_recomputes(
    client, hospital_admin, wenzhou_office, held, people
):
    from jijiao.attendance.domain.corrections import correction_decide, correction_record
    from jijiao.orgs.models import Role
    from tests.execution.helpers import PDF, moment, trainees, upload
    from tests.factories import AccountFactory, grant

    late = trainees({"广东": 1})[0]
    attend(hospital_admin, held, [late], sign_out=False)  # the phone died before signing out
    with travel(END + dt.timedelta(days=2)):
        full_report(hospital_admin, held)
        report_submit(by=hospital_admin, session=held)
    assert "广东" not in SessionScore.objects.get(session=held).facts["trainees_by_province"]
    with travel(END + dt.timedelta(days=3)):
        correction = correction_record(
            by=hospital_admin,
            session=held,
            person=late,
            field="sign_out",
            value_at=moment(END, 17),
            reason="手机没电，纸质签退表为证",
            evidence=upload("签退表.pdf", PDF),
        )
        second = grant(AccountFactory(username="admin_two"), Role.UNIT_ADMIN, held.project.host)
        correction_decide(by=second, correction=correction, approve=True)
        client.force_login(wenzhou_office)
        response = client.post("/execution/scores/recompute/?year=2024", follow=True)
    assert "已重新计算 1 期，其中 1 期得分依据有变化。" in response.content.decode()
    facts = SessionScore.objects.get(session=held).facts
    assert facts["trainees_by_province"] == {"浙江": 3, "江苏": 2, "安徽": 1, "广东": 1}
