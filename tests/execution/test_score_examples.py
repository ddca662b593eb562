"""Every ``execution-score`` example of shared/examples/precheck reproduced from data entered
through the workflow: the session planned and filed, its changes recorded, the trainees of each
province registered and signed in and out, the evaluation answered, the report submitted — then
the stored score is the example's."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from jijiao.execution.domain.reports import report_submit
from jijiao.execution.domain.surveys import survey_open
from jijiao.execution.models import ProjectScore, SessionScore
from jijiao.hosting.domain.sessions import session_update
from tests.conftest import SHARED_DIR
from tests.execution.helpers import (
    answers_for,
    attend,
    evaluate,
    full_report,
    moment,
    plan_and_file,
    published,
    trainees,
    travel,
)

pytestmark = pytest.mark.django_db

EXAMPLES = sorted(
    path
    for path in (SHARED_DIR / "examples" / "precheck").glob("*.json")
    if json.loads(path.read_text(encoding="utf-8"))["kind"] == "execution-score"
)
FORMAT_OF_CHANGE = {"none": "offline", "partial": "blended", "full": "online"}


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def build(facts: dict, *, host, office, office_unit, hospital, policy_id: str):
    """One face-to-face session of the example, through the domain functions."""
    planned, actual = facts["planned"], facts["actual"]
    leader = actual["teachers"][0] if facts["pi_taught"] else "未授课的负责人"
    project = published(
        office_unit, office, hospital, year=day(planned["start"]).year, leader_name=leader
    )
    session = plan_and_file(
        host,
        office,
        project,
        policy_id,
        start=day(planned["start"]),
        end=day(planned["end"]),
        filed_on=day(facts["filed_on"]),
        teachers=planned["teachers"],
        venue=planned["venue"],
        days=planned["days"],
    )
    changed = {}
    if actual["start"] != planned["start"]:
        changed["starts_at"] = moment(day(actual["start"]), 9)
    if actual["end"] != planned["end"]:
        changed["ends_at"] = moment(day(actual["end"]), 17)
    if actual["venue"] != planned["venue"]:
        changed["venue"] = actual["venue"]
    if actual["days"] != planned["days"]:
        changed["days"] = actual["days"]
    if actual["teachers"] != planned["teachers"]:
        changed["teachers"] = "\n".join(actual["teachers"])
    if changed:
        with travel(day(facts["filed_on"]) + dt.timedelta(days=1)):
            session_update(by=host, session=session, fields=changed, reason="专家行程调整")
    people = trainees(facts["trainees_by_province"], hospital)
    attend(host, session, people)
    end = day(actual["end"])
    with travel(end, 15):
        survey = survey_open(by=host, session=session)
        evaluate(survey, people, answers_for(facts["survey"]))
    with travel(day(facts["reported_on"])):
        full_report(
            host,
            session,
            format=FORMAT_OF_CHANGE[actual["format_change"]],
            scenic_area=actual["scenic_area"],
            venue_province=facts["venue_province"],
        )
        outcome = report_submit(by=host, session=session)
    assert outcome["ok"], outcome["findings"]
    return session


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_score_is_reproduced_through_the_workflow(
    path, hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital, pi_zhang_person
):
    case = json.loads(path.read_text(encoding="utf-8"))
    document = case["input"]
    assert document["project"]["mode"] == "face_to_face", "only face-to-face examples so far"
    sessions = [
        build(
            facts,
            host=hospital_admin,
            office=wenzhou_office,
            office_unit=wenzhou_office_unit,
            hospital=city_hospital,
            policy_id=case["policy"],
        )
        for facts in document["sessions"]
    ]
    expected = case["expect"]["result"]
    for session, want in zip(sessions, expected["sessions"], strict=True):
        score = SessionScore.objects.get(session=session)
        assert score.items == want["items"]
        assert score.total == Decimal(str(want["total"]))
        assert score.mode == expected["mode"]
        assert score.policy_id == case["policy"]
        assert len(score.policy_hash) == 64
    if len(sessions) == 1:
        project_score = ProjectScore.objects.get(project=sessions[0].project)
        assert project_score.total == Decimal(str(expected["total"]))
