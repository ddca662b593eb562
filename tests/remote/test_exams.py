"""The exam: only after the videos, within the attempts, and a pass completes the course."""

import pytest

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.remote.domain.exams import exam_attempt_submit
from jijiao.remote.models import Enrolment
from tests.remote.conftest import QUESTIONS
from tests.remote.players import Player

pytestmark = pytest.mark.django_db


def answers(course, correct: int) -> dict:
    """The first ``correct`` questions answered right, the rest wrong."""
    given = {}
    for index, question in enumerate(course.questions.all()):
        right = QUESTIONS[index][2]
        given[str(question.pk)] = right if index < correct else (right + 1) % len(question.choices)
    return given


@pytest.fixture
def watched(clock_at, learner, video):
    Player(learner, video, clock_at).watch_all()
    return Enrolment.objects.get(person=learner.person, course=video.course)


def test_the_exam_waits_until_the_videos_are_watched(clock_at, learner, course, video):
    player = Player(learner, video, clock_at)
    player.beat(0)
    player.play(0, 60)
    with pytest.raises(DomainError) as error:
        exam_attempt_submit(by=learner, person=learner.person, course=course, answers={})
    assert error.value.message == (
        "请先完成视频学习再参加考核。学习时长不足：已有效学习 1分00秒，课程要求 9分58秒"
        "（未学完：第一讲）"
    )


def test_watching_alone_does_not_complete_a_course_with_an_exam(watched):
    assert watched.watched_seconds == 600
    assert watched.completed_at is None


def test_two_of_three_right_scores_66_and_passes_the_mark_of_60(watched, learner, course):
    attempt = exam_attempt_submit(
        by=learner, person=learner.person, course=course, answers=answers(course, 2)
    )
    assert (attempt.number, attempt.correct, attempt.total, attempt.score, attempt.passed) == (
        1,
        2,
        3,
        66,
        True,
    )
    watched.refresh_from_db()
    assert watched.completed_at is not None
    assert AuditEntry.objects.filter(action="remote.course_completed").count() == 1


def test_the_attempts_are_limited_to_what_the_course_allows(watched, learner, course):
    for number in (1, 2):
        attempt = exam_attempt_submit(
            by=learner, person=learner.person, course=course, answers=answers(course, 1)
        )
        assert (attempt.number, attempt.score, attempt.passed) == (number, 33, False)
    with pytest.raises(DomainError) as error:
        exam_attempt_submit(
            by=learner, person=learner.person, course=course, answers=answers(course, 3)
        )
    assert error.value.message == "考核次数已用完（共 2 次）"
    watched.refresh_from_db()
    assert watched.completed_at is None


def test_a_passed_exam_is_not_taken_again(watched, learner, course):
    exam_attempt_submit(
        by=learner, person=learner.person, course=course, answers=answers(course, 3)
    )
    with pytest.raises(DomainError, match="已通过考核，无需再考"):
        exam_attempt_submit(
            by=learner, person=learner.person, course=course, answers=answers(course, 3)
        )


def test_the_exam_over_the_api_reports_attempts_left(watched, client, learner, course):
    client.force_login(learner)
    questions = client.get(f"/api/v1/remote/courses/{course.pk}/exam").json()["questions"]
    assert "answer" not in questions[0]
    response = client.post(
        f"/api/v1/remote/courses/{course.pk}/exam/attempts",
        {"answers": answers(course, 0)},
        content_type="application/json",
    )
    assert response.json() == {
        "number": 1,
        "score": 0,
        "passed": False,
        "correct": 0,
        "total": 3,
        "attempts_left": 1,
        "completed": False,
    }
