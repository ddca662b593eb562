"""Eligibility (the list of who earns credit, with the ATT_* codes), its Excel, the watch-log
import and corrections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.attendance.domain.corrections import correction_decide, correction_record
from jijiao.attendance.exports import eligibility_rows
from jijiao.attendance.facts import eligibility
from jijiao.attendance.forms import CorrectionForm, WatchLogForm
from jijiao.attendance.models import AttendanceCorrection, Registration, WatchImport
from jijiao.attendance.tasks import task_eligibility_export, task_watchlog_import
from jijiao.attendance.views.host import hosted
from jijiao.attendance.views.trainee import session_or_404
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.jobs.domain import job_submit


@login_required
def eligibility_view(request, pk: int):
    session = session_or_404(request, pk)
    if not request.user.has_perm("attendance.view", session):
        raise PermissionDenied
    if request.method == "POST":  # the Excel, made by a background job
        job = job_submit(
            kind="eligibility_export",
            task=task_eligibility_export,
            by=request.user,
            organisation=session.project.host,
            permission="attendance.view",
            permission_obj=session,
            params={
                "session": session.pk,
                "again": reverse("attendance:eligibility", args=[session.pk]),
            },
        )
        return redirect("jobs:detail", pk=job.pk)
    report = eligibility(session)
    rows = report["rows"]
    return render(
        request,
        "attendance/eligibility.html",
        {
            "session": session,
            "report": report,
            "rows": eligibility_rows(report),
            "eligible": sum(1 for r in rows if r.eligible),
            "ineligible": sum(1 for r in rows if not r.eligible),
            "can_manage": request.user.has_perm("attendance.manage", session),
        },
    )


@login_required
def watchlog_view(request, pk: int):
    session = hosted(request, pk)
    form = WatchLogForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if session.format == "offline":
            form.add_error(None, f"{session} 为线下举办，不导入在线观看记录")
        else:
            job = job_submit(
                kind="watch_log_import",
                task=task_watchlog_import,
                by=request.user,
                organisation=session.project.host,
                permission="attendance.manage",
                permission_obj=session,
                params={
                    "session": session.pk,
                    "again": reverse("attendance:watchlog", args=[session.pk]),
                },
                upload=form.cleaned_data["log"],
            )
            return redirect("jobs:detail", pk=job.pk)
    return render(
        request,
        "attendance/watchlog.html",
        {
            "session": session,
            "form": form,
            "last": WatchImport.objects.filter(session=session).first(),
        },
    )


@login_required
def corrections_view(request, pk: int):
    session = hosted(request, pk)
    people = [
        r.person
        for r in Registration.objects.filter(
            session=session, state=Registration.State.REGISTERED
        ).select_related("person")
    ]
    form = CorrectionForm(request.POST or None, request.FILES or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = next(p for p in people if p.pk == data.pop("person"))
        try:
            correction_record(by=request.user, session=session, person=person, **data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                f"已登记 {person.name} 的考勤更正，"
                "待单位（登记人以外的单位管理员）审核同意后计入名单。",
            )
            return redirect("attendance:corrections", pk=session.pk)
    corrections = AttendanceCorrection.objects.filter(session=session).select_related(
        "person", "by", "decided_by"
    )
    return render(
        request,
        "attendance/corrections.html",
        {
            "session": session,
            "form": form,
            "corrections": corrections,
            "can_approve": request.user.has_perm("attendance.approve_correction", session),
        },
    )


@require_POST
@login_required
def correction_decide_view(request, pk: int, correction_pk: int):
    session = hosted(request, pk)
    correction = get_object_or_404(AttendanceCorrection, pk=correction_pk, session=session)
    approve = request.POST.get("action") == "approve"
    try:
        correction_decide(
            by=request.user,
            correction=correction,
            approve=approve,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"已同意 {correction.person.name} 的考勤更正，名单已按规则重新计算。"
            if approve
            else f"已不同意 {correction.person.name} 的考勤更正。",
        )
    return redirect("attendance:corrections", pk=session.pk)
