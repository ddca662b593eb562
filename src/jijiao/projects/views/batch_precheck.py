"""The batch precheck: a unit admin checks a workbook of draft applications against the pack of
the open call before recommending them."""

from django.shortcuts import render

from jijiao.common import clock
from jijiao.common.decorators import permission_required
from jijiao.common.downloads import XLSX, download
from jijiao.engine import batch
from jijiao.orgs.views.common import admin_unit_or_none
from jijiao.policy.access import all_pack_ids, pack_ids_for_area
from jijiao.policy.forms import BatchPrecheckForm
from jijiao.projects.batch_precheck import batch_precheck_file
from jijiao.projects.queries import open_calls


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
    problem = ""
    if request.method == "POST" and form.is_valid():
        unit = admin_unit_or_none(request)
        unit_facts = {}
        if unit is not None:
            unit_facts = {
                "name": unit.name,
                "licence_status": unit.licence_status,
                "is_medical": unit.is_medical,
            }
        outcome = batch_precheck_file(
            form.cleaned_data["file"],
            policy_id=form.cleaned_data["policy_id"],
            unit=unit_facts,
            submitted_at=clock.now().isoformat(),
        )
        if outcome.problem:
            problem = outcome.problem
        else:
            return download(outcome.content, "批量预审结果.xlsx", XLSX)
    return render(request, "projects/batch_precheck.html", {"form": form, "problem": problem})
