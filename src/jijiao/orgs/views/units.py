"""Unit pages: departments (unit admin), units in a jurisdiction (offices), licence,
deregistration, unit account applications and renames (seed 003 附件3/附件4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.common.downloads import download_file
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.common.pagination import paginate
from jijiao.orgs import roles
from jijiao.orgs.domain import units as unit_domain
from jijiao.orgs.domain.application_rules import month_text, rules_for, too_early
from jijiao.orgs.forms import (
    ApproveUnitApplicationForm,
    CategoryForm,
    DepartmentForm,
    LicenceForm,
    ReasonForm,
    RenameForm,
    UnitAccountApplicationForm,
)
from jijiao.orgs.models import Unit, UnitRenameRequest
from jijiao.orgs.queries import unit_applications_for_user, units_for_user
from jijiao.orgs.views.common import admin_unit


@login_required
def department_list(request):
    unit = admin_unit(request)
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit_domain.department_create(
                by=request.user, unit=unit, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "科室已添加。")
            return redirect("orgs:departments")
    departments = unit.departments.all()
    return render(
        request,
        "orgs/department_list.html",
        {"unit": unit, "departments": departments, "form": form},
    )


@login_required
def unit_list(request):
    queryset = units_for_user(request.user).exclude(kind=Unit.Kind.OFFICE)
    if q := request.GET.get("q"):
        queryset = queryset.filter(name__contains=q)
    if status := request.GET.get("licence_status"):
        queryset = queryset.filter(licence_status=status)
    if division := request.GET.get("division"):
        queryset = queryset.filter(division_id=division)
    return render(
        request,
        "orgs/unit_list.html",
        {
            "page": paginate(request, queryset),
            "statuses": Unit.Licence.choices,
            "query": request.GET,
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(units_for_user(request.user), pk=pk)
    licence_form = LicenceForm(request.POST or None, initial={"status": unit.licence_status})
    if request.method == "POST" and licence_form.is_valid():
        try:
            unit_domain.unit_set_licence_status(
                by=request.user,
                unit=unit,
                status=licence_form.cleaned_data["status"],
                reason=licence_form.cleaned_data["reason"],
            )
        except DomainError as error:
            form_error(licence_form, error)
        else:
            messages.success(request, "执业状态已更新。")
            return redirect("orgs:unit", pk=pk)
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "people_count": unit.people.count(),
            "people": unit.people.select_related("department")[:200],
            "licence_form": licence_form,
            "category_form": CategoryForm(initial={"category": unit.category}),
            "can_edit": request.user.has_perm("orgs.edit_unit", unit),
            "can_force": request.user.has_perm("orgs.force_transfer", unit),
            "rename_form": RenameForm(),
            "can_request_rename": request.user.has_perm("orgs.request_unit_rename", unit),
        },
    )


@require_POST
@login_required
def unit_category(request, pk: int):
    """An office records the unit's category (城区、郊区、县、乡镇)."""
    unit = get_object_or_404(units_for_user(request.user), pk=pk)
    form = CategoryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "单位类别无效。")
        return redirect("orgs:unit", pk=pk)
    try:
        unit_domain.unit_set_category(
            by=request.user, unit=unit, category=form.cleaned_data["category"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "单位类别已更新。")
    return redirect("orgs:unit", pk=pk)


@require_POST
@login_required
def unit_deregister(request, pk: int):
    unit = get_object_or_404(units_for_user(request.user), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "注销须填写原因。")
        return redirect("orgs:unit", pk=pk)
    try:
        unit_domain.unit_deregister(by=request.user, unit=unit, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{unit.name} 已注销。")
    return redirect("orgs:unit", pk=pk)


@require_POST
@login_required
def unit_rename_request(request, pk: int):
    unit = get_object_or_404(units_for_user(request.user), pk=pk)
    form = RenameForm(request.POST)
    if form.is_valid():
        try:
            unit_domain.unit_rename_request(by=request.user, unit=unit, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "更名申请已提交，等待市继教办办理。")
    else:
        messages.error(request, "请填写新名称和更名原因。")
    return redirect("orgs:unit", pk=pk)


def unit_application_submit(request):
    """Public: a unit applies for its admin account (附件3)."""
    form = UnitAccountApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields, scans = form.fields_and_scans()
        try:
            application = unit_domain.unit_account_application_submit(**fields, scans=scans)
        except DomainError as error:
            form_error(form, error)
        else:
            return render(
                request,
                "orgs/unit_application_done.html",
                {
                    "application": application,
                    "month": month_text(application.handled_from)
                    if application.handled_from
                    else "",
                    "rules": rules_for(application.division_id),
                },
            )
    return render(request, "orgs/unit_application_form.html", {"form": form})


@login_required
def unit_application_list(request):
    if not roles.office_ids(request.user):
        raise PermissionDenied
    applications = unit_applications_for_user(request.user)
    if state := request.GET.get("state"):
        applications = applications.filter(state=state)
    page = paginate(request, applications)
    for application in page:
        application.can_decide = request.user.has_perm(
            "orgs.decide_unit_account_application", application
        )
        application.waits = too_early(application)
        application.can_forward = request.user.has_perm(
            "orgs.forward_unit_account_application", application
        )
    renames = UnitRenameRequest.objects.filter(state="submitted").select_related("unit")
    renames = [r for r in renames if request.user.has_perm("orgs.rename_unit", r.unit)]
    offices = units_for_user(request.user).filter(kind=Unit.Kind.OFFICE)
    return render(
        request,
        "orgs/unit_application_list.html",
        {
            "page": page,
            "renames": renames,
            "approve_form": ApproveUnitApplicationForm(offices=offices),
        },
    )


@require_POST
@login_required
def unit_application_decide(request, pk: int):
    application = get_object_or_404(unit_applications_for_user(request.user), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "forward":
            unit_domain.unit_account_application_forward(by=request.user, application=application)
            messages.success(request, "已转报市继教办。")
        elif action == "reject":
            unit_domain.unit_account_application_reject(
                by=request.user, application=application, note=request.POST.get("note", "")
            )
            messages.success(request, "已退回。")
        else:
            offices = units_for_user(request.user).filter(kind=Unit.Kind.OFFICE)
            form = ApproveUnitApplicationForm(request.POST, offices=offices)
            if not form.is_valid():
                messages.error(request, "请选择上级主管部门并填写管理员用户名。")
                return redirect("orgs:unit_applications")
            _unit, account, password = unit_domain.unit_account_application_approve(
                by=request.user, application=application, **form.cleaned_data
            )
            return render(
                request, "orgs/password_issued.html", {"account": account, "password": password}
            )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("orgs:unit_applications")


@login_required
def unit_application_scan(request, pk: int, scan_pk: int):
    """A scan sent with an application, for the offices that forward or decide it."""
    application = get_object_or_404(unit_applications_for_user(request.user), pk=pk)
    user = request.user
    if not (
        user.has_perm("orgs.decide_unit_account_application", application)
        or user.has_perm("orgs.forward_unit_account_application", application)
    ):
        raise PermissionDenied
    scan = get_object_or_404(application.scans, pk=scan_pk)
    return download_file(scan.file.open("rb"), scan.name, scan.content_type)


@require_POST
@login_required
def unit_rename_approve(request, pk: int):
    rename = get_object_or_404(UnitRenameRequest, pk=pk)
    try:
        unit_domain.unit_rename_approve(by=request.user, request=rename)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已更名为 {rename.new_name}。")
    return redirect("orgs:unit_applications")
