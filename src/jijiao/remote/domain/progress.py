"""Learning progress from players' heartbeats, presence checks, and completion.

Seed 001 forbids dragging the progress bar, fast-forwarding and studying several courses at once,
and asks for presence detection (学习状态检测); seed 003 第十二条 asks providers to keep the whole
learning record. So every heartbeat is stored with its outcome, and watched time grows only
from accepted ones. The movement rules are pure and live in :mod:`jijiao.remote.anticheat`.
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.orgs.models import Person
from jijiao.remote import anticheat
from jijiao.remote.models import (
    Course,
    CourseVideo,
    Enrolment,
    Heartbeat,
    PresenceCheck,
    VideoProgress,
)

# A video counts as running for this long after its last accepted "playing" heartbeat.
RUNNING_SECONDS = 60
# A video counts as watched when at most this much of it is missing (the last heartbeat
# before the end can be lost when a phone locks its screen).
WATCH_SLACK_SECONDS = 2

Reason = Heartbeat.Reason
State = VideoProgress.State
MOVING = (State.PLAYING, State.ENDED)


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}分{rest:02d}秒"


def required_seconds(video: CourseVideo) -> float:
    return max(0, video.duration_seconds - WATCH_SLACK_SECONDS)


def course_required_seconds(course: Course) -> float:
    return sum(required_seconds(v) for v in course.videos.all())


def require_learning(by, person: Person, course: Course) -> None:
    """The person studies for themself; a provider reports for the people on its platform."""
    if getattr(by, "person_id", None) == person.pk:
        require(by, "remote.learn", course)
    else:
        require(by, "remote.report_progress", course)


def enrolment_of(person: Person, course: Course, now: dt.datetime) -> Enrolment:
    enrolment, _ = Enrolment.objects.get_or_create(
        person=person, course=course, defaults={"started_at": now}
    )
    return enrolment


def pending_check(enrolment: Enrolment) -> PresenceCheck | None:
    return enrolment.checks.filter(state=PresenceCheck.State.PENDING).order_by("-issued_at").first()


def running_elsewhere(person: Person, progress: VideoProgress, now) -> VideoProgress | None:
    """Another video of the person still playing (its last accepted heartbeat is recent)."""
    return (
        VideoProgress.objects.filter(
            person=person,
            last_state=State.PLAYING,
            last_played_at__gte=now - dt.timedelta(seconds=RUNNING_SECONDS),
        )
        .exclude(pk=progress.pk)
        .select_related("video__course")
        .first()
    )


@dataclass
class HeartbeatOutcome:
    heartbeat: Heartbeat
    progress: VideoProgress
    enrolment: Enrolment
    presence: PresenceCheck | None
    message: str

    @property
    def accepted(self) -> bool:
        return self.heartbeat.accepted


def _refusal(reason: str, progress: VideoProgress, other: VideoProgress | None) -> str:
    at = _clock(progress.position)
    if reason == Reason.DUPLICATE:
        return f"重复或过期的心跳（序号 {progress.last_seq} 及以前已收到），未重复计时"
    if reason == Reason.COURSE_CLOSED:
        return "该课程未备案，或机构备案已暂停、撤销：学习不计学时学分"
    if reason == Reason.PARALLEL and other is not None:
        return (
            f"您正在学习《{other.video.course.title}》的“{other.video.title}”，"
            "不能同时学习多个课程或课件，请先暂停或关闭它"
        )
    if reason == Reason.PRESENCE_MISSED:
        return "在线确认已逾期，请先完成确认再继续学习；逾期期间不计学习时长"
    if reason == Reason.SEEK_AHEAD:
        return f"不允许拖动进度条越过已学习的位置，请从 {at} 继续学习"
    if reason == Reason.FAST_FORWARD:
        return f"不允许快进：播放进度快于实际时间，请以正常速度从 {at} 继续学习"
    if reason == Reason.GAP:
        gap = int(anticheat.MAX_GAP_SECONDS)
        return f"超过 {gap} 秒未收到学习记录，该段不计时，请从 {at} 继续学习"
    return ""


def _judge(
    *,
    course: Course,
    progress: VideoProgress,
    enrolment: Enrolment,
    seq: int,
    position: float,
    state: str,
    now,
) -> tuple[str, anticheat.Motion | None, VideoProgress | None]:
    if progress.last_seq is not None and seq <= progress.last_seq:
        return Reason.DUPLICATE, None, None
    if not course.earns_credit:
        return Reason.COURSE_CLOSED, None, None
    # A paused or closed player may still report the last seconds it played.
    if state in MOVING or position > progress.position:
        other = running_elsewhere(progress.person, progress, now)
        if other is not None:
            return Reason.PARALLEL, None, other
        check = pending_check(enrolment)
        if check is not None and now > check.expires_at:
            return Reason.PRESENCE_MISSED, None, None
    elapsed = (now - progress.anchor_at).total_seconds() if progress.anchor_at else 0.0
    motion = anticheat.judge_motion(
        last=progress.position,
        furthest=progress.furthest,
        position=position,
        elapsed=elapsed,
        lead=progress.lead,
    )
    return motion.reason, motion, None


def _credit(progress: VideoProgress, motion: anticheat.Motion, position: float) -> float:
    """Add the real-time move to the watched ranges; what it adds is the credited time."""
    before = progress.watched_seconds
    if motion.credit_from is not None:
        progress.covered = anticheat.merge(progress.covered, motion.credit_from, position)
        progress.watched_seconds = anticheat.covered_seconds(progress.covered)
    return round(progress.watched_seconds - before, 3)


def _issue_check_if_due(enrolment: Enrolment, course: Course, now) -> PresenceCheck | None:
    if enrolment.play_since_check < course.presence_interval_seconds:
        return None
    if pending_check(enrolment) is not None:
        return None
    enrolment.play_since_check = 0
    return PresenceCheck.objects.create(
        enrolment=enrolment,
        issued_at=now,
        expires_at=now + dt.timedelta(seconds=course.presence_window_seconds),
        challenge=f"{secrets.randbelow(10000):04d}",
    )


@transaction.atomic
def heartbeat_record(
    *,
    by,
    person: Person,
    video: CourseVideo,
    seq: int,
    position: float,
    state: str,
    via: str,
) -> HeartbeatOutcome:
    """Record one heartbeat of a player: the person, the video, a sequence number that grows
    with every report of that video, the position in seconds and the playing state.

    Refused — and stored with the reason, changing no position — when it repeats an earlier
    sequence number, when the course does not earn credit, when another course or video of the
    person is playing, when a presence check is overdue, or when the position jumps past the
    furthest watched or advances faster than real time (see :mod:`jijiao.remote.anticheat`).
    Accepted, it moves the position, adds the real-time part of the move to the watched
    ranges, counts playing time towards the next presence check and issues it when due, and
    completes the course when everything is watched (and the exam passed, if any).

    Side effects: a Heartbeat (always); the VideoProgress and Enrolment updated; maybe a
    PresenceCheck; maybe the completion (audit ``remote.course_completed``). Heartbeats
    themselves are not audit entries.
    """
    course = video.course
    require_learning(by, person, course)
    if state not in State.values:
        raise DomainError("播放状态应为 playing、paused、ended 或 closed 之一", field="state")
    now = clock.now()
    Person.objects.select_for_update().filter(pk=person.pk).first()
    enrolment = enrolment_of(person, course, now)
    progress, _ = VideoProgress.objects.get_or_create(
        enrolment=enrolment, video=video, defaults={"person": person}
    )
    position = round(min(max(float(position), 0.0), float(video.duration_seconds)), 3)
    reason, motion, other = _judge(
        course=course,
        progress=progress,
        enrolment=enrolment,
        seq=seq,
        position=position,
        state=state,
        now=now,
    )
    credited = 0.0
    if reason == Reason.OK:
        credited = _credit(progress, motion, position)
        if motion.credit_from is not None:
            enrolment.play_since_check += position - motion.credit_from
        progress.position = position
        progress.furthest = max(progress.furthest, position)
        progress.lead = motion.lead
        progress.last_state = state
        progress.last_played_at = now if state == State.PLAYING else None
    if reason != Reason.DUPLICATE:
        progress.last_seq = seq
        progress.anchor_at = now
        progress.save()
        enrolment.last_heartbeat_at = now
    heartbeat = Heartbeat.objects.create(
        person=person,
        enrolment=enrolment,
        video=video,
        received_at=now,
        seq=seq,
        position=position,
        state=state,
        accepted=reason == Reason.OK,
        reason=reason,
        credited_seconds=credited,
        via=via,
        account=by if getattr(by, "pk", None) else None,
    )
    if reason == Reason.OK:
        _issue_check_if_due(enrolment, course, now)
        enrolment.watched_seconds = round(sum(p.watched_seconds for p in enrolment.videos.all()), 3)
    enrolment.save()
    if reason == Reason.OK and credited:
        complete_if_done(by=by, enrolment=enrolment)
    return HeartbeatOutcome(
        heartbeat=heartbeat,
        progress=progress,
        enrolment=enrolment,
        presence=pending_check(enrolment),
        message=_refusal(reason, progress, other),
    )


@transaction.atomic
def presence_answer(*, by, check: PresenceCheck, answer: str) -> PresenceCheck:
    """Answer a presence check with the code it showed.

    On time it is ``answered``; after its window it is ``late``, and the clock of every video
    of the course restarts at the answer, so nothing played while it was overdue is credited.
    Side effects: the check's state and time; the videos' anchors when late. Presence answers
    are progress records, not audit entries.
    """
    enrolment = check.enrolment
    require_learning(by, enrolment.person, enrolment.course)
    if check.state != PresenceCheck.State.PENDING:
        raise DomainError(f"该在线确认{check.get_state_display()}，不能再确认")
    if (answer or "").strip() != check.challenge:
        raise DomainError("确认码不正确，请输入弹窗中显示的 4 位数字", field="answer")
    now = clock.now()
    check.answered_at = now
    transition(
        check,
        (PresenceCheck.State.ANSWERED if now <= check.expires_at else PresenceCheck.State.LATE),
    )
    check.save(update_fields=["answered_at", "state"])
    if check.state == PresenceCheck.State.LATE:
        enrolment.videos.update(anchor_at=now, lead=0)
    return check


def watch_shortfall(enrolment: Enrolment) -> str | None:
    """What is left to watch, in words; ``None`` when every video is watched."""
    course = enrolment.course
    watched = {p.video_id: p.watched_seconds for p in enrolment.videos.all()}
    missing = [v for v in course.videos.all() if watched.get(v.pk, 0) < required_seconds(v)]
    if not missing:
        return None
    return (
        f"学习时长不足：已有效学习 {_clock(enrolment.watched_seconds)}，"
        f"课程要求 {_clock(course_required_seconds(course))}"
        f"（未学完：{'、'.join(v.title for v in missing)}）"
    )


def shortfall(enrolment: Enrolment) -> str | None:
    """Why the course is not complete yet, in words; ``None`` when it is."""
    missing = watch_shortfall(enrolment)
    if missing is not None:
        return missing
    if enrolment.course.has_exam and enrolment.exam_passed_at is None:
        return "考核尚未通过"
    return None


def complete_if_done(*, by, enrolment: Enrolment) -> bool:
    """Mark the enrolment complete when all videos are watched and the exam (if any) passed.

    Side effects on completion: ``completed_at``; audit ``remote.course_completed``.
    """
    if enrolment.completed_at is not None or shortfall(enrolment) is not None:
        return False
    enrolment.completed_at = clock.now()
    enrolment.save(update_fields=["completed_at"])
    record(
        "remote.course_completed",
        actor=by,
        obj=enrolment,
        data={"course": enrolment.course_id, "watched_seconds": enrolment.watched_seconds},
    )
    return True


@transaction.atomic
def enrolment_complete(*, by, person: Person, course: Course) -> Enrolment:
    """Confirm a person's completion of a course (a provider asks before listing them).

    Refused, with what is missing, unless every video is watched under accepted heartbeats and
    the exam (if any) is passed. Side effects: the completion when not yet recorded (audit
    ``remote.course_completed``).
    """
    require_learning(by, person, course)
    if not course.earns_credit:
        raise DomainError("该课程未备案，或机构备案已暂停、撤销：不能认定完成")
    enrolment = Enrolment.objects.filter(person=person, course=course).first()
    if enrolment is None:
        raise DomainError("没有该学员学习本课程的记录")
    problem = shortfall(enrolment)
    if problem is not None:
        raise DomainError(problem)
    complete_if_done(by=by, enrolment=enrolment)
    return enrolment
