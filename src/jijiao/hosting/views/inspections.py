"""Inspections: the office's draws and assignments, the inspector's phone page, sanctions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.hosting.domain.inspections import (
    inspection_add_photo,
    inspection_assign,
    inspection_draw,
    inspection_record,
    sanction_open,
    supervision,
)
from jijiao.hosting.forms import (
    AssignForm,
    DrawForm,
    InspectionRecordForm,
    PhotoForm,
    SanctionForm,
)
from jijiao.hosting.queries import draws_for_user, inspections_for_user
from jijiao.orgs import roles
from jijiao.orgs.models import Account, Role, Unit


def _inspectors():
    return Account.objects.filter(
        roles__role=Role.INSPECTOR, roles__active=True, is_active=True
    ).distinct()


@login_required
def inspection_home(request):
    offices = Unit.objects.filter(pk__in=roles.office_ids(request.user)).order_by("pk")
    office = offices.first()
    form = DrawForm(request.POST or None, initial={"year": clock.today().year})
    if request.method == "POST":
        if office is None or not request.user.has_perm("hosting.draw_inspections", office):
            raise PermissionDenied
        if form.is_valid():
            try:
                draw = inspection_draw(by=request.user, office=office, **form.cleaned_data)
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(
                    request,
                    f"已从 {len(draw.population)} 期中抽取 {len(draw.sample)} 期，"
                    f"随机种子 {draw.seed}。",
                )
                return redirect("hosting:draw", pk=draw.pk)
    mine = inspections_for_user(request.user).filter(inspector=request.user)
    year = clock.today().year
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
    return render(
        request,
        "hosting/inspection_home.html",
        {
            "office": office,
            "form": form,
            "draws": draws_for_user(request.user),
            "mine": mine,
            "year": year,
            "plan": supervision(office, year) if office else None,
        },
    )


@login_required
def draw_detail(request, pk: int):
    draw = get_object_or_404(draws_for_user(request.user), pk=pk)
    inspectors = _inspectors()
    if request.method == "POST":
        inspection = get_object_or_404(draw.inspections, pk=request.POST.get("inspection"))
        form = AssignForm(request.POST, inspectors=inspectors)
        if form.is_valid():
            try:
                inspector = inspectors.get(pk=form.cleaned_data["inspector"])
                inspection_assign(by=request.user, inspection=inspection, inspector=inspector)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"已分派：{inspection.session}")
        return redirect("hosting:draw", pk=draw.pk)
    return render(
        request,
        "hosting/draw_detail.html",
        {
            "draw": draw,
            "inspections": draw.inspections.select_related(
                "session", "session__project", "inspector"
            ),
            "assign_form": AssignForm(inspectors=inspectors),
        },
    )


@login_required
def inspection_detail(request, pk: int):
    inspection = get_object_or_404(inspections_for_user(request.user), pk=pk)
    can_record = request.user.has_perm("hosting.record_inspection", inspection)
    form = InspectionRecordForm(
        request.POST or None,
        initial={"findings": inspection.findings, "violation": inspection.violation},
    )
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                inspection_record(by=request.user, inspection=inspection, **form.cleaned_data)
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, "督导结果已记录。")
                return redirect("hosting:inspection", pk=inspection.pk)
    return render(
        request,
        "hosting/inspection_detail.html",
        {
            "inspection": inspection,
            "form": form,
            "photo_form": PhotoForm(),
            "sanction_form": SanctionForm(),
            "can_record": can_record,
            "can_sanction": request.user.has_perm("hosting.sanction", inspection)
            and inspection.violation,
            "photos": inspection.photos.all(),
            "sanctions": inspection.sanctions.select_related("person", "unit"),
        },
    )


@require_POST
@login_required
def inspection_photo(request, pk: int):
    inspection = get_object_or_404(inspections_for_user(request.user), pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, uploads.form_message(form, "请选择照片。"))
    else:
        try:
            inspection_add_photo(
                by=request.user, inspection=inspection, upload=form.cleaned_data["photo"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "照片已上传。")
    return redirect("hosting:inspection", pk=inspection.pk)


@require_POST
@login_required
def inspection_sanction(request, pk: int):
    inspection = get_object_or_404(inspections_for_user(request.user), pk=pk)
    form = SanctionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择处理方式并填写处理原因。")
        return redirect("hosting:inspection", pk=inspection.pk)
    try:
        sanction = sanction_open(by=request.user, inspection=inspection, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已作出处理：{sanction}")
    return redirect("hosting:inspection", pk=inspection.pk)
