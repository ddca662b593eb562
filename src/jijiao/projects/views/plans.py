"""City training plans (seed 003 第十一条, 附件2): the unit fills and submits its half-year plan,
the office approves rows as projects."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.common import clock
from jijiao.common.decorators import permission_required
from jijiao.common.documents.excel import xlsx_response
from jijiao.common.errors import DomainError
from jijiao.orgs import roles
from jijiao.orgs.views.common import admin_unit_or_none
from jijiao.projects.domain import plans as plan_domain
from jijiao.projects.forms_office import PlanRowFormSet
from jijiao.projects.models import PlanRow, TrainingPlan
from jijiao.projects.queries import plan_calls_for_user, plans_for_user

PLAN_HEADERS = [
    "序号",
    "填报单位",
    "培训名称",
    "培训内容",
    "培训对象",
    "培训时间",
    "培训地点",
    "培训人数",
    "承办单位",
    "培训方式",
    "拟授学分",
    "备注",
    "审核结果",
    "项目编号",
]
ROW_FIELDS = (
    "name",
    "content",
    "audience",
    "time_text",
    "place",
    "numbers",
    "organiser",
    "format",
    "credits",
    "note",
)


@permission_required("projects.view_plans")
def plan_list(request):
    calls = plan_calls_for_user(request.user).annotate(
        submitted=Count("plans", filter=~Q(plans__state=TrainingPlan.State.DRAFT))
    )
    unit = admin_unit_or_none(request)
    mine = {p.call_id: p for p in plans_for_user(request.user).filter(unit=unit)} if unit else {}
    offices = roles.office_ids(request.user)
    to_review = (
        plans_for_user(request.user)
        .filter(call__office_id__in=offices)
        .exclude(state=TrainingPlan.State.DRAFT)
    )
    return render(
        request,
        "projects/records/plan_list.html",
        {
            "calls": [(call, mine.get(call.pk)) for call in calls],
            "unit": unit,
            "offices": offices,
            "to_review": to_review,
            "now": clock.now(),
        },
    )


def _rows_from(formset) -> list[plan_domain.PlanRowInput]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append(plan_domain.PlanRowInput(**{key: data[key] for key in ROW_FIELDS}))
    return rows


@permission_required("projects.view_plans")
def plan_edit(request, call_pk: int):
    """The unit admin's plan for a call: save the rows, then submit before the deadline."""
    call = get_object_or_404(plan_calls_for_user(request.user), pk=call_pk)
    unit = admin_unit_or_none(request)
    if unit is None or not request.user.has_perm("projects.submit_plan", unit):
        raise Http404
    plan = TrainingPlan.objects.filter(call=call, unit=unit).first()
    if plan is not None and not plan.editable:
        return redirect("projects:records_plan", pk=plan.pk)
    initial = [
        {key: getattr(row, key) for key in ROW_FIELDS} for row in (plan.rows.all() if plan else [])
    ]
    formset = PlanRowFormSet(request.POST or None, initial=initial, prefix="rows")
    if request.method == "POST" and formset.is_valid():
        try:
            plan = plan_domain.plan_save(
                by=request.user, call=call, unit=unit, rows=_rows_from(formset)
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if request.POST.get("action") != "submit":
                messages.success(request, "已保存草稿。")
                return redirect("projects:records_plan_edit", call_pk=call.pk)
            try:
                plan_domain.plan_submit(by=request.user, plan=plan)
            except DomainError as error:
                messages.error(request, f"已保存草稿，但未能提交：{error.message}")
                return redirect("projects:records_plan_edit", call_pk=call.pk)
            messages.success(request, "计划已提交。")
            return redirect("projects:records_plan", pk=plan.pk)
    return render(
        request,
        "projects/records/plan_edit.html",
        {
            "call": call,
            "unit": unit,
            "plan": plan,
            "formset": formset,
            "accepting": call.accepts_at(clock.now()),
        },
    )


@permission_required("projects.view_plans")
def plan_detail(request, pk: int):
    plan = get_object_or_404(plans_for_user(request.user), pk=pk)
    return render(
        request,
        "projects/records/plan_detail.html",
        {
            "plan": plan,
            "rows": plan.rows.select_related("published"),
            "can_decide": request.user.has_perm("projects.decide_plan", plan)
            and plan.state == TrainingPlan.State.SUBMITTED,
            "can_edit": request.user.has_perm("projects.edit_plan", plan),
        },
    )


@require_POST
@permission_required("projects.view_plans")
def plan_decide(request, pk: int):
    """Row decisions posted as ``decision_<row>`` (approve / reject), ``note_<row>`` and an
    optional ``number_<row>``; rows left undecided stay pending."""
    plan = get_object_or_404(plans_for_user(request.user), pk=pk)
    decisions = {}
    for row in plan.rows.filter(state=PlanRow.State.PENDING):
        choice = request.POST.get(f"decision_{row.pk}")
        if choice in ("approve", "reject"):
            decisions[row.pk] = plan_domain.RowDecision(
                approve=choice == "approve",
                note=request.POST.get(f"note_{row.pk}", ""),
                number=request.POST.get(f"number_{row.pk}", ""),
            )
    try:
        plan_domain.plan_decide(by=request.user, plan=plan, decisions=decisions)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已审核 {len(decisions)} 项。")
    return redirect("projects:records_plan", pk=pk)


@permission_required("projects.view_plans")
def plan_call_export(request, call_pk: int):
    """Every submitted row of a plan call in 附件2's columns, with the office's decisions."""
    call = get_object_or_404(plan_calls_for_user(request.user), pk=call_pk)
    if call.office_id not in roles.office_ids(request.user):
        raise Http404
    rows = (
        PlanRow.objects.filter(plan__call=call)
        .exclude(plan__state=TrainingPlan.State.DRAFT)
        .select_related("plan__unit", "published")
        .order_by("plan__unit__name", "position")
    )
    return xlsx_response(
        f"{call.year}年培训计划汇总.xlsx",
        "计划申报表",
        PLAN_HEADERS,
        [
            [
                index,
                row.plan.unit.name,
                row.name,
                row.content,
                row.audience,
                row.time_text,
                row.place,
                row.numbers,
                row.organiser,
                row.get_format_display(),
                float(row.credits),
                row.note,
                row.get_state_display(),
                row.published.number if row.published else "",
            ]
            for index, row in enumerate(rows, start=1)
        ],
    )
