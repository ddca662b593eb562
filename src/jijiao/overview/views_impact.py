"""Impact preview pages: started from a pack's page by an office, run as a background job, read
per rule with a drill-down to the decisions that would change, and exported to Excel."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from jijiao.common import clock
from jijiao.common.pagination import paginate
from jijiao.engine.packs.loader import UnknownPack
from jijiao.jobs.domain import job_submit
from jijiao.orgs import roles
from jijiao.orgs.models import Unit
from jijiao.overview.impact import KIND_NAMES
from jijiao.overview.models import ImpactPreview
from jijiao.overview.tasks import task_impact_preview
from jijiao.policy.access import get_policy

LIST_PAGE = 100  # rows a page of a rule's list shows (as the overview's lists)


def _office(request) -> Unit:
    office = Unit.objects.filter(pk__in=roles.office_ids(request.user)).order_by("pk").first()
    if office is None:
        raise PermissionDenied("只有卫生健康行政部门/继教办可以预览政策包的影响")
    return office


@login_required
def impact_start(request, pack_id: str):
    """The pack, the year to preview (last year by default) and the office's earlier previews."""
    office = _office(request)
    try:
        policy = get_policy(pack_id)
    except UnknownPack:
        raise Http404 from None
    this_year = clock.today().year
    years = list(range(this_year, this_year - 6, -1))
    if request.method == "POST":
        raw = request.POST.get("year", "")
        year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year - 1
        job = job_submit(
            kind="impact_preview",
            task=task_impact_preview,
            by=request.user,
            organisation=office,
            permission="overview.preview_impact",
            params={"pack": policy.id, "year": year},
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(
        request,
        "overview/impact_start.html",
        {
            "policy": policy,
            "office": office,
            "years": years,
            "year": this_year - 1,
            "previews": ImpactPreview.objects.filter(office=office, pack_id=policy.id)[:10],
        },
    )


def _preview(request, pk: int) -> ImpactPreview:
    return get_object_or_404(
        ImpactPreview.objects.select_related("job"),
        pk=pk,
        office_id__in=roles.office_ids(request.user),
    )


@login_required
def impact(request, pk: int):
    preview = _preview(request, pk)
    return render(
        request,
        "overview/impact.html",
        {"preview": preview, "policy_title": _title(preview.pack_id)},
    )


@login_required
def impact_rule(request, pk: int, code: str):
    preview = _preview(request, pk)
    rule = next((r for r in preview.rules if r["code"] == code), None)
    if rule is None:
        raise Http404
    page = paginate(request, rule["rows"], per_page=LIST_PAGE)
    rows = [{**row, "kind_name": KIND_NAMES.get(row["kind"], row["kind"])} for row in page]
    return render(
        request,
        "overview/impact_rule.html",
        {
            "preview": preview,
            "rule": rule,
            "rows": rows,
            "page": page,
            "policy_title": _title(preview.pack_id),
        },
    )


def _title(pack_id: str) -> str:
    try:
        return get_policy(pack_id).title
    except UnknownPack:
        return pack_id
