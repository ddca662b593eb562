"""The host's report: the list, the page, the form, materials, textbooks, submission, PDFs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.common import clock, uploads
from jijiao.common.documents.pdf import render_pdf
from jijiao.common.downloads import PDF, download, download_file
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.common.pagination import paginate
from jijiao.execution import documents
from jijiao.execution.domain.common import prefilled_topics, report_for
from jijiao.execution.domain.reports import (
    FIELDS,
    report_add_file,
    report_add_textbook,
    report_check,
    report_remove_file,
    report_remove_textbook,
    report_save,
    report_submit,
)
from jijiao.execution.domain.review import withheld_because
from jijiao.execution.facts import attendee_rows, trainees_by_province
from jijiao.execution.forms import FileForm, ReportForm, ReviewForm, TextbookForm, TopicFormSet
from jijiao.execution.models import ExecutionReport, ReportFile, Textbook
from jijiao.execution.queries import files_for_user, report_sessions_for_user, review_queue_for_user
from jijiao.execution.views.common import hosted_session, visible_session
from jijiao.orgs import roles
from jijiao.orgs.models import Role


@login_required
def home(request):
    """Sessions over or reported, the user's to report or to review."""
    sessions = (
        report_sessions_for_user(request.user)
        .filter(Q(ends_at__lte=clock.now()) | Q(execution_report__isnull=False))
        .order_by("-starts_at", "-id")
    )
    if state := request.GET.get("state"):
        sessions = (
            sessions.filter(execution_report__isnull=True)
            if state == "none"
            else sessions.filter(execution_report__state=state)
        )
    return render(
        request,
        "execution/home.html",
        {
            "page": paginate(request, sessions),
            "queue": review_queue_for_user(request.user),
            "states": ExecutionReport.State.choices,
            "state": state or "",
            "is_office": bool(roles.office_ids(request.user)),
            "can_summarize": request.user.has_perm("projects.view_summaries"),
            "own_units": roles.role_units(request.user, Role.UNIT_ADMIN),
        },
    )


def _report_or_none(session) -> ExecutionReport | None:
    return getattr(session, "execution_report", None)


@login_required
def report_detail(request, pk: int):
    session = visible_session(request, pk)
    report = report_for(session)
    rows = attendee_rows(session)
    by_province, unknown = trainees_by_province(rows)
    user = request.user
    preview = None
    if report.editable:
        preview = report_check(report, reported_on=report.reported_on or clock.today(), rows=rows)
    return render(
        request,
        "execution/report_detail.html",
        {
            "session": session,
            "report": report,
            "saved": report.pk is not None,
            "topics": list(report.topics.all()) if report.pk else prefilled_topics(session),
            "files": list(report.files.all()) if report.pk else [],
            "textbooks": list(report.textbooks.all()) if report.pk else [],
            "decisions": list(report.decisions.select_related("office", "by")) if report.pk else [],
            "eligible": sum(1 for r in rows if r.eligible),
            "attendees": len(rows),
            "by_province": by_province,
            "unknown_province": unknown,
            "preview": preview,
            "withheld": withheld_because(report)
            if report.pk and report.state == "accepted"
            else "",
            "can_manage": user.has_perm("execution.manage_report", session) and report.editable,
            "can_review": report.pk is not None
            and user.has_perm("execution.review_report", report),
            "can_grant": report.state == ExecutionReport.State.ACCEPTED
            and user.has_perm("execution.grant_report", report),
            "review_form": ReviewForm(),
            "evaluation": documents.evaluation_table(getattr(session, "survey", None)),
        },
    )


@login_required
def report_edit(request, pk: int):
    session = hosted_session(request, pk)
    report = report_for(session)
    if not report.editable:
        messages.error(request, f"执行情况{report.get_state_display()}，不能修改。")
        return redirect("execution:session", pk=session.pk)
    initial = {name: getattr(report, name) for name in FIELDS}
    initial["held"] = "yes" if report.held else "no"
    controls = report.courseware_controls
    initial["courseware_controls"] = "" if controls is None else ("yes" if controls else "no")
    topics = (
        list(report.topics.values("topic", "teacher_name", "hours"))
        if report.pk
        else [
            {k: row[k] for k in ("topic", "teacher_name", "hours")}
            for row in prefilled_topics(session)
        ]
    )
    form = ReportForm(request.POST or None, initial=initial)
    formset = TopicFormSet(request.POST or None, initial=topics, prefix="topics")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [f.cleaned_data for f in formset.forms if f.cleaned_data]
        try:
            report_save(by=request.user, session=session, fields=form.domain_fields(), topics=rows)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "执行情况已保存。")
            return redirect("execution:edit", pk=session.pk)
    saved = report.pk is not None
    return render(
        request,
        "execution/report_form.html",
        {
            "session": session,
            "report": report,
            "form": form,
            "formset": formset,
            "file_form": FileForm(),
            "textbook_form": TextbookForm(),
            "files": list(report.files.all()) if saved else [],
            "textbooks": list(report.textbooks.all()) if saved else [],
        },
    )


@require_POST
@login_required
def file_add(request, pk: int):
    session = hosted_session(request, pk)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, uploads.form_message(form, "请选择材料类型和文件。"))
        return redirect("execution:edit", pk=session.pk)
    try:
        material = report_add_file(
            by=request.user,
            session=session,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已上传{material.get_kind_display()}「{material.name}」。")
    return redirect("execution:edit", pk=session.pk)


@require_POST
@login_required
def file_remove(request, pk: int, file_pk: int):
    session = hosted_session(request, pk)
    material = get_object_or_404(ReportFile, pk=file_pk, report__session=session)
    try:
        report_remove_file(by=request.user, material=material)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已删除「{material.name}」。")
    return redirect("execution:edit", pk=session.pk)


@login_required
def file_download(request, pk: int, file_pk: int):
    material = get_object_or_404(files_for_user(request.user), pk=file_pk, report__session_id=pk)
    if not material.file:
        raise Http404("文件不存在")
    return download_file(material.file.open("rb"), material.name, material.content_type)


@require_POST
@login_required
def textbook_add(request, pk: int):
    session = hosted_session(request, pk)
    form = TextbookForm(request.POST)
    if not form.is_valid():
        problems = "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items())
        messages.error(request, f"教材信息不完整：{problems}")
        return redirect("execution:edit", pk=session.pk)
    try:
        textbook = report_add_textbook(by=request.user, session=session, fields=form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已添加教材「{textbook.name}」。")
    return redirect("execution:edit", pk=session.pk)


@require_POST
@login_required
def textbook_remove(request, pk: int, textbook_pk: int):
    session = hosted_session(request, pk)
    textbook = get_object_or_404(Textbook, pk=textbook_pk, report__session=session)
    try:
        report_remove_textbook(by=request.user, textbook=textbook)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已删除教材「{textbook.name}」。")
    return redirect("execution:edit", pk=session.pk)


@require_POST
@login_required
def submit(request, pk: int):
    session = hosted_session(request, pk)
    try:
        outcome = report_submit(by=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("execution:session", pk=session.pk)
    if outcome["ok"]:
        warned = len(outcome["findings"])
        text = "执行情况已上报，等待审核。" + (f"有 {warned} 项提示，请查看。" if warned else "")
        messages.success(request, text)
    else:
        messages.error(request, "未能上报：请按下列问题补充后重新上报。")
    return redirect("execution:session", pk=session.pk)


def pdf_response(filename: str, content: bytes) -> HttpResponse:
    return download(content, filename, PDF, inline=False)


def _saved_report(session) -> ExecutionReport:
    report = _report_or_none(session)
    if report is None:
        raise Http404("尚未填写执行情况")
    return report


@login_required
def summary_pdf(request, pk: int):
    session = visible_session(request, pk)
    context = documents.summary_context(_saved_report(session))
    content = render_pdf("execution/pdf/summary.html", context)
    name = f"执行情况总结汇总表-{session.project.number}-第{session.sequence}期.pdf"
    return pdf_response(name, content)


@login_required
def textbooks_pdf(request, pk: int):
    session = visible_session(request, pk)
    context = documents.textbook_context(_saved_report(session))
    content = render_pdf("execution/pdf/textbooks.html", context)
    name = f"教材使用情况简介表-{session.project.number}-第{session.sequence}期.pdf"
    return pdf_response(name, content)
