"""The unit admin's review: the unit's submitted applications side by side with their findings,
recommendation within the quota, and the summary of recommended applications (seed 000 附件2)."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.common.confirm import ask, is_confirmed
from jijiao.common.decorators import permission_required
from jijiao.common.documents.excel import xlsx_response
from jijiao.common.errors import DomainError
from jijiao.orgs.views.common import admin_unit
from jijiao.projects.domain.applications import check
from jijiao.projects.domain.unit_review import applications_recommend
from jijiao.projects.facts import RECOMMENDED_OR_LATER
from jijiao.projects.models import Application, Call
from jijiao.projects.queries import applications_for_user, open_calls
from jijiao.projects.views.common import finding_counts

SUMMARY_HEADERS = [
    "序号",
    "项目名称",
    "学科",
    "项目负责人",
    "负责人职称",
    "所在科室",
    "举办方式",
    "举办期数",
    "每期拟招生人数",
    "举办地点",
    "教学对象",
    "教学时数（学时）",
    "申请学分",
    "预审提示",
]


def _unit_calls(unit):
    """Calls the unit takes part in: those with its applications, and those open now."""
    with_applications = Call.objects.filter(applications__unit=unit).exclude(
        applications__state=Application.State.DRAFT
    )
    return (
        (Call.objects.filter(pk__in=with_applications.values("pk")) | open_calls())
        .distinct()
        .order_by("-year", "-opens_at")
    )


def _selected_call(request, calls):
    wanted = request.GET.get("call") or request.POST.get("call")
    if wanted and wanted.isdigit():
        chosen = calls.filter(pk=int(wanted)).first()
        if chosen:
            return chosen
    return calls.first()


@permission_required("projects.view_unit_review")
def unit_applications(request):
    unit = admin_unit(request)
    calls = _unit_calls(unit)
    call = _selected_call(request, calls)
    rows, quota, recommended, tickable = [], None, 0, False
    if call is not None:
        applications = list(
            applications_for_user(request.user)
            .filter(unit=unit, call=call)
            .exclude(state=Application.State.DRAFT)
            .select_related("pi__department")
            .order_by("submitted_at", "pk")
        )
        for application in applications:
            errors, warnings = finding_counts(application.findings)
            rows.append({"a": application, "errors": errors, "warnings": warnings})
        recommended = sum(1 for a in applications if a.state in RECOMMENDED_OR_LATER)
        # The quota is the unit's, whichever application it is read through: also once every
        # application is recommended.
        waiting = next((a for a in applications if a.state == Application.State.SUBMITTED), None)
        basis = waiting or (applications[0] if applications else None)
        if basis is not None:
            quota = check(basis, recommending=True)["result"].get("quota")
        tickable = waiting is not None
    return render(
        request,
        "projects/unit_applications.html",
        {
            "unit": unit,
            "calls": calls,
            "call": call,
            "rows": rows,
            "quota": quota,
            "recommended": recommended,
            "tickable": tickable,
        },
    )


@require_POST
@permission_required("projects.view_unit_review")
def unit_recommend(request):
    unit = admin_unit(request)
    call = _selected_call(request, _unit_calls(unit))
    back = redirect(f"{reverse('projects:unit_applications')}?call={call.pk if call else ''}")
    ids = [int(i) for i in request.POST.getlist("application") if i.isdigit()]
    if call is None or not ids:
        messages.error(request, "请先勾选要推荐的申报项目。")
        return back
    chosen = list(applications_for_user(request.user).filter(Q(pk__in=ids), unit=unit, call=call))
    if len(chosen) != len(set(ids)):
        messages.error(request, "所选申报中有不属于本单位本次申报的项目，未推荐。")
        return back
    if not is_confirmed(request):
        return ask(
            request,
            title="确认推荐",
            consequence=f"将向{call.office.name}推荐本单位 {len(chosen)} 个申报项目；"
            "推荐后本单位不能撤回，只能由继教办退回。",
            details=[f"“{a.name}”（负责人 {a.pi.name}）" for a in chosen],
            back=f"{reverse('projects:unit_applications')}?call={call.pk}",
        )
    try:
        applications_recommend(
            by=request.user,
            call=call,
            unit=unit,
            applications=chosen,
            note=request.POST.get("note", "").strip(),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        names = "、".join(f"“{a.name}”" for a in chosen)
        messages.success(request, f"已推荐 {len(chosen)} 项至继教办：{names}。")
    return back


@permission_required("projects.view_unit_review")
def unit_summary(request):
    """申报汇总表 (seed 000 附件2): the unit's recommended applications of a call, in the order
    they were submitted. The notice prints only the table's title; its columns are the
    application's own fields that the office reads when it ranks the units' projects."""
    unit = admin_unit(request)
    call = _selected_call(request, _unit_calls(unit))
    applications = []
    if call is not None:
        applications = (
            applications_for_user(request.user)
            .filter(unit=unit, call=call, state__in=RECOMMENDED_OR_LATER)
            .select_related("pi__department")
            .order_by("submitted_at", "pk")
        )
    rows = []
    for index, a in enumerate(applications, start=1):
        figures = a.figures or {}
        _, warnings = finding_counts(a.findings)
        rows.append(
            [
                index,
                a.name,
                a.discipline,
                a.pi.name,
                a.pi.title_name or a.pi.title_level,
                a.pi.department.name if a.pi.department_id else "",
                a.get_format_display(),
                a.sessions,
                a.enrollment_per_session,
                a.venue,
                a.target_trainees,
                figures.get("teaching_hours"),
                figures.get("credits"),
                f"{warnings} 条提示" if warnings else "",
            ]
        )
    year = call.year if call else ""
    title = f"申报{year}年{call.get_level_display() if call else ''}继续医学教育线下培训项目汇总表"
    return xlsx_response(f"{title}-{unit.name}.xlsx", "附件2", SUMMARY_HEADERS, rows)
