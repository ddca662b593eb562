"""Course filing pages: the provider files a course with its videos and exam questions and
submits it; the city office approves, returns or withdraws it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.common import uploads
from jijiao.common.decorators import permission_required
from jijiao.common.errors import DomainError
from jijiao.remote.domain import courses as course_domain
from jijiao.remote.domain.progress import course_required_seconds
from jijiao.remote.forms import CourseForm, QuestionForm, ReasonForm, VideoForm
from jijiao.remote.models import Course, Heartbeat, Provider
from jijiao.remote.queries import enrolments_for_user, provider_courses_for_user
from jijiao.remote.views.common import form_error, history, provider_unit_of, run

PAGES = "remote.view_provider_pages"


def paginate(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@permission_required(PAGES)
def course_list(request):
    courses = provider_courses_for_user(request.user).order_by("state", "title", "id")
    if state := request.GET.get("state"):
        courses = courses.filter(state=state)
    unit = provider_unit_of(request.user)
    provider = Provider.objects.filter(unit=unit).first() if unit else None
    return render(
        request,
        "remote/course_list.html",
        {
            "courses": courses,
            "states": Course.State.choices,
            "can_file": provider is not None
            and request.user.has_perm("remote.file_course", provider),
        },
    )


@permission_required(PAGES)
def course_file(request):
    unit = provider_unit_of(request.user)
    provider = Provider.objects.filter(unit=unit).first() if unit else None
    if provider is None or not request.user.has_perm("remote.file_course", provider):
        raise PermissionDenied
    form = CourseForm(
        request.POST or None,
        initial={"presence_interval_seconds": 600, "presence_window_seconds": 60},
    )
    if request.method == "POST" and form.is_valid():
        try:
            course = course_domain.course_file(
                by=request.user, provider=provider, **form.cleaned_data
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已保存课程草稿，请添加视频（及考核题目）后提交。")
            return redirect("remote:course", pk=course.pk)
    return render(request, "remote/course_form.html", {"form": form, "provider": provider})


@permission_required(PAGES)
def course_edit(request, pk: int):
    course = get_object_or_404(provider_courses_for_user(request.user), pk=pk)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        course.refresh_from_db()
        try:
            course_domain.course_update(by=request.user, course=course, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect("remote:course", pk=course.pk)
    return render(request, "remote/course_form.html", {"form": form, "provider": course.provider})


@permission_required(PAGES)
def course_detail(request, pk: int):
    course = get_object_or_404(provider_courses_for_user(request.user), pk=pk)
    user = request.user
    can_edit = user.has_perm("remote.file_course", course.provider) and course.editable
    videos = list(course.videos.all())
    return render(
        request,
        "remote/course_detail.html",
        {
            "course": course,
            "videos": videos,
            "total_seconds": sum(v.duration_seconds for v in videos),
            "required_seconds": course_required_seconds(course),
            "questions": course.questions.all(),
            "can_edit": can_edit,
            "can_decide": user.has_perm("remote.decide_course", course),
            "video_form": VideoForm(),
            "question_form": QuestionForm(),
            "reason_form": ReasonForm(),
            "history": history(course),
        },
    )


@require_POST
@permission_required(PAGES)
def course_video_add(request, pk: int):
    course = get_object_or_404(provider_courses_for_user(request.user), pk=pk)
    form = VideoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, uploads.form_message(form, "请填写视频标题和时长（秒）。"))
        return redirect("remote:course", pk=pk)
    run(
        request,
        lambda: course_domain.course_video_add(
            by=request.user,
            course=course,
            title=form.cleaned_data["title"],
            duration_seconds=form.cleaned_data["duration_seconds"],
            uploaded=form.cleaned_data["file"],
        ),
        f"已添加视频：{form.cleaned_data['title']}",
    )
    return redirect("remote:course", pk=pk)


@require_POST
@permission_required(PAGES)
def course_video_remove(request, pk: int, video_pk: int):
    course = get_object_or_404(provider_courses_for_user(request.user), pk=pk)
    video = get_object_or_404(course.videos, pk=video_pk)
    run(
        request,
        lambda: course_domain.course_video_remove(by=request.user, video=video),
        f"已删除视频：{video.title}",
    )
    return redirect("remote:course", pk=pk)


@require_POST
@permission_required(PAGES)
def course_question_add(request, pk: int):
    course = get_object_or_404(provider_courses_for_user(request.user), pk=pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写题目、选项（每行一个）和正确选项序号。")
        return redirect("remote:course", pk=pk)
    run(
        request,
        lambda: course_domain.course_question_add(
            by=request.user,
            course=course,
            text=form.cleaned_data["text"],
            choices=form.cleaned_choices(),
            answer=form.cleaned_data["answer"] - 1,
        ),
        "已添加题目。",
    )
    return redirect("remote:course", pk=pk)


@require_POST
@permission_required(PAGES)
def course_question_remove(request, pk: int, question_pk: int):
    course = get_object_or_404(provider_courses_for_user(request.user), pk=pk)
    question = get_object_or_404(course.questions, pk=question_pk)
    run(
        request,
        lambda: course_domain.course_question_remove(by=request.user, question=question),
        "已删除题目。",
    )
    return redirect("remote:course", pk=pk)


@require_POST
@permission_required(PAGES)
def course_submit(request, pk: int):
    course = get_object_or_404(provider_courses_for_user(request.user), pk=pk)
    run(
        request,
        lambda: course_domain.course_submit(by=request.user, course=course),
        "已提交市卫生健康委审核。",
    )
    return redirect("remote:course", pk=pk)


DECISIONS = {
    "approve": (course_domain.course_approve, "note", "课程已备案。"),
    "return": (course_domain.course_return, "reason", "已退回。"),
    "withdraw": (course_domain.course_withdraw, "reason", "已撤销课程备案。"),
}


@require_POST
@permission_required(PAGES)
def course_decide(request, pk: int):
    course = get_object_or_404(provider_courses_for_user(request.user), pk=pk)
    decision = DECISIONS.get(request.POST.get("action", ""))
    form = ReasonForm(request.POST)
    if decision is None or not form.is_valid():
        messages.error(request, "请选择操作并填写原因。")
        return redirect("remote:course", pk=pk)
    function, argument, success = decision
    run(
        request,
        lambda: function(by=request.user, course=course, **{argument: form.cleaned_data["reason"]}),
        success,
    )
    return redirect("remote:course", pk=pk)


@permission_required(PAGES)
def course_learners(request, pk: int):
    """Who studies the course and how (市卫生健康委对学习过程进行动态监管): watched time, exam,
    completion, and the heartbeats refused."""
    course = get_object_or_404(provider_courses_for_user(request.user), pk=pk)
    refused = Q(heartbeats__accepted=False) & ~Q(heartbeats__reason=Heartbeat.Reason.DUPLICATE)
    enrolments = (
        course.enrolments.select_related("person")
        .annotate(refused=Count("heartbeats", filter=refused))
        .order_by("-last_heartbeat_at", "pk")
    )
    return render(
        request,
        "remote/course_learners.html",
        {"course": course, "enrolments": paginate(request, enrolments)},
    )


@permission_required(PAGES)
def course_learner(request, pk: int, enrolment_pk: int):
    course = get_object_or_404(provider_courses_for_user(request.user), pk=pk)
    enrolment = get_object_or_404(
        enrolments_for_user(request.user).filter(course=course), pk=enrolment_pk
    )
    heartbeats = enrolment.heartbeats.select_related("video").order_by("-received_at", "-pk")
    return render(
        request,
        "remote/course_learner.html",
        {
            "course": course,
            "enrolment": enrolment,
            "videos": enrolment.videos.select_related("video"),
            "checks": enrolment.checks.order_by("issued_at"),
            "attempts": enrolment.attempts.all(),
            "heartbeats": paginate(request, heartbeats, per_page=100),
        },
    )
