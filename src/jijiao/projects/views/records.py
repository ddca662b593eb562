"""The office's records pages: other levels' lists and their import, the region's projects,
the units' past projects and their import."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from jijiao.common import clock
from jijiao.common.decorators import permission_required
from jijiao.common.downloads import XLSX, download
from jijiao.common.pagination import paginate
from jijiao.jobs.domain import job_submit
from jijiao.projects import sheets
from jijiao.projects.forms_office import HistoryImportForm, ListImportForm
from jijiao.projects.models import Level
from jijiao.projects.queries import (
    acting_office,
    jurisdiction_units_for_user,
    publication_lists_for_user,
    region_projects_for_user,
)
from jijiao.projects.tasks import task_past_projects_import, task_publication_list_import
from jijiao.records.queries import past_projects_for_user

LIST_EXAMPLE = [
    "2024-03-01-001（国）",
    "心血管疾病诊疗新进展学习班",
    "温州医科大学附属第一医院",
    "张建华",
    "2024-05-10至2024-05-13",
    "温州",
    10,
    "心内科医师",
    150,
    "",
    4,
    "",
]
HISTORY_EXAMPLE = [
    "温州市第一人民医院",
    2024,
    "市级",
    "新立项",
    "2024-03-01-005",
    "基层高血压规范化管理培训班",
    "张建华",
    "是",
    "",
    "",
    120,
    "线下",
]


def _office_or_403(request, permission: str):
    office = acting_office(request.user)
    if office is None or not request.user.has_perm(permission, office):
        raise PermissionDenied
    return office


def _template(filename: str, content: bytes) -> HttpResponse:
    return download(content, filename, XLSX)


@permission_required("projects.view_summaries")
def records_home(request):
    """The office's records and imports; a unit admin sees plans and summaries only."""
    office = acting_office(request.user)
    year = clock.today().year
    return render(
        request,
        "projects/records/home.html",
        {
            "office": office,
            "lists": publication_lists_for_user(request.user).filter(imported=True).count(),
            "past": past_projects_for_user(request.user).count(),
            "year": year,
        },
    )


@permission_required("projects.view_records")
def list_import(request):
    office = _office_or_403(request, "projects.import_list")
    if request.GET.get("template"):
        content = sheets.template_bytes(sheets.LIST_COLUMNS, title="项目名单", example=LIST_EXAMPLE)
        return _template("项目名单导入模板.xlsx", content)
    form = ListImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"year": clock.today().year, "level": Level.NATIONAL},
    )
    if request.method == "POST" and form.is_valid():
        job = job_submit(
            kind="list_import",
            task=task_publication_list_import,
            by=request.user,
            organisation=office,
            permission="projects.import_list",
            params={
                "level": form.cleaned_data["level"],
                "year": form.cleaned_data["year"],
                "title": form.cleaned_data["title"],
                "again": reverse("projects:records_list_import"),
            },
            upload=form.cleaned_data["file"],
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(
        request,
        "projects/records/list_import.html",
        {"form": form, "office": office, "columns": sheets.LIST_COLUMNS},
    )


@permission_required("projects.view_records")
def lists(request):
    publications = (
        publication_lists_for_user(request.user)
        .annotate(count=Count("projects"))
        .select_related("published_by")
    )
    return render(request, "projects/records/lists.html", {"publications": publications})


@permission_required("projects.view_records")
def list_detail(request, pk: int):
    publication = get_object_or_404(publication_lists_for_user(request.user), pk=pk)
    projects = publication.projects.select_related("host").order_by("number")
    return render(
        request,
        "projects/records/list_detail.html",
        {"publication": publication, "page": paginate(request, projects)},
    )


@permission_required("projects.view_records")
def region_projects(request):
    """Every level's projects held in the region for a year, with the count per level."""
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    projects = region_projects_for_user(request.user).filter(year=year)
    counts = dict(projects.values_list("level").annotate(n=Count("pk")))
    level = request.GET.get("level")
    if level in Level.values:
        projects = projects.filter(level=level)
    if text := request.GET.get("q", "").strip():
        projects = projects.filter(name__contains=text)
    return render(
        request,
        "projects/records/region.html",
        {
            "year": year,
            "counts": [(value, label, counts.get(value, 0)) for value, label in Level.choices],
            "page": paginate(request, projects.order_by("level", "number")),
        },
    )


@permission_required("projects.view_records")
def history(request):
    projects = past_projects_for_user(request.user)
    if (year := request.GET.get("year", "")).isdigit():
        projects = projects.filter(year=int(year))
    if (level := request.GET.get("level")) in Level.values:
        projects = projects.filter(level=level)
    if (held := request.GET.get("held")) in ("1", "0"):
        projects = projects.filter(held=held == "1")
    if text := request.GET.get("q", "").strip():
        projects = projects.filter(
            Q(unit__name__contains=text) | Q(name__contains=text) | Q(leader_name=text)
        )
    return render(
        request,
        "projects/records/history.html",
        {"page": paginate(request, projects.order_by("-year", "unit__name", "number"))},
    )


@permission_required("projects.view_records")
def history_import(request):
    office = _office_or_403(request, "projects.import_history")
    if request.GET.get("template"):
        content = sheets.template_bytes(
            sheets.HISTORY_COLUMNS, title="历年项目", example=HISTORY_EXAMPLE
        )
        return _template("历年项目导入模板.xlsx", content)
    units = jurisdiction_units_for_user(request.user).order_by("name")
    form = HistoryImportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        job = job_submit(
            kind="history_import",
            task=task_past_projects_import,
            by=request.user,
            organisation=office,
            permission="projects.import_history",
            params={
                "unit": unit.pk if unit else None,
                "again": reverse("projects:records_history_import"),
            },
            upload=form.cleaned_data["file"],
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(
        request,
        "projects/records/history_import.html",
        {"form": form, "office": office, "columns": sheets.HISTORY_COLUMNS},
    )
