"""我的任务: a person's jobs, one job's page with its self-updating progress, its result.

The pages of the jobs app live in the site shell: they need the person's offices (orgs), which
the jobs app — below orgs, since every app's tasks use it — cannot import."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse

from jijiao.jobs import queries
from jijiao.jobs.progress import job_progress
from jijiao.orgs import roles


def _status_context(job) -> dict:
    done, total, percent = job_progress(job)
    next_url = job.params.get("next_url", "")
    if not next_url and job.params.get("next"):
        try:
            next_url = reverse(job.params["next"])
        except NoReverseMatch:
            next_url = ""
    return {
        "job": job,
        "done": done,
        "total": total,
        "percent": percent,
        "next_url": next_url,
        "next_label": job.params.get("next_label", ""),
        "again_url": job.params.get("again", ""),
    }


def jobs_for_user(user):
    """The jobs ``user`` started, and those of the units under ``user``'s offices."""
    return queries.jobs_for_user(
        user, jurisdiction=roles.units_in_jurisdiction(roles.office_ids(user))
    )


@login_required
def job_list(request):
    jobs = jobs_for_user(request.user)
    page = Paginator(jobs, 50).get_page(request.GET.get("page"))
    rows = [(job, job_progress(job)[2]) for job in page]
    return render(request, "jobs/job_list.html", {"page": page, "rows": rows})


@login_required
def job_detail(request, pk: int):
    job = get_object_or_404(jobs_for_user(request.user), pk=pk)
    return render(request, "jobs/job_detail.html", _status_context(job))


@login_required
def job_status(request, pk: int):
    """The status card alone, polled by htmx every second until the job has finished."""
    job = get_object_or_404(jobs_for_user(request.user), pk=pk)
    return render(request, "jobs/_status.html", _status_context(job))


@login_required
def job_result(request, pk: int):
    job = get_object_or_404(jobs_for_user(request.user), pk=pk, state="done")
    if not job.result:
        raise Http404
    return FileResponse(
        job.result.open("rb"),
        as_attachment=True,
        filename=job.result_name or "result",
        content_type=job.result_type or "application/octet-stream",
    )
