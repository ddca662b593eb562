"""The trainees' evaluation (seed 001 附件2): opened by the host, answered once by each
attendee, counted anonymously into the summary and the score (附件4 2.2.1)."""

import secrets
from typing import Any

from django.db import IntegrityError, transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.execution.domain.scores import score_recompute_for_session
from jijiao.execution.facts import attended, report_of
from jijiao.execution.models import ExecutionReport, Survey, SurveyAnswer, SurveyResponder
from jijiao.execution.vocab import Q7_OPTIONS, Q7_PICKS, QUESTIONS
from jijiao.hosting.models import Session

CLOSED_STATES = (ExecutionReport.State.ACCEPTED, ExecutionReport.State.REJECTED)


@transaction.atomic
def survey_open(*, by, session: Session) -> Survey:
    """Open the evaluation to the session's attendees (by link and QR code), or reopen it.
    Side effects: a Survey with an unguessable link, or the closed one reopened; audit
    ``execution.survey_opened``."""
    require(by, "execution.manage_survey", session)
    Session.objects.select_for_update().filter(pk=session.pk).exists()
    if not session.is_filed:
        raise DomainError(f"{session} 尚未报备，不能开放评估")
    report = report_of(session)
    if report is not None and report.state in CLOSED_STATES:
        raise DomainError(f"执行情况{report.get_state_display()}，评估已结束")
    survey = Survey.objects.filter(session=session).first()
    now = clock.now()
    if survey is None:
        survey = Survey.objects.create(
            session=session, token=secrets.token_urlsafe(12), opened_at=now, opened_by=by
        )
    elif not survey.is_open:
        survey.closed_at = None
        survey.closed_by = None
        survey.save(update_fields=["closed_at", "closed_by"])
    else:
        return survey
    record("execution.survey_opened", actor=by, obj=survey, data={"session": session.pk})
    return survey


@transaction.atomic
def survey_close(*, by, session: Session) -> Survey:
    """Close the evaluation: no more answers. Side effects: the survey closed; audit
    ``execution.survey_closed`` with the number of answers."""
    require(by, "execution.manage_survey", session)
    survey = Survey.objects.select_for_update().filter(session=session).first()
    if survey is None or not survey.is_open:
        raise DomainError("评估未开放")
    survey.closed_at = clock.now()
    survey.closed_by = by
    survey.save(update_fields=["closed_at", "closed_by"])
    record(
        "execution.survey_closed",
        actor=by,
        obj=survey,
        data={"answers": survey.answers.count()},
    )
    return survey


def _option(answers: dict[str, Any], name: str, count: int, label: str) -> int:
    value = answers.get(name)
    try:
        index = int(value)
    except (TypeError, ValueError):
        raise DomainError(f"请回答第 {label} 题", field=name) from None
    if not 0 <= index < count:
        raise DomainError(f"第 {label} 题的选项无效", field=name)
    return index


def clean_answers(answers: dict[str, Any]) -> dict[str, int]:
    """Questions 1–6: one option each; question 7: exactly two different options."""
    cleaned = {
        name: _option(answers, name, len(options), name[1:]) for name, _text, options in QUESTIONS
    }
    picked = answers.get("q7") or []
    try:
        picks = sorted({int(p) for p in picked})
    except (TypeError, ValueError):
        raise DomainError("第 7 题的选项无效", field="q7") from None
    if len(picks) != Q7_PICKS or len(picked) != Q7_PICKS:
        raise DomainError(f"第 7 题须选 {Q7_PICKS} 项（只许选二项）", field="q7")
    if not all(0 <= p < len(Q7_OPTIONS) for p in picks):
        raise DomainError("第 7 题的选项无效", field="q7")
    cleaned["q7a"], cleaned["q7b"] = picks
    return cleaned


@transaction.atomic
def survey_answer(*, by, survey: Survey, answers: dict[str, Any]) -> None:
    """A trainee's answer: only someone who attended the session (registered and seen there),
    once, while the evaluation is open and the report not yet decided. The answer is stored
    apart from who gave it, so the results are anonymous.

    Side effects: a SurveyResponder (the person, when) and a SurveyAnswer (the options, no
    person); audit ``execution.survey_answered`` without the answers; the score recomputed.
    """
    require(by, "execution.answer_survey")
    person = by.person
    session = survey.session
    if not survey.is_open:
        raise DomainError(f"{session} 的评估已关闭")
    report = report_of(session)
    if report is not None and report.state in CLOSED_STATES:
        raise DomainError(f"执行情况{report.get_state_display()}，评估已结束")
    if not attended(session, person):
        raise DomainError(f"{person.name} 未参加{session}，不能评估")
    cleaned = clean_answers(answers)
    if SurveyResponder.objects.filter(survey=survey, person=person).exists():
        raise DomainError("您已提交过本期评估，每人只能提交一次")
    try:
        with transaction.atomic():  # two submissions racing: the second meets the constraint
            SurveyResponder.objects.create(survey=survey, person=person, answered_at=clock.now())
    except IntegrityError:
        raise DomainError("您已提交过本期评估，每人只能提交一次") from None
    SurveyAnswer.objects.create(survey=survey, **cleaned)
    record("execution.survey_answered", actor=by, obj=survey, data={"session": session.pk})
    score_recompute_for_session(session=session)
