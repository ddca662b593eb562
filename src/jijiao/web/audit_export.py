"""Starting the audit log's export: the audit log sits below the jobs app, so the page that
starts its job is the site shell's (the search form's fields go with the job)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.audit_log.queries import SEARCH
from jijiao.jobs.domain import job_submit
from jijiao.web.tasks import task_audit_log_export, task_audit_log_verify


@require_POST
@login_required
def audit_log_export(request):
    """The entries the search found, as Excel, made by a background job that only its starter
    sees (no organisation: the offices above see nothing of the audit log)."""
    query = {key: request.POST.get(key, "").strip()[:100] for key in SEARCH}
    job = job_submit(
        kind="audit_log_export",
        task=task_audit_log_export,
        by=request.user,
        organisation=None,
        permission="audit_log.view",
        params={**query, "again": reverse("audit_log:entries")},
    )
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@login_required
def audit_log_verify(request):
    """The audit admin checks the chain now, as a background job (the walk reads every entry)."""
    job = job_submit(
        kind="audit_log_verify",
        task=task_audit_log_verify,
        by=request.user,
        organisation=None,
        permission="audit_log.verify",
    )
    return redirect("jobs:detail", pk=job.pk)
