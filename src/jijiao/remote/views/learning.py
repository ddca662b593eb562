"""The learner's pages: the catalogue, a course with the progress of each video, our own
compliant player, and the exam."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import ensure_csrf_cookie

from jijiao.common import clock
from jijiao.common.decorators import permission_required
from jijiao.common.errors import DomainError
from jijiao.remote.domain import exams as exam_domain
from jijiao.remote.domain.progress import (
    course_required_seconds,
    pending_check,
    required_seconds,
    watch_shortfall,
)
from jijiao.remote.models import Enrolment, VideoProgress
from jijiao.remote.queries import catalogue, courses_for_user

# How often our player reports while playing: well inside the server's longest silence, so
# a lost request or two still leaves the run credited.
HEARTBEAT_SECONDS = 5

STUDY = "remote.study"


def _learning_course(request, course_pk: int):
    course = get_object_or_404(courses_for_user(request.user), pk=course_pk)
    if not request.user.has_perm("remote.learn", course):
        raise Http404
    return course


@permission_required(STUDY)
def course_catalogue(request):
    person = request.user.person
    enrolments = {
        e.course_id: e for e in Enrolment.objects.filter(person=person).select_related("course")
    }
    courses = list(catalogue())
    for course in courses:
        course.my_enrolment = enrolments.get(course.pk)
    return render(request, "remote/catalogue.html", {"courses": courses})


@permission_required(STUDY)
def course_learn(request, course_pk: int):
    course = _learning_course(request, course_pk)
    enrolment = Enrolment.objects.filter(person=request.user.person, course=course).first()
    progress = {p.video_id: p for p in enrolment.videos.all()} if enrolment is not None else {}
    videos = list(course.videos.all())
    for video in videos:
        video.my_progress = progress.get(video.pk)
        video.done = video.my_progress is not None and video.my_progress.watched_seconds >= (
            required_seconds(video)
        )
    return render(
        request,
        "remote/learn.html",
        {
            "course": course,
            "enrolment": enrolment,
            "videos": videos,
            "required_seconds": course_required_seconds(course),
            "watched_all": enrolment is not None and watch_shortfall(enrolment) is None,
            "attempts_left": exam_domain.attempts_left(enrolment, course),
        },
    )


@ensure_csrf_cookie
@permission_required(STUDY)
def course_player(request, course_pk: int, video_pk: int):
    course = _learning_course(request, course_pk)
    video = get_object_or_404(course.videos, pk=video_pk)
    if not video.file:
        raise Http404("该视频在机构自有平台播放")
    enrolment = Enrolment.objects.filter(person=request.user.person, course=course).first()
    progress = (
        VideoProgress.objects.filter(enrolment=enrolment, video=video).first()
        if enrolment
        else None
    )
    check = pending_check(enrolment) if enrolment else None
    videos = list(course.videos.all())
    following = next((v for v in videos if v.order > video.order and v.file), None)
    return render(
        request,
        "remote/player.html",
        {
            "course": course,
            "video": video,
            "progress": progress,
            "enrolment": enrolment,
            "check": check,
            "check_left": max(0, int((check.expires_at - clock.now()).total_seconds()))
            if check
            else 0,
            "next_video": following,
            "seq": (progress.last_seq or 0) + 1 if progress else 1,
            "heartbeat_seconds": HEARTBEAT_SECONDS,
            "required_seconds": course_required_seconds(course),
        },
    )


@permission_required(STUDY)
def course_exam(request, course_pk: int):
    course = _learning_course(request, course_pk)
    if not course.has_exam:
        raise Http404
    person = request.user.person
    questions = list(course.questions.all())
    if request.method == "POST":
        answers = {str(q.pk): request.POST.get(f"q{q.pk}") for q in questions}
        try:
            attempt = exam_domain.exam_attempt_submit(
                by=request.user, person=person, course=course, answers=answers
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if attempt.passed:
                messages.success(
                    request, f"考核通过：{attempt.score} 分（合格分 {course.pass_mark}）。"
                )
            else:
                messages.error(
                    request,
                    f"考核未通过：{attempt.score} 分（合格分 {course.pass_mark}），"
                    f"还可考 {exam_domain.attempts_left(attempt.enrolment, course)} 次。",
                )
            return redirect("remote:learn", course_pk=course.pk)
    enrolment = Enrolment.objects.filter(person=person, course=course).first()
    return render(
        request,
        "remote/exam.html",
        {
            "course": course,
            "questions": questions,
            "attempts": enrolment.attempts.all() if enrolment else [],
            "attempts_left": exam_domain.attempts_left(enrolment, course),
            "shortfall": watch_shortfall(enrolment) if enrolment else "请先完成视频学习",
            "passed": enrolment is not None and enrolment.exam_passed_at is not None,
        },
    )
