"""The exam (考核) of a course: taken after the videos are watched, within the attempts the
course allows; a pass completes the course."""

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.orgs.models import Person
from jijiao.remote.domain.progress import complete_if_done, require_learning, watch_shortfall
from jijiao.remote.models import Course, Enrolment, ExamAttempt


def attempts_left(enrolment: Enrolment | None, course: Course) -> int:
    used = enrolment.attempts.count() if enrolment is not None else 0
    return max(0, course.max_attempts - used)


def score_answers(course: Course, answers: dict) -> tuple[int, int, dict]:
    """Correct answers, question count and the answers kept (by question id as text)."""
    questions = list(course.questions.all())
    kept = {}
    correct = 0
    for question in questions:
        given = answers.get(str(question.pk), answers.get(question.pk))
        try:
            given = int(given) if given not in (None, "") else None
        except (TypeError, ValueError):
            given = None
        kept[str(question.pk)] = given
        if given == question.answer:
            correct += 1
    return correct, len(questions), kept


@transaction.atomic
def exam_attempt_submit(*, by, person: Person, course: Course, answers: dict) -> ExamAttempt:
    """Submit one attempt: ``answers`` maps each question's id to the index of the chosen
    option. The score is the share of correct answers out of 100, rounded down.

    Refused when the course has no exam or does not earn credit, before every video is
    watched, after a pass, and when the attempts are used up. Side effects: an ExamAttempt; on a
    pass ``exam_passed_at`` and the completion; audit ``remote.exam_submitted``.
    """
    require_learning(by, person, course)
    if not course.has_exam:
        raise DomainError("该课程不设考核")
    if not course.earns_credit:
        raise DomainError("该课程未备案，或机构备案已暂停、撤销：不能考核")
    enrolment = Enrolment.objects.select_for_update().filter(person=person, course=course).first()
    if enrolment is None:
        raise DomainError("请先完成视频学习再参加考核")
    if enrolment.exam_passed_at is not None:
        raise DomainError("已通过考核，无需再考")
    problem = watch_shortfall(enrolment)
    if problem is not None:
        raise DomainError(f"请先完成视频学习再参加考核。{problem}")
    used = enrolment.attempts.count()
    if used >= course.max_attempts:
        raise DomainError(f"考核次数已用完（共 {course.max_attempts} 次）")
    correct, total, kept = score_answers(course, answers)
    score = correct * 100 // total if total else 0
    now = clock.now()
    attempt = ExamAttempt.objects.create(
        enrolment=enrolment,
        number=used + 1,
        submitted_at=now,
        answers=kept,
        correct=correct,
        total=total,
        score=score,
        passed=score >= course.pass_mark,
        submitted_by=by,
    )
    record(
        "remote.exam_submitted",
        actor=by,
        obj=enrolment,
        data={"attempt": attempt.number, "score": score, "passed": attempt.passed},
    )
    if attempt.passed:
        enrolment.exam_passed_at = now
        enrolment.save(update_fields=["exam_passed_at"])
        complete_if_done(by=by, enrolment=enrolment)
    return attempt
