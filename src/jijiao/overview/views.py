"""The overview pages: a year of the scope at a glance, the list behind each figure, and the
same figures as Excel. The reads are the figures_* modules'; these only pick and render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from jijiao.common import clock
from jijiao.common.downloads import XLSX, download
from jijiao.common.pagination import paginate
from jijiao.common.replica import reporting_view
from jijiao.orgs.models import Person
from jijiao.overview import exports
from jijiao.overview.figures_compliance import compliance_section, people_list
from jijiao.overview.figures_credits import credits_section, entry_list
from jijiao.overview.figures_person import five_years, promotion_window
from jijiao.overview.figures_projects import (
    inspection_list,
    project_list,
    projects_section,
    sanction_list,
    score_list,
    session_list,
)
from jijiao.overview.links import overview_url
from jijiao.overview.lists import LIST_TITLES, list_filters
from jijiao.overview.scope import scope_for


def _context(scope) -> dict:
    this_year = clock.today().year
    return {
        "scope": scope,
        "years": list(range(this_year, this_year - 10, -1)),
        "crumbs": [(label, overview_url(params)) for label, params in scope.breadcrumbs],
    }


@login_required
@reporting_view
def home(request):
    scope = scope_for(request)
    context = _context(scope)
    context.update(
        compliance=compliance_section(scope),
        projects=projects_section(scope),
        credits=credits_section(scope),
        export_query=scope.query(),
    )
    return render(request, "overview/home.html", context)


LIST_PAGE = 100  # rows a page of a list shows; a province's list is paged, never drawn whole
READERS = {
    "people": people_list,
    "projects": project_list,
    "sessions": session_list,
    "scores": score_list,
    "inspections": inspection_list,
    "sanctions": sanction_list,
    "entries": entry_list,
}


@login_required
@reporting_view
def listing(request, what: str):
    if what not in READERS:
        raise Http404("没有该名单")
    scope = scope_for(request)
    filters, described = list_filters(what, request.GET)
    page = paginate(request, READERS[what](scope, **filters), per_page=LIST_PAGE)
    context = _context(scope)
    context.update(
        what=what,
        title=LIST_TITLES[what],
        described=described,
        rows=page,
        page=page,
        total=page.paginator.count,
        back=overview_url(scope.params()),
    )
    return render(request, "overview/list.html", context)


@login_required
@reporting_view
def export(request):
    scope = scope_for(request)
    content = exports.overview_workbook(
        scope, compliance_section(scope), projects_section(scope), credits_section(scope)
    )
    return download(content, f"{scope.title}{scope.year}年度继续医学教育统计.xlsx", XLSX)


@login_required
def mine(request):
    """The signed-in trainee's own five years against the requirement."""
    if not request.user.person_id:
        raise Http404("该账号未关联人员")
    person = get_object_or_404(Person.objects.select_related("unit"), pk=request.user.person_id)
    year = clock.today().year
    window = promotion_window(person)
    five = five_years(person, year, window)
    return render(
        request,
        "overview/mine.html",
        {
            "person": person,
            "year": year,
            "first": five["rows"][0]["year"],
            "five": five,
            "window": window,
        },
    )
