"""The yearly execution summaries (seed 000 附件3/附件4) with the reports' results: the office's
overview of its units and each unit's form, as Excel."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from jijiao.common import clock
from jijiao.common.decorators import permission_required
from jijiao.common.documents.excel import XLSX, xlsx_response
from jijiao.common.downloads import download
from jijiao.execution.summaries import unit_summary, year_summaries
from jijiao.projects.forms_office import SummaryForm
from jijiao.projects.models import Level
from jijiao.projects.summaries import OVERVIEW_HEADERS, overview_rows, summary_xlsx
from jijiao.records.queries import record_units_for_user


def _year_and_level(request) -> tuple[int, str]:
    form = SummaryForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["year"], form.cleaned_data["level"]
    return clock.today().year, Level.CITY


@permission_required("projects.view_summaries")
def overview(request):
    units = record_units_for_user(request.user)
    year, level = _year_and_level(request)
    items = year_summaries(units, year, level)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{year}年{Level(level).label}项目执行情况汇总.xlsx",
            f"{year}年执行情况",
            OVERVIEW_HEADERS,
            overview_rows(items),
        )
    return render(
        request,
        "execution/summaries.html",
        {
            "form": SummaryForm(initial={"year": year, "level": level}),
            "year": year,
            "level": level,
            "rows": list(zip(items, overview_rows(items), strict=True)),
            "headers": OVERVIEW_HEADERS,
        },
    )


@permission_required("projects.view_summaries")
def unit_form(request, unit_pk: int):
    unit = get_object_or_404(record_units_for_user(request.user), pk=unit_pk)
    if not request.user.has_perm("projects.view_summary", unit):
        raise PermissionDenied
    year, level = _year_and_level(request)
    content = summary_xlsx(unit_summary(unit, year, level))
    filename = f"{unit.name}{year}年度{Level(level).label}项目举办情况汇总表.xlsx"
    return download(content, filename, XLSX)
