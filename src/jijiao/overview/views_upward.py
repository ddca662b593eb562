"""The office's yearly material for the level above: made by a background job, every made
file kept with when and by whom, downloadable again as it was."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from jijiao.common import clock
from jijiao.common.downloads import XLSX, download_file
from jijiao.jobs.domain import job_submit
from jijiao.orgs import roles
from jijiao.orgs.models import Unit
from jijiao.overview.models import UpwardReport
from jijiao.overview.scope import year_param
from jijiao.overview.tasks import task_upward_report


def _office(request) -> Unit:
    office = Unit.objects.filter(pk__in=roles.office_ids(request.user)).order_by("pk").first()
    if office is None:
        raise PermissionDenied("只有卫生健康行政部门/继教办可以生成年度上报材料")
    return office


@login_required
def upward(request):
    office = _office(request)
    year = year_param(request)
    if request.method == "POST":
        raw = request.POST.get("year", "")
        year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2099 else year
        job = job_submit(
            kind="upward_report",
            task=task_upward_report,
            by=request.user,
            organisation=office,
            permission="overview.make_upward_report",
            params={"year": year},
        )
        return redirect("jobs:detail", pk=job.pk)
    this_year = clock.today().year
    return render(
        request,
        "overview/upward.html",
        {
            "office": office,
            "year": year,
            "years": list(range(this_year, this_year - 10, -1)),
            "reports": UpwardReport.objects.filter(office=office).select_related("made_by"),
        },
    )


@login_required
def upward_file(request, pk: int):
    report = get_object_or_404(UpwardReport, pk=pk, office_id__in=roles.office_ids(request.user))
    return download_file(report.file.open("rb"), report.file_name, XLSX)
