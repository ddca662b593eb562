"""The PI's pages: my applications, starting one, the form with its live findings, submitting,
and the application's page everyone who may see it shares."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.common import clock
from jijiao.common.decorators import permission_required
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.projects.call_policy import declared_attachments
from jijiao.projects.domain import applications as domain
from jijiao.projects.facts import years_behind
from jijiao.projects.forms_applications import (
    AttachmentForm,
    CourseFormSet,
    ProjectForm,
    ReasonForm,
    StartForm,
    course_initial,
    discipline_choices,
    person_label,
)
from jijiao.projects.models import Application, Call, CourseRow
from jijiao.projects.queries import applications_for_user, calls_for_user, open_calls
from jijiao.projects.views import office, reviews
from jijiao.projects.views.common import application_with, finding_counts, visible_application

PREFIX = "courses"


@permission_required("projects.apply")
def my_applications(request):
    """我的申报: this year's and past years' applications (seed 000 附件1 二), and open calls."""
    user = request.user
    mine = applications_for_user(user).filter(Q(pi_id=user.person_id) | Q(created_by=user))
    years = sorted({y for y in mine.values_list("call__year", flat=True)}, reverse=True)
    year = request.GET.get("year", "")
    if year.isdigit():
        mine = mine.filter(call__year=int(year))
    rows = list(mine.order_by("-call__year", "-created_at"))
    this_year = clock.today().year
    calls = list(open_calls().filter(kind=Call.Kind.PROJECT).select_related("office"))
    started = {a.call_id for a in rows}
    return render(
        request,
        "projects/my_applications.html",
        {
            "current": [a for a in rows if a.call.year >= this_year],
            "past": [a for a in rows if a.call.year < this_year],
            "years": years,
            "year": year,
            "calls": [(c, c.pk in started) for c in calls],
        },
    )


@permission_required("projects.apply")
def application_start(request, call_pk: int):
    call = get_object_or_404(calls_for_user(request.user), pk=call_pk)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = domain.application_create(
                by=request.user, call=call, fields={"name": form.cleaned_data["name"]}
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已创建申报草稿，请填写项目信息和课程安排。")
            return redirect("projects:application_edit", pk=application.pk)
    return render(request, "projects/application_start.html", {"call": call, "form": form})


def _forms(request, application: Application, disciplines):
    """The project form and the schedule rows, bound to the POST or filled from the record."""
    kwargs = {"call": application.call, "disciplines": disciplines}
    row_kwargs = {"unit": application.unit, "disciplines": disciplines}
    if request.method == "POST":
        data = request.POST
        if data.get("action") == "add_row":  # without scripts, "添加一行" comes to the server
            data = data.copy()
            data[f"{PREFIX}-TOTAL_FORMS"] = str(int(data.get(f"{PREFIX}-TOTAL_FORMS", 0)) + 1)
        form = ProjectForm(data, instance=Application(call=application.call), **kwargs)
        courses = CourseFormSet(data, prefix=PREFIX, form_kwargs=row_kwargs)
        return form, courses
    form = ProjectForm(instance=application, **kwargs)
    initial = course_initial(application)
    courses = CourseFormSet(initial=initial, prefix=PREFIX, form_kwargs=row_kwargs)
    courses.extra = 1 if initial else 4
    return form, courses


@login_required
def application_edit(request, pk: int):
    """The form: project fields, the leader from the person record, the schedule, attachments,
    and the findings panel beside it (refreshed as the PI types)."""
    application = application_with(request, pk, "projects.edit_application")
    disciplines = discipline_choices()
    form, courses = _forms(request, application, disciplines)
    action = request.POST.get("action", "save")
    if request.method == "POST" and action != "add_row":
        if form.is_valid() and courses.is_valid():
            try:
                domain.application_save(
                    by=request.user,
                    application=application,
                    fields=form.project_fields(),
                    courses=courses.course_inputs(),
                )
            except DomainError as error:
                form_error(form, error)
            else:
                if action == "submit":
                    return redirect("projects:application_submit", pk=application.pk)
                messages.success(request, "草稿已保存。")
                return redirect("projects:application_edit", pk=application.pk)
        else:
            messages.error(request, "未保存：请按标红处修改后再保存。")
    if request.method == "GET":
        outcome, problems = domain.check(application), []
    else:
        outcome, problems = _live(application, form, courses)
    return render(
        request,
        "projects/application_form.html",
        {
            "application": application,
            "form": form,
            "courses": courses,
            "outcome": outcome,
            "problems": problems,
            "pi": application.pi,
            "search_url": reverse("projects:teacher_search", args=[application.pk]),
            "attachments": labelled_attachments(application),
            "attachment_form": AttachmentForm(call=application.call),
            "declared_attachments": declared_attachment_rows(application),
        },
    )


def labelled_attachments(application: Application) -> list:
    """The attachments, each with ``kind_label``: the pack's label of its kind."""
    labels = {item["key"]: item["label"] for item in declared_attachments(application.call)}
    attachments = list(application.attachments.order_by("uploaded_at"))
    for attachment in attachments:
        attachment.kind_label = labels.get(attachment.kind, attachment.kind)
    return attachments


def declared_attachment_rows(application: Application) -> list[dict]:
    """The attachments the call's pack asks for, each with whether one is uploaded."""
    uploaded = set(application.attachments.values_list("kind", flat=True))
    return [
        {**item, "uploaded": item["key"] in uploaded}
        for item in declared_attachments(application.call)
    ]


def _live(application: Application, form, courses) -> tuple[dict, list[str]]:
    """The pack's findings for the bound forms, nothing saved: the fields and rows that can be
    read stand in for the record's, and what cannot be read is listed by row and field."""
    draft = Application.objects.select_related("call", "unit", "pi").get(pk=application.pk)
    form.is_valid()
    for name, value in form.project_fields().items():
        setattr(draft, name, value)
    problems = [
        f"{form.fields[name].label}：{error}" if name in form.fields else error
        for name, errors in form.errors.items()
        for error in errors
    ]
    rows = []
    if courses.management_form.is_valid():
        readable, row_problems = courses.readable_rows()
        problems += row_problems
        rows = [
            CourseRow(
                application=draft,
                position=position,
                topic=row.topic,
                kind=row.kind,
                minutes=row.minutes,
                discipline=row.discipline,
                teacher_person=row.teacher_person,
                teacher_name=row.teacher_name,
                teacher_title=row.teacher_title,
                teacher_unit=row.teacher_unit,
                teacher_specialty=row.teacher_specialty,
            )
            for position, row in enumerate(readable, start=1)
        ]
    return domain.check(draft, courses=rows), problems


@require_POST
@login_required
def application_findings(request, pk: int):
    """The live panel (htmx): the pack's findings for the form as typed, nothing saved."""
    application = application_with(request, pk, "projects.edit_application")
    form, courses = _forms(request, application, discipline_choices())
    outcome, problems = _live(application, form, courses)
    return render(
        request,
        "projects/_findings.html",
        {"outcome": outcome, "problems": problems, "live": True},
    )


@login_required
def teacher_search(request, pk: int):
    """People of the application's unit whose name contains the typed text (htmx)."""
    application = application_with(request, pk, "projects.edit_application")
    text = next((v for k, v in request.GET.items() if k.endswith("teacher_query")), "")
    text = text.split("（", 1)[0].strip()
    people = []
    if text:
        people = list(
            application.unit.people.filter(name__contains=text, employment_status="active")
            .select_related("department")
            .order_by("name", "id")[:10]
        )
    return render(
        request,
        "projects/_teacher_results.html",
        {"people": [(p, person_label(p)) for p in people], "text": text},
    )


@login_required
def application_submit(request, pk: int):
    """Submit with confirmation: the findings as they stand, then the PI confirms."""
    application = application_with(request, pk, "projects.submit_application")
    if request.method == "POST":
        try:
            domain.application_submit(by=request.user, application=application)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已提交至单位审核。")
            return redirect("projects:application", pk=application.pk)
    outcome = domain.check(application)
    return render(
        request,
        "projects/application_submit.html",
        {
            "application": application,
            "outcome": outcome,
            "accepting": application.call.accepts_at(clock.now()),
            "errors": finding_counts(outcome["findings"])[0],
        },
    )


@login_required
def application_detail(request, pk: int):
    """One application for everyone who may see it, with the actions of each role."""
    application = visible_application(request, pk)
    user = request.user
    live = application.editable
    outcome = (
        domain.check(application)
        if live
        else {"findings": application.findings, "result": application.figures}
    )
    context = {
        "application": application,
        "pi": application.pi,
        "courses": application.courses.select_related(
            "teacher_person", "teacher_person__unit"
        ).order_by("position"),
        "attachments": application.attachments.order_by("uploaded_at"),
        "events": application.events.order_by("at", "id"),
        "outcome": outcome,
        "live": live,
        "can_edit": user.has_perm("projects.edit_application", application),
        "can_print": user.has_perm("projects.print_application", application),
        "unit_can_return": (
            application.state in ("submitted", "recommended")
            and user.has_perm("projects.unit_review", application)
            and not user.has_perm("projects.office_review", application)
        ),
        "return_form": ReasonForm(),
    }
    if user.has_perm("projects.office_review", application):
        context.update(office.panel_context(request, application))
        context["record"] = years_behind().execution_record(application)
    context.update(reviews.own_assignment_context(request, application))
    return render(request, "projects/application_detail.html", context)


@require_POST
@login_required
def application_return(request, pk: int):
    """Return to the PI with reasons: the unit admin or the office (the domain decides which
    states each may return from)."""
    application = visible_application(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "退回须写明原因，请填写后再退回。")
        return redirect("projects:application", pk=pk)
    if not (
        request.user.has_perm("projects.unit_review", application)
        or request.user.has_perm("projects.office_review", application)
    ):
        raise PermissionDenied
    try:
        domain.application_return(
            by=request.user, application=application, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已退回“{application.name}”，申报人将看到退回原因。")
    return redirect("projects:application", pk=pk)
