"""The office's sanctions page (proposals to confirm or dismiss, the year scan, criticisms) and
the execution record of a unit (also its admin's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.common.decorators import permission_required
from jijiao.common.errors import DomainError
from jijiao.common.pagination import paginate
from jijiao.execution.domain.year_scan import sanctions_scan
from jijiao.execution.forms_standing import CriticismForm, DecideForm, ScanForm, StateFilterForm
from jijiao.execution.standing import unit_record
from jijiao.hosting.domain.sanctions import criticism_enter, sanction_confirm, sanction_dismiss
from jijiao.hosting.models import Criticism, Sanction
from jijiao.hosting.queries import sanctions_for_user
from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit


def _office(request) -> Unit:
    offices = roles.role_units(request.user, *roles.OFFICE_ROLES_SET)
    if not offices:
        raise PermissionDenied
    return offices[0]


@permission_required("execution.view_standing")
def sanctions(request):
    office = _office(request)
    found = sanctions_for_user(request.user)
    form = StateFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["state"]:
            found = found.filter(state=form.cleaned_data["state"])
        if form.cleaned_data["year"]:
            year = form.cleaned_data["year"]
            found = found.filter(first_year__lte=year, last_year__gte=year)
    units = roles.units_in_jurisdiction({office.pk}).exclude(kind=Unit.Kind.OFFICE).order_by("name")
    return render(
        request,
        "execution/standing/sanctions.html",
        {
            "office": office,
            "form": form,
            "proposed": found.filter(state=Sanction.State.PROPOSED).order_by("at", "pk"),
            "page": paginate(request, found.exclude(state=Sanction.State.PROPOSED)),
            "scan_form": ScanForm(),
            "criticism_form": CriticismForm(units=units),
            "criticisms": Criticism.objects.filter(office=office).select_related("unit")[:20],
        },
    )


@require_POST
@login_required
def sanction_decide(request, pk: int):
    sanction = get_object_or_404(sanctions_for_user(request.user), pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择确认或撤销")
        return redirect("execution:sanctions")
    decide = sanction_confirm if form.cleaned_data["action"] == "confirm" else sanction_dismiss
    try:
        decide(by=request.user, sanction=sanction, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, f"{sanction.unit.name}：{error.message}")
    else:
        done = "已确认" if decide is sanction_confirm else "已撤销"
        messages.success(request, f"{done}：{sanction.unit.name} {sanction.effect_text}")
    return redirect("execution:sanctions")


@require_POST
@permission_required("execution.view_standing")
def scan(request):
    form = ScanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写年度并选择政策包")
        return redirect("execution:sanctions")
    try:
        made = sanctions_scan(by=request.user, office=_office(request), **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        year = form.cleaned_data["year"]
        messages.success(request, f"已检查 {year} 年度执行情况，新提出处理建议 {len(made)} 项")
    return redirect("execution:sanctions")


@require_POST
@permission_required("execution.view_standing")
def criticism(request):
    office = _office(request)
    units = roles.units_in_jurisdiction({office.pk})
    form = CriticismForm(request.POST, units=units)
    if not form.is_valid():
        problems = "；".join(
            f"{form.fields[name].label}：{'、'.join(errors)}"
            for name, errors in form.errors.items()
        )
        messages.error(request, f"通报批评未录入（{problems}）")
        return redirect("execution:sanctions")
    try:
        entered = criticism_enter(by=request.user, office=office, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        count = entered.sanctions.count()
        messages.success(request, f"已录入通报批评：{entered.unit.name}，提出处理建议 {count} 项")
    return redirect("execution:sanctions")


@login_required
def unit_standing(request, unit_pk: int):
    """The unit's execution record per year (seed 000 二.4), for the offices over it and its
    own admin."""
    unit = get_object_or_404(Unit.objects.exclude(kind=Unit.Kind.OFFICE), pk=unit_pk)
    own = unit.pk in roles.role_unit_ids(request.user, Role.UNIT_ADMIN)
    if not own and not roles.office_covers_unit(request.user, unit):
        raise PermissionDenied
    return render(
        request,
        "execution/standing/unit.html",
        {"unit": unit, "years": unit_record(unit)},
    )
