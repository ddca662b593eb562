"""The public list of published projects (no login): filters and the Excel of the national list."""

from django.db.models import Q
from django.shortcuts import render

from jijiao.common.documents.excel import xlsx_response
from jijiao.common.pagination import paginate
from jijiao.projects.models import Level
from jijiao.projects.queries import published_projects

# The columns of the national list (全继委办发〔2024〕3号 附件), in its order. Never the PI's phone.
EXPORT_HEADERS = [
    "项目编号",
    "项目名称",
    "申办单位",
    "项目负责人",
    "举办起止日期",
    "举办地点",
    "授予学分",
    "教学对象",
    "拟招生人数",
    "备注",
]


def _filtered(query):
    queryset = published_projects()
    if query.get("level") in Level.values:
        queryset = queryset.filter(level=query["level"])
    if query.get("year", "").isdigit():
        queryset = queryset.filter(year=int(query["year"]))
    if discipline := query.get("discipline", "").strip():
        queryset = queryset.filter(discipline__startswith=discipline)
    if unit := query.get("unit", "").strip():
        queryset = queryset.filter(host_name__contains=unit)
    if text := query.get("q", "").strip():
        queryset = queryset.filter(
            Q(name__contains=text)
            | Q(number__contains=text)
            | Q(leader_name__contains=text)
            | Q(host_name__contains=text)
        )
    return queryset.order_by("-year", "level", "number")


def _credits(value) -> int | float | None:
    """A number cell (2.5, 10), so the list sorts and sums in Excel; empty when not given."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def public_list(request):
    queryset = _filtered(request.GET)
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                p.number,
                p.name,
                p.host_name,
                p.leader_name,
                p.dates,
                p.venue,
                _credits(p.credits),
                p.audience,
                p.enrollment,
                p.note,
            ]
            for p in queryset
        ]
        return xlsx_response("继续医学教育项目公布名单.xlsx", "项目名单", EXPORT_HEADERS, rows)
    years = published_projects().order_by("-year").values_list("year", flat=True).distinct()
    return render(
        request,
        "projects/public_list.html",
        {
            "page": paginate(request, queryset),
            "levels": Level.choices,
            "years": list(years),
            "query": request.GET,
        },
    )
