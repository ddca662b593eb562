"""The offices' review of a report, and retrying its grant."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.common.confirm import ask, is_confirmed
from jijiao.common.errors import DomainError
from jijiao.execution.domain.review import report_grant, report_review
from jijiao.execution.facts import attendee_rows, eligible_people
from jijiao.execution.forms import ReviewForm
from jijiao.execution.tasks import task_certificates_zip
from jijiao.execution.views.common import visible_session
from jijiao.jobs.domain import job_submit

DONE = {
    "accepted": "执行情况审核通过。",
    "submitted": "已审核通过，转下一级审核。",
    "returned": "已退回修改。",
    "rejected": "已审核不通过。",
}


@require_POST
@login_required
def review(request, pk: int):
    session = visible_session(request, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    action = request.POST.get("action", "")
    if action == "accept" and not is_confirmed(request):
        project = session.project
        attendees = len(eligible_people(attendee_rows(session)))
        credits = f"{project.credits} 学分" if project.credits is not None else "学分"
        return ask(
            request,
            title="确认审核通过执行情况",
            consequence=f"审核通过“{project.name}”第 {session.sequence} 期的执行情况后，"
            f"将为符合条件的 {attendees} 名学员授予 {credits}，授予后只能作废，不能撤回。",
            back=reverse("execution:session", args=[session.pk]),
        )
    try:
        report = report_review(
            by=request.user, session=session, action=action, note=form.cleaned_data.get("note", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("execution:session", pk=session.pk)
    text = DONE.get(report.state, "已审核。")
    if report.state == "accepted":
        if report.credited:
            text += f"已为 {report.grant.get('attendees', 0)} 名学员授予学分。"
        elif report.no_credit_reason:
            text += report.no_credit_reason
    messages.success(request, text)
    return redirect("execution:session", pk=session.pk)


@require_POST
@login_required
def grant(request, pk: int):
    session = visible_session(request, pk)
    try:
        outcome = report_grant(by=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if outcome is None:
            messages.warning(request, "按政策包不授予学分，见本页说明。")
        else:
            created, existing = len(outcome.created), len(outcome.existing)
            messages.success(
                request, f"授分完成：新增 {created} 条，已有 {existing} 条未重复授予。"
            )
    return redirect("execution:session", pk=session.pk)


@require_POST
@login_required
def certificates_zip(request, pk: int):
    """All the session's certificates as one zip, made by a background job."""
    session = visible_session(request, pk)
    job = job_submit(
        kind="certificates_zip",
        task=task_certificates_zip,
        by=request.user,
        organisation=session.project.host,
        permission="execution.view_report",
        permission_obj=session,
        params={
            "session": session.pk,
            "site_url": request.build_absolute_uri("/"),
            "again": reverse("execution:session", args=[session.pk]),
        },
    )
    return redirect("jobs:detail", pk=job.pk)
