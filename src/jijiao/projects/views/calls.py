"""Calls: the office's list, opening one, extending or closing it with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.orgs import roles
from jijiao.orgs.models import Unit
from jijiao.policy.access import pack_ids_for_area
from jijiao.projects.domain import calls as call_domain
from jijiao.projects.forms import CallForm, CloseForm, ExtendForm, PaperExtendForm
from jijiao.projects.queries import calls_for_user


@login_required
def call_list(request):
    calls = calls_for_user(request.user)
    if year := request.GET.get("year"):
        calls = calls.filter(year=year)
    if level := request.GET.get("level"):
        calls = calls.filter(level=level)
    return render(request, "projects/call_list.html", {"calls": calls, "now": clock.now()})


@login_required
def call_open(request):
    offices = Unit.objects.filter(pk__in=roles.office_ids(request.user))
    office = offices.order_by("office_level").first()
    if office is None or not request.user.has_perm("projects.open_call", office):
        raise PermissionDenied
    # Offices of the same area a call may route TCM projects to (seed 003 第七条: 中医处).
    others = Unit.objects.filter(kind=Unit.Kind.OFFICE, division_id=office.division_id)
    others = others.exclude(pk=office.pk).order_by("name")
    form = CallForm(
        request.POST or None,
        pack_ids=pack_ids_for_area(office.division_id),
        tcm_offices=others if others.exists() else None,
        initial={"year": clock.today().year, "level": "city", "kind": "project"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            call = call_domain.call_open(by=request.user, office=office, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已发布：{call.title}")
            return redirect("projects:call", pk=call.pk)
    return render(request, "projects/call_form.html", {"form": form, "office": office})


@login_required
def call_detail(request, pk: int):
    call = get_object_or_404(calls_for_user(request.user), pk=pk)
    history = AuditEntry.objects.filter(object_type="projects.call", object_id=str(call.pk))
    return render(
        request,
        "projects/call_detail.html",
        {
            "call": call,
            "can_manage": request.user.has_perm("projects.manage_call", call),
            "extend_form": ExtendForm(),
            "close_form": CloseForm(),
            "paper_form": PaperExtendForm(),
            "history": history.order_by("at"),
            "accepting": call.accepts_at(clock.now()),
        },
    )


@require_POST
@login_required
def call_change(request, pk: int):
    call = get_object_or_404(calls_for_user(request.user), pk=pk)
    action = request.POST.get("action")
    form_class = {"extend": ExtendForm, "paper": PaperExtendForm}.get(action, CloseForm)
    form = form_class(request.POST)
    if not form.is_valid() and action == "paper":
        messages.error(request, "请填写新的纸质材料截止时间和延长原因。")
        return redirect("projects:call", pk=pk)
    if not form.is_valid():
        messages.error(
            request, "请填写" + ("新的截止时间和" if action == "extend" else "") + "原因。"
        )
        return redirect("projects:call", pk=pk)
    try:
        if action == "extend":
            call_domain.call_extend(by=request.user, call=call, **form.cleaned_data)
            messages.success(request, "已延期。")
        elif action == "paper":
            call_domain.call_paper_deadline_extend(by=request.user, call=call, **form.cleaned_data)
            messages.success(request, "已延长纸质材料截止时间。")
        else:
            call_domain.call_close(by=request.user, call=call, **form.cleaned_data)
            messages.success(request, "已提前截止。")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("projects:call", pk=pk)
