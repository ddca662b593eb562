"""Campaign pages: the list, opening one, its schedule and each unit's part in it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.audits.domain.campaigns import campaign_close, campaign_open, unit_intake_day_set
from jijiao.audits.forms import CampaignForm, IntakeDayForm
from jijiao.audits.models import AuditCase
from jijiao.audits.queries import campaigns_for_user, cases_for_user, queue_for_user, unit_cases
from jijiao.audits.schedule import schedule_days, slot_targets, unit_day
from jijiao.audits.tasks import task_campaign_export
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.credits.chain import city_office_of
from jijiao.jobs.domain import job_submit
from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit
from jijiao.orgs.views.common import admin_unit_or_none


def _office(request) -> Unit | None:
    """The city office the account opens campaigns for."""
    units = roles.role_units(request.user, Role.CITY_OFFICE)
    return units[0] if units else None


@login_required
def home(request):
    campaigns = list(campaigns_for_user(request.user))
    return render(
        request,
        "audits/home.html",
        {
            "campaigns": campaigns,
            "queue": list(queue_for_user(request.user)[:200]),
            "can_open": _office(request) is not None,
        },
    )


@login_required
def campaign_new(request):
    office = _office(request)
    if office is None:
        raise PermissionDenied("只有市继教办可以开启晋升学分审核")
    form = CampaignForm(request.POST or None, office=office, initial={"policy_id": ""})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_open(
                by=request.user,
                office=office,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                policy_id=form.cleaned_data["policy_id"],
                place=form.cleaned_data["place"],
                slots=form.slots(),
                material=form.material_lines(),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已开启“{campaign.title}”。")
            return redirect("audits:campaign", pk=campaign.pk)
    return render(request, "audits/campaign_form.html", {"form": form, "office": office})


def _unit_part(request, campaign):
    """The unit admin's own part: its slot and day, its candidates."""
    unit = admin_unit_or_none(request)
    if unit is None:
        return None
    try:
        if city_office_of(unit).pk != campaign.office_id:
            return None
    except DomainError:
        return None
    placed = unit_day(campaign, unit)
    return {
        "unit": unit,
        "slot": placed.slot,
        "targets": slot_targets(placed.slot) if placed.slot else "",
        "day": placed.day,
        "chosen": placed.chosen,
        "cases": list(unit_cases(campaign, unit)),
        "day_form": IntakeDayForm(initial={"day": placed.day}),
    }


@login_required
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    slots = list(campaign.slots.prefetch_related("districts"))
    is_city = request.user.has_perm("audits.manage_campaign", campaign)
    seen = cases_for_user(request.user).filter(campaign=campaign)
    status = request.GET.get("status", "")
    if status in AuditCase.Status.values:
        seen = seen.filter(status=status)
    days, unplaced = schedule_days(campaign) if is_city else ([], [])
    return render(
        request,
        "audits/campaign_detail.html",
        {
            "campaign": campaign,
            "slots": [(slot, slot_targets(slot)) for slot in slots],
            "unit_part": _unit_part(request, campaign),
            "is_city": is_city,
            "can_export": request.user.has_perm("audits.export_campaign", campaign),
            "queue": [c for c in queue_for_user(request.user) if c.campaign_id == campaign.pk],
            "cases": list(seen.exclude(status=AuditCase.Status.DRAFT).order_by("unit__name")),
            "statuses": AuditCase.Status.choices,
            "status": status,
            "days": days,
            "unplaced": unplaced,
        },
    )


@require_POST
@login_required
def intake_day(request, pk: int):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    unit = admin_unit_or_none(request)
    form = IntakeDayForm(request.POST)
    if unit is None or not form.is_valid():
        messages.error(request, "请选择送审日期。")
        return redirect("audits:campaign", pk=campaign.pk)
    try:
        chosen = unit_intake_day_set(
            by=request.user, campaign=campaign, unit=unit, day=form.cleaned_data["day"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{unit.name}的送审日期已定为 {chosen.day:%Y-%m-%d}。")
    return redirect("audits:campaign", pk=campaign.pk)


@require_POST
@login_required
def close(request, pk: int):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    try:
        campaign_close(by=request.user, campaign=campaign)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "本次审核已结束。")
    return redirect("audits:campaign", pk=campaign.pk)


@require_POST
@login_required
def campaign_list_export(request, pk: int):
    """The campaign's list as Excel (a sheet per district), made by a background job."""
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    job = job_submit(
        kind="audit_list_export",
        task=task_campaign_export,
        by=request.user,
        organisation=campaign.office,
        permission="audits.export_campaign",
        permission_obj=campaign,
        params={"campaign": campaign.pk, "again": reverse("audits:campaign", args=[campaign.pk])},
    )
    return redirect("jobs:detail", pk=job.pk)
