"""Courses a registered provider files (课程备案): details, videos, exam questions; the city
office approves them or returns them for correction, and may withdraw an approval."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max

from jijiao.audit_log.log import record
from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError, reason_given, require
from jijiao.common.transitions import transition
from jijiao.orgs.models import Discipline
from jijiao.remote.models import Course, CourseVideo, ExamQuestion, Provider

FIELDS = (
    "title",
    "discipline",
    "level",
    "project_number",
    "hours",
    "credits",
    "presence_interval_seconds",
    "presence_window_seconds",
    "pass_mark",
    "max_attempts",
    "description",
)
# Presence checks closer than this would interrupt more than they detect; a window shorter
# than this cannot be answered on a phone.
MIN_PRESENCE_SECONDS = 5


def _decimal(value, label: str, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(f"{label}应为数字", field=field) from None
    if number <= 0 or number != number.quantize(Decimal("0.1")):
        raise DomainError(f"{label}应为大于 0 的数，最多一位小数", field=field)
    return number


def _whole(value, label: str, field: str, *, minimum: int, maximum: int | None = None) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(f"{label}应为整数", field=field) from None
    if number < minimum or (maximum is not None and number > maximum):
        bound = f"{minimum}–{maximum}" if maximum is not None else f"不小于 {minimum}"
        raise DomainError(f"{label}应为 {bound} 的整数", field=field)
    return number


def _clean(fields: dict) -> dict:
    title = (fields.get("title") or "").strip()
    if not title:
        raise DomainError("请填写课程名称", field="title")
    discipline = fields.get("discipline")
    if not isinstance(discipline, Discipline):
        raise DomainError("请选择学科", field="discipline")
    if fields.get("level") not in Course.Level.values:
        raise DomainError("请选择项目级别", field="level")
    pass_mark = fields.get("pass_mark")
    return {
        "title": title[:200],
        "discipline": discipline,
        "level": fields["level"],
        "project_number": (fields.get("project_number") or "").strip()[:60],
        "hours": _decimal(fields.get("hours"), "学时", "hours"),
        "credits": _decimal(fields.get("credits"), "学分", "credits"),
        "presence_interval_seconds": _whole(
            fields.get("presence_interval_seconds"),
            "在线确认间隔",
            "presence_interval_seconds",
            minimum=MIN_PRESENCE_SECONDS,
        ),
        "presence_window_seconds": _whole(
            fields.get("presence_window_seconds"),
            "在线确认时限",
            "presence_window_seconds",
            minimum=MIN_PRESENCE_SECONDS,
        ),
        "pass_mark": None
        if pass_mark in (None, "")
        else _whole(pass_mark, "考核合格分", "pass_mark", minimum=1, maximum=100),
        "max_attempts": _whole(
            fields.get("max_attempts") or 3, "考核次数上限", "max_attempts", minimum=1, maximum=20
        ),
        "description": (fields.get("description") or "").strip(),
    }


def _plain(value):
    return str(value) if value is not None else None


@transaction.atomic
def course_file(*, by, provider: Provider, **fields) -> Course:
    """File a new course of a registered provider, as a draft.

    Side effects: a Course in state draft; audit ``remote.course_filed``.
    """
    require(by, "remote.file_course", provider)
    course = Course.objects.create(provider=provider, created_at=clock.now(), **_clean(fields))
    record("remote.course_filed", actor=by, obj=course, data={"title": course.title})
    return course


def _editable(by, course: Course) -> None:
    require(by, "remote.file_course", course.provider)
    if not course.editable:
        raise DomainError(f"课程{course.get_state_display()}，不能修改")


@transaction.atomic
def course_update(*, by, course: Course, **fields) -> Course:
    """Change a draft or returned course.

    Side effects: the fields saved; audit ``remote.course_updated`` with before/after.
    """
    _editable(by, course)
    cleaned = _clean(fields)
    changed = {}
    for key, value in cleaned.items():
        before = getattr(course, key)
        if before != value:
            changed[key] = [_plain(before), _plain(value)]
        setattr(course, key, value)
    course.save(update_fields=list(FIELDS))
    record("remote.course_updated", actor=by, obj=course, data={"changed": changed})
    return course


@transaction.atomic
def course_video_add(
    *, by, course: Course, title: str, duration_seconds, uploaded=None
) -> CourseVideo:
    """Add a video with its duration, and optionally the file our own player plays (WebM or
    MP4, typed by its content).

    Side effects: a CourseVideo at the end of the list, its file stored; audit
    ``remote.course_video_added``.
    """
    _editable(by, course)
    title = (title or "").strip()
    if not title:
        raise DomainError("请填写视频标题", field="title")
    duration = _whole(duration_seconds, "视频时长", "duration_seconds", minimum=1)
    last = course.videos.aggregate(last=Max("order"))["last"] or 0
    video = CourseVideo(course=course, order=last + 1, title=title[:200], duration_seconds=duration)
    if uploaded is not None:
        sniffed = uploads.accept(uploaded, uploads.COURSE_VIDEO)
        video.original_name = sniffed.name
        video.content_type = sniffed.content_type
        video.size = sniffed.size
        video.file.save(uploads.storage_name(sniffed), uploaded, save=False)
    video.save()
    record(
        "remote.course_video_added",
        actor=by,
        obj=course,
        data={"title": video.title, "duration": duration, "file": video.original_name},
    )
    return video


@transaction.atomic
def course_video_remove(*, by, video: CourseVideo) -> None:
    """Remove a video from a draft or returned course.

    Side effects: the row deleted, its file removed after commit; audit
    ``remote.course_video_removed``.
    """
    course = video.course
    _editable(by, course)
    storage, path, title = video.file.storage, video.file.name, video.title
    video.delete()
    if path:
        transaction.on_commit(lambda: storage.delete(path))
    record("remote.course_video_removed", actor=by, obj=course, data={"title": title})


@transaction.atomic
def course_question_add(
    *, by, course: Course, text: str, choices: list[str], answer
) -> ExamQuestion:
    """Add a single-choice exam question (2–6 options, one correct).

    Side effects: an ExamQuestion at the end of the list; audit ``remote.course_question_added``.
    """
    _editable(by, course)
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写题目", field="text")
    options = [c.strip() for c in choices if c and c.strip()]
    if not 2 <= len(options) <= 6:
        raise DomainError("每题须有 2–6 个选项", field="choices")
    if len(set(options)) != len(options):
        raise DomainError("选项不能重复", field="choices")
    index = _whole(answer, "正确选项", "answer", minimum=0, maximum=len(options) - 1)
    last = course.questions.aggregate(last=Max("order"))["last"] or 0
    question = ExamQuestion.objects.create(
        course=course, order=last + 1, text=text[:500], choices=options, answer=index
    )
    record("remote.course_question_added", actor=by, obj=course, data={"text": question.text})
    return question


@transaction.atomic
def course_question_remove(*, by, question: ExamQuestion) -> None:
    """Remove an exam question from a draft or returned course.

    Side effects: the row deleted; audit ``remote.course_question_removed``.
    """
    course = question.course
    _editable(by, course)
    text = question.text
    question.delete()
    record("remote.course_question_removed", actor=by, obj=course, data={"text": text})


@transaction.atomic
def course_submit(*, by, course: Course) -> Course:
    """Send a draft or returned course to the city office.

    Needs at least one video, and questions when the course carries an exam. Side effects:
    state submitted; audit ``remote.course_submitted``.
    """
    _editable(by, course)
    if not course.videos.exists():
        raise DomainError("请先添加课程视频及其时长")
    if course.has_exam and not course.questions.exists():
        raise DomainError("课程设置了考核，请先添加考核题目；不设考核请清空合格分")
    transition(course, Course.State.SUBMITTED)
    course.submitted_at = clock.now()
    course.save(update_fields=["state", "submitted_at"])
    record("remote.course_submitted", actor=by, obj=course)
    return course


def _decide(by, course: Course, *, allowed: tuple, to: str, note: str, action: str) -> Course:
    require(by, "remote.decide_course", course)
    if course.state not in allowed:
        raise DomainError(f"课程{course.get_state_display()}，不能执行此操作")
    before = course.state
    transition(course, to)
    course.decided_at = clock.now()
    course.decided_by = by
    course.decision_note = note[:300]
    course.save(update_fields=["state", "decided_at", "decided_by", "decision_note"])
    record(action, actor=by, obj=course, data={"from": before, "to": to, "reason": note})
    return course


@transaction.atomic
def course_approve(*, by, course: Course, note: str = "") -> Course:
    """Approve a submitted course of a registered provider: it earns credit from now on.

    Side effects: state approved; audit ``remote.course_approved``.
    """
    if not course.provider.registered:
        raise DomainError(
            f"{course.provider}的备案{course.provider.get_state_display()}，不能审核通过课程"
        )
    return _decide(
        by,
        course,
        allowed=(Course.State.SUBMITTED,),
        to=Course.State.APPROVED,
        note=(note or "").strip(),
        action="remote.course_approved",
    )


@transaction.atomic
def course_return(*, by, course: Course, reason: str) -> Course:
    """Return a submitted course for correction, with the reason.

    Side effects: state returned; audit ``remote.course_returned``.
    """
    return _decide(
        by,
        course,
        allowed=(Course.State.SUBMITTED,),
        to=Course.State.RETURNED,
        note=reason_given(reason, "退回"),
        action="remote.course_returned",
    )


@transaction.atomic
def course_withdraw(*, by, course: Course, reason: str) -> Course:
    """Withdraw an approved course: it stops earning credit. Credits already granted stay.

    Side effects: state withdrawn; audit ``remote.course_withdrawn``.
    """
    return _decide(
        by,
        course,
        allowed=(Course.State.APPROVED,),
        to=Course.State.WITHDRAWN,
        note=reason_given(reason, "撤销"),
        action="remote.course_withdrawn",
    )
