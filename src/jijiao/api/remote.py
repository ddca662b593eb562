"""Remote education over the API: courses, learning progress (heartbeats), presence checks,
exams and completions, for providers' players and for our own player.

A provider's platform calls with its token (``Authorization: Bearer …``) and names the learner
by ``id_number``; a learner — our own player, with the session and its CSRF token — leaves
``id_number`` out and acts for themself. Both go through the same domain functions and
visibility queries: another provider's course answers 404.
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from jijiao.api.auth import token_or_session
from jijiao.api.errors import MAX_ID, SIGNED_IN, WITH_BODY, RowId
from jijiao.common import clock, idnumbers
from jijiao.orgs.queries import person_by_id_number
from jijiao.remote.domain import exams as exam_domain
from jijiao.remote.domain import progress as progress_domain
from jijiao.remote.models import Course, Enrolment, PresenceCheck
from jijiao.remote.queries import checks_for_user, courses_for_user

router = Router(tags=["remote"], auth=token_or_session)

ID_NUMBER_HELP = "学员身份证号：机构平台代学员上报时必填；学员本人（本系统播放器）上报时省略"


# A refused state change (DomainError) answers 422 with its Chinese message, a missing
# permission 403, both in contract.md's error shape (jijiao.api.errors).
ERRORS = SIGNED_IN
BODY_ERRORS = WITH_BODY
MAX_SEQ = 2**62
MAX_POSITION = 7 * 24 * 3600.0  # seconds: no video of a course runs a week


class VideoOut(Schema):
    id: int
    order: int
    title: str
    duration_seconds: int


class CourseOut(Schema):
    id: int
    title: str
    provider: str
    discipline: str
    level: str
    hours: Decimal
    credits: Decimal
    state: str
    earns_credit: bool
    presence_interval_seconds: int
    presence_window_seconds: int
    has_exam: bool
    pass_mark: int | None
    max_attempts: int
    videos: list[VideoOut]


def _course_out(course: Course) -> CourseOut:
    return CourseOut(
        id=course.pk,
        title=course.title,
        provider=course.provider.unit.name,
        discipline=str(course.discipline),
        level=course.level,
        hours=course.hours,
        credits=course.credits,
        state=course.state,
        earns_credit=course.earns_credit,
        presence_interval_seconds=course.presence_interval_seconds,
        presence_window_seconds=course.presence_window_seconds,
        has_exam=course.has_exam,
        pass_mark=course.pass_mark,
        max_attempts=course.max_attempts,
        videos=[
            VideoOut(id=v.pk, order=v.order, title=v.title, duration_seconds=v.duration_seconds)
            for v in course.videos.all()
        ],
    )


def _course(request, course_id: int) -> Course:
    return get_object_or_404(courses_for_user(request.user), pk=course_id)


def _learner(request, course: Course, id_number: str | None):
    """The person the call is about: named by ID number (the course's provider only, so
    nobody else can probe who is registered), else the caller."""
    if id_number:
        if not request.user.has_perm("remote.report_progress", course):
            raise HttpError(403, "只有课程所属机构可以代学员上报")
        if not idnumbers.is_valid(id_number):
            raise HttpError(422, "身份证号格式不正确")
        person = person_by_id_number(id_number)
        if person is None:
            raise HttpError(404, "系统中没有该身份证号的学员，请学员先在本系统注册")
        return person
    person = getattr(request.user, "person", None)
    if person is None:
        raise HttpError(422, "当前账号不是学员；机构平台代学员上报时请提供 id_number")
    return person


def _via(request, id_number: str | None) -> str:
    if id_number:
        return "provider"
    return "learner" if request.headers.get("Authorization") else "player"


@router.get("/courses", response={200: list[CourseOut], **ERRORS}, summary="可见的远程课程")
def courses(request):
    """A provider's own courses; a city office's providers' courses; for learners the approved
    courses of registered providers."""
    queryset = courses_for_user(request.user).prefetch_related("videos").order_by("id")
    return [_course_out(c) for c in queryset]


@router.get("/courses/{course_id}", response={200: CourseOut, **ERRORS}, summary="课程详情")
def course_detail(request, course_id: RowId):
    return _course_out(_course(request, course_id))


class HeartbeatIn(Schema):
    id_number: str | None = Field(None, max_length=32, description=ID_NUMBER_HELP)
    course_id: int = Field(..., ge=1, le=MAX_ID)
    video_id: int = Field(..., ge=1, le=MAX_ID)
    seq: int = Field(
        ..., ge=0, le=MAX_SEQ, description="该视频的心跳序号，每次上报递增；重复序号只计一次"
    )
    position: float = Field(..., ge=0, le=MAX_POSITION, description="当前播放位置（秒）")
    state: Literal["playing", "paused", "ended", "closed"] = Field(
        ..., description="playing 播放中、paused 已暂停、ended 已播完、closed 已关闭"
    )


class PresenceOut(Schema):
    id: int
    challenge: str = Field(..., description="请学员输入的 4 位确认码")
    issued_at: dt.datetime
    expires_at: dt.datetime
    seconds_left: int
    state: str


class HeartbeatOut(Schema):
    accepted: bool
    reason: str = Field(
        ...,
        description="ok、duplicate、course_closed、parallel、presence_missed、seek_ahead、"
        "fast_forward、gap 之一",
    )
    message: str
    position: float = Field(..., description="服务器认可的当前位置（秒），被拒绝时请从此处继续")
    furthest: float
    video_watched_seconds: float
    course_watched_seconds: float
    course_required_seconds: float
    completed: bool
    presence: PresenceOut | None


def _presence_out(check: PresenceCheck | None) -> PresenceOut | None:
    if check is None:
        return None
    left = int((check.expires_at - clock.now()).total_seconds())
    return PresenceOut(
        id=check.pk,
        challenge=check.challenge,
        issued_at=check.issued_at,
        expires_at=check.expires_at,
        seconds_left=max(0, left),
        state=check.state,
    )


@router.post(
    "/heartbeats",
    response={200: HeartbeatOut, **BODY_ERRORS},
    summary="上报学习心跳",
    description=(
        "每个视频播放中至少每 60 秒上报一次。服务器保存每次心跳及其结果：拖动越过已学位置、"
        "快于实际时间的进度、同时学习其他课程、在线确认逾期都会被拒绝（accepted=false），"
        "有效学习时长只计被接受的心跳。presence 不为空时须让学员在时限内输入确认码。"
    ),
)
def heartbeat(request, payload: HeartbeatIn):
    course = _course(request, payload.course_id)
    video = get_object_or_404(course.videos, pk=payload.video_id)
    person = _learner(request, course, payload.id_number)
    outcome = progress_domain.heartbeat_record(
        by=request.user,
        person=person,
        video=video,
        seq=payload.seq,
        position=payload.position,
        state=payload.state,
        via=_via(request, payload.id_number),
    )
    return HeartbeatOut(
        accepted=outcome.accepted,
        reason=outcome.heartbeat.reason,
        message=outcome.message,
        position=outcome.progress.position,
        furthest=outcome.progress.furthest,
        video_watched_seconds=outcome.progress.watched_seconds,
        course_watched_seconds=outcome.enrolment.watched_seconds,
        course_required_seconds=progress_domain.course_required_seconds(course),
        completed=outcome.enrolment.completed_at is not None,
        presence=_presence_out(outcome.presence),
    )


class PresenceAnswerIn(Schema):
    answer: str = Field(..., max_length=16, description="学员输入的确认码")


@router.post(
    "/presence/{check_id}/answer",
    response={200: PresenceOut, **BODY_ERRORS},
    summary="回答在线确认",
)
def presence_answer(request, check_id: RowId, payload: PresenceAnswerIn):
    check = get_object_or_404(checks_for_user(request.user), pk=check_id)
    check = progress_domain.presence_answer(by=request.user, check=check, answer=payload.answer)
    return _presence_out(check)


class QuestionOut(Schema):
    id: int
    order: int
    text: str
    choices: list[str]


class ExamOut(Schema):
    course_id: int
    pass_mark: int
    max_attempts: int
    questions: list[QuestionOut]


@router.get(
    "/courses/{course_id}/exam", response={200: ExamOut, **ERRORS}, summary="考核题目（不含答案）"
)
def exam(request, course_id: RowId):
    course = _course(request, course_id)
    if not course.has_exam:
        raise HttpError(404, "该课程不设考核")
    return ExamOut(
        course_id=course.pk,
        pass_mark=course.pass_mark,
        max_attempts=course.max_attempts,
        questions=[
            QuestionOut(id=q.pk, order=q.order, text=q.text, choices=q.choices)
            for q in course.questions.all()
        ],
    )


class AttemptIn(Schema):
    id_number: str | None = Field(None, max_length=32, description=ID_NUMBER_HELP)
    answers: dict[str, int] = Field(
        ..., max_length=500, description="题目 id → 所选选项序号（从 0 起）"
    )


class AttemptOut(Schema):
    number: int
    score: int
    passed: bool
    correct: int
    total: int
    attempts_left: int
    completed: bool


@router.post(
    "/courses/{course_id}/exam/attempts",
    response={200: AttemptOut, **BODY_ERRORS},
    summary="提交考核",
)
def exam_attempt(request, course_id: RowId, payload: AttemptIn):
    course = _course(request, course_id)
    person = _learner(request, course, payload.id_number)
    attempt = exam_domain.exam_attempt_submit(
        by=request.user, person=person, course=course, answers=payload.answers
    )
    enrolment = attempt.enrolment
    return AttemptOut(
        number=attempt.number,
        score=attempt.score,
        passed=attempt.passed,
        correct=attempt.correct,
        total=attempt.total,
        attempts_left=exam_domain.attempts_left(enrolment, course),
        completed=enrolment.completed_at is not None,
    )


class CompletionIn(Schema):
    id_number: str | None = Field(None, max_length=32, description=ID_NUMBER_HELP)
    course_id: int = Field(..., ge=1, le=MAX_ID)


class CompletionOut(Schema):
    course_id: int
    completed_at: dt.datetime
    watched_minutes: int


@router.post(
    "/completions",
    response={200: CompletionOut, **BODY_ERRORS},
    summary="认定完成学习",
    description="视频全部有效学完且考核（如有）通过才能认定完成；否则 422 并说明缺少什么。",
)
def completion(request, payload: CompletionIn):
    course = _course(request, payload.course_id)
    person = _learner(request, course, payload.id_number)
    enrolment = progress_domain.enrolment_complete(by=request.user, person=person, course=course)
    return _completion_out(enrolment)


def _completion_out(enrolment: Enrolment) -> CompletionOut:
    return CompletionOut(
        course_id=enrolment.course_id,
        completed_at=enrolment.completed_at,
        watched_minutes=enrolment.watched_minutes,
    )
