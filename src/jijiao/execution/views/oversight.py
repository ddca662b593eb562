"""The office's annual assessment of its units (table, Excel, a PDF per unit) and the yearly
work reports (the office's list with deadlines; each unit's and district's own to submit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.common import clock
from jijiao.common.decorators import permission_required
from jijiao.common.documents.excel import xlsx_response
from jijiao.common.documents.pdf import render_pdf
from jijiao.common.downloads import PDF, download
from jijiao.common.errors import DomainError
from jijiao.execution.domain.oversight import (
    assessments_compute,
    work_report_submit,
    work_reports_open,
)
from jijiao.execution.forms_standing import ScanForm, WorkReportForm, YearForm
from jijiao.execution.models import Assessment, WorkReport
from jijiao.execution.views.standing import _office
from jijiao.orgs import roles
from jijiao.orgs.models import Role

HEADERS = [
    "单位",
    "年度",
    "获批项目",
    "已举办",
    "未举办（无正当理由）",
    "未举办（理由正当）",
    "执行情况未登记",
    "执行率(%)",
    "扣分合计",
    "扣分事由",
]


def _year(request) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("year"):
        return form.cleaned_data["year"]
    return clock.today().year - 1


def _rows(items) -> list[list]:
    return [
        [
            a.unit.name,
            a.year,
            a.approved,
            a.held,
            a.not_held,
            a.excused,
            a.pending,
            "—" if a.rate is None else str(a.rate),
            str(a.points_off),
            "；".join(f"{d['reason']}（{d['points']} 分）" for d in a.deductions),
        ]
        for a in items
    ]


@permission_required("execution.view_standing")
def assessments(request):
    office = _office(request)
    year = _year(request)
    items = Assessment.objects.filter(
        roles.jurisdiction_q({office.pk}, prefix="unit__"), year=year
    ).select_related("unit", "computed_by")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{year}年度单位继续医学教育考核.xlsx", f"{year}年度考核", HEADERS, _rows(items)
        )
    return render(
        request,
        "execution/standing/assessments.html",
        {"year": year, "items": items, "form": YearForm(initial={"year": year})},
    )


@require_POST
@permission_required("execution.view_standing")
def assessments_compute_view(request):
    form = YearForm(request.POST)
    if not form.is_valid() or not form.cleaned_data.get("year"):
        messages.error(request, "请填写考核年度")
        return redirect("execution:assessments")
    year = form.cleaned_data["year"]
    try:
        made = assessments_compute(by=request.user, office=_office(request), year=year)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已计算 {year} 年度 {len(made)} 家单位的考核")
    return redirect(f"{reverse('execution:assessments')}?year={year}")


@login_required
def assessment_pdf(request, pk: int):
    assessment = get_object_or_404(Assessment.objects.select_related("unit", "office"), pk=pk)
    own = assessment.unit_id in roles.role_unit_ids(request.user, Role.UNIT_ADMIN)
    if not own and not roles.office_covers_unit(request.user, assessment.unit):
        raise PermissionDenied
    title = f"{assessment.unit.name} {assessment.year} 年度继续医学教育项目工作考核"
    content = render_pdf(
        "execution/pdf/assessment.html", {"assessment": assessment, "title": title}
    )
    return download(content, f"{title}.pdf", PDF)


@login_required
def work_reports(request):
    """The office's list of the year's work reports with their deadlines; a unit's admin or a
    district's office sees and submits its own."""
    office_ids = roles.office_ids(request.user)
    own_ids = roles.role_unit_ids(request.user, Role.UNIT_ADMIN) | office_ids
    if not own_ids:
        raise PermissionDenied
    year = _year(request)
    asked = WorkReport.objects.filter(year=year).select_related("unit", "submitted_by")
    overseen = asked.filter(office_id__in=office_ids)
    own = asked.filter(Q(unit_id__in=own_ids) & ~Q(office_id__in=office_ids))
    return render(
        request,
        "execution/standing/work_reports.html",
        {
            "year": year,
            "form": YearForm(initial={"year": year}),
            "overseen": overseen,
            "own": own,
            "is_office": bool(office_ids),
            "open_form": ScanForm(initial={"year": year}),
            "submit_form": WorkReportForm(),
            "today": clock.today(),
        },
    )


@require_POST
@permission_required("execution.view_standing")
def work_reports_open_view(request):
    form = ScanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写年度并选择政策包")
        return redirect("execution:work_reports")
    year = form.cleaned_data["year"]
    try:
        made = work_reports_open(by=request.user, office=_office(request), **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已向 {len(made)} 家单位和区县发起 {year} 年度工作报告")
    return redirect(f"{reverse('execution:work_reports')}?year={year}")


@require_POST
@login_required
def work_report_submit_view(request, pk: int):
    report = get_object_or_404(WorkReport, pk=pk)
    form = WorkReportForm(request.POST)
    text = form.data.get("text", "")
    try:
        work_report_submit(by=request.user, report=report, text=text)
    except DomainError as error:
        messages.error(request, f"{report.year} 年度工作报告未报送：{error.message}")
    else:
        messages.success(request, f"已报送 {report.year} 年度继续医学教育工作报告")
    return redirect(f"{reverse('execution:work_reports')}?year={report.year}")
