"""People pages: list with filters and Excel export, detail, add, edit, import, confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.common import idnumbers
from jijiao.common.decorators import permission_required
from jijiao.common.documents.excel import xlsx_response
from jijiao.common.downloads import XLSX, download
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.common.pagination import paginate
from jijiao.jobs.domain import job_submit
from jijiao.orgs import staff_sheet
from jijiao.orgs.domain import people
from jijiao.orgs.forms import ImportForm, PersonForm, TransferOutForm
from jijiao.orgs.models import Person
from jijiao.orgs.queries import pending_transfer_for, people_for_user, people_search
from jijiao.orgs.tasks import task_people_import
from jijiao.orgs.views.common import admin_unit, admin_unit_or_none

FILTERS = ("q", "department", "title_level", "confirmed", "status")


def _filtered(request):
    queryset = people_search(people_for_user(request.user), request.GET.get("q", ""))
    if id_hash := request.GET.get("idh"):
        queryset = queryset.filter(id_hash=id_hash)
    if department := request.GET.get("department"):
        queryset = queryset.filter(department_id=department)
    if level := request.GET.get("title_level"):
        queryset = queryset.filter(title_level=level)
    if request.GET.get("confirmed") == "no":
        queryset = queryset.filter(confirmed_by_unit=False)
    if status := request.GET.get("status"):
        queryset = queryset.filter(employment_status=status)
    return queryset.order_by("unit__name", "name", "id")


@permission_required("orgs.view_people_list")
def person_list(request):
    if request.method == "POST":
        return _search_without_the_number_in_the_url(request)
    queryset = _filtered(request)
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                p.name,
                p.id_masked,
                p.get_sex_display(),
                p.birth_date,
                p.unit or "",
                p.department or "",
                p.title_series,
                p.title_level,
                p.title_name,
                p.specialty,
                p.phone,
                p.get_employment_status_display(),
            ]
            for p in queryset
        ]
        headers = [
            "姓名",
            "身份证号",
            "性别",
            "出生日期",
            "单位",
            "科室",
            "职称系列",
            "职称级别",
            "职称名称",
            "专业",
            "手机号",
            "状态",
        ]
        return xlsx_response("人员名单.xlsx", "人员名单", headers, rows)
    unit = admin_unit_or_none(request)
    departments = list(unit.departments.all()) if unit else []
    return render(
        request,
        "orgs/person_list.html",
        {
            "page": paginate(request, queryset),
            "departments": departments,
            "admin_unit": unit,
            "levels": Person.TitleLevel.choices,
            "statuses": Person.Employment.choices,
            "query": request.GET,
        },
    )


def _search_without_the_number_in_the_url(request):
    """The filter form is POSTed: a full ID number typed into it becomes its keyed lookup hash
    (``idh``) in the list's address, so the number never enters a URL — not the browser's
    history, not a proxy's or the server's access log, not a Referer."""
    query = QueryDict(mutable=True)
    for name in FILTERS:
        if value := request.POST.get(name, "").strip():
            query[name] = value
    if idnumbers.is_valid(query.get("q", "")):
        query["idh"] = idnumbers.lookup_hash(query.pop("q")[0])
    return redirect(f"{reverse('orgs:people')}?{query.urlencode()}")


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(people_for_user(request.user), pk=pk)
    return render(
        request,
        "orgs/person_detail.html",
        {
            "person": person,
            "pending_transfer": pending_transfer_for(person),
            "employments": person.employments.select_related("unit"),
            "transfer_form": TransferOutForm(),
            "can_edit": request.user.has_perm("orgs.change_person", person),
            "can_transfer": request.user.has_perm("orgs.transfer_out", person),
            "can_confirm": not person.confirmed_by_unit
            and request.user.has_perm("orgs.confirm_trainee", person),
        },
    )


@login_required
def person_create(request):
    unit = admin_unit(request)
    form = PersonForm(request.POST or None, unit=unit, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            person = people.person_create(
                by=request.user,
                unit=unit,
                id_number=form.cleaned_data["id_number"],
                department=form.cleaned_data["department"],
                **form.person_fields(),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已添加 {person.name}。")
            return redirect("orgs:person", pk=person.pk)
    return render(
        request, "orgs/person_form.html", {"form": form, "unit": unit, "title": "新增人员"}
    )


@login_required
def person_edit(request, pk: int):
    person = get_object_or_404(people_for_user(request.user), pk=pk)
    if not request.user.has_perm("orgs.change_person", person):
        raise PermissionDenied
    initial = {f: getattr(person, f) for f in people.PERSON_FIELDS}
    initial["department"] = person.department
    form = PersonForm(request.POST or None, unit=person.unit, creating=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.person_fields()
        fields.pop("name", None)
        try:
            people.person_update(
                by=request.user,
                person=person,
                department=form.cleaned_data["department"],
                name=form.cleaned_data["name"],
                **{k: v for k, v in fields.items() if k in people.PERSON_FIELDS},
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect("orgs:person", pk=person.pk)
    return render(
        request,
        "orgs/person_form.html",
        {"form": form, "unit": person.unit, "title": "修改人员信息"},
    )


@login_required
def person_import(request):
    unit = admin_unit(request)
    if not request.user.has_perm("orgs.import_people", unit):
        raise PermissionDenied
    if request.GET.get("template"):
        content = staff_sheet.template_bytes([d.name for d in unit.departments.filter(active=True)])
        return download(content, "人员名单导入模板.xlsx", XLSX)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_submit(
            kind="people_import",
            task=task_people_import,
            by=request.user,
            organisation=unit,
            permission="orgs.import_people",
            params={
                "next": "orgs:people",
                "next_label": "查看人员名单",
                "again": reverse("orgs:person_import"),
            },
            upload=form.cleaned_data["file"],
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "orgs/person_import.html", {"form": form, "unit": unit})


@require_POST
@login_required
def person_confirm(request, pk: int):
    person = get_object_or_404(people_for_user(request.user), pk=pk)
    try:
        people.person_confirm(by=request.user, person=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已确认 {person.name} 为本单位人员。")
    return redirect("orgs:person", pk=pk)
