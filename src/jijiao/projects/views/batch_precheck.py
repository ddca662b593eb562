"""The batch precheck: a unit admin checks a workbook of draft applications against the pack of
the open call before recommending them. The check runs as a background job; its result is the
annotated workbook, downloaded from the job's page."""

from django.shortcuts import redirect, render
from django.urls import reverse

from jijiao.common.decorators import permission_required
from jijiao.common.downloads import XLSX, download
from jijiao.engine import batch
from jijiao.jobs.domain import job_submit
from jijiao.orgs.views.common import admin_unit_or_none
from jijiao.policy.access import all_pack_ids, pack_ids_for_area
from jijiao.policy.forms import BatchPrecheckForm
from jijiao.projects.queries import open_calls
from jijiao.projects.tasks import task_batch_precheck


@permission_required("policy.batch_precheck")
def batch_precheck(request):
    """A unit admin checks a workbook of draft applications before recommending them."""
    if request.GET.get("template"):
        return download(batch.template_bytes(), "批量预审模板.xlsx", XLSX)
    open_call = open_calls().filter(kind="project").order_by("-opens_at").first()
    admin_of = admin_unit_or_none(request)
    form = BatchPrecheckForm(
        request.POST or None,
        request.FILES or None,
        pack_ids=pack_ids_for_area(
            admin_of.division_id if admin_of else None,
            current=open_call.policy_id if open_call else None,
        )
        if admin_of
        else all_pack_ids(),
        initial={"policy_id": open_call.policy_id if open_call else "wenzhou-2025"},
    )
    if request.method == "POST" and form.is_valid():
        unit = admin_unit_or_none(request)
        job = job_submit(
            kind="batch_precheck",
            task=task_batch_precheck,
            by=request.user,
            organisation=unit,
            permission="policy.batch_precheck",
            params={
                "policy_id": form.cleaned_data["policy_id"],
                "unit": unit.pk if unit else None,
                "again": reverse("batch_precheck"),
            },
            upload=form.cleaned_data["file"],
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "projects/batch_precheck.html", {"form": form})
