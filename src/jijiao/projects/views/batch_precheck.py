"""The batch precheck: a unit admin checks a workbook of draft applications against the pack of
the open call before recommending them."""

from django.http import HttpResponse
from django.shortcuts import render

from jijiao.common import clock
from jijiao.common.decorators import permission_required
from jijiao.common.documents.excel import XLSX
from jijiao.engine import batch
from jijiao.orgs.views.common import admin_unit_or_none
from jijiao.policy.access import all_pack_ids, resolver
from jijiao.policy.forms import BatchPrecheckForm
from jijiao.projects.queries import open_calls


@permission_required("policy.batch_precheck")
def batch_precheck(request):
    """A unit admin checks a workbook of draft applications before recommending them."""
    if request.GET.get("template"):
        return HttpResponse(
            batch.template_bytes(),
            content_type=XLSX,
            headers={"Content-Disposition": "attachment; filename*=UTF-8''precheck-template.xlsx"},
        )
    open_call = open_calls().filter(kind="project").order_by("-opens_at").first()
    form = BatchPrecheckForm(
        request.POST or None,
        request.FILES or None,
        pack_ids=all_pack_ids(),
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
        outcome = batch.batch_precheck(
            form.cleaned_data["file"].read(),
            policy_id=form.cleaned_data["policy_id"],
            unit=unit_facts,
            submitted_at=clock.now().isoformat(),
            resolver=resolver,
        )
        if outcome.problem:
            problem = outcome.problem
        else:
            response = HttpResponse(outcome.content, content_type=XLSX)
            response["Content-Disposition"] = "attachment; filename*=UTF-8''precheck-result.xlsx"
            return response
    return render(request, "projects/batch_precheck.html", {"form": form, "problem": problem})
