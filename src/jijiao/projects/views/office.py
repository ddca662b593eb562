"""The office's pages: the applications of its calls, paper receipts, intake, criteria,
reviewer assignment, scores side by side, the decision and publication."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.common import clock
from jijiao.common.confirm import ask, is_confirmed
from jijiao.common.decorators import permission_required
from jijiao.common.errors import DomainError
from jijiao.common.pagination import paginate
from jijiao.orgs import roles
from jijiao.orgs.models import Account, Unit
from jijiao.policy.access import get_policy
from jijiao.projects.domain import intake
from jijiao.projects.domain.publication import publication_publish
from jijiao.projects.forms_applications import ReasonForm, discipline_filter_options
from jijiao.projects.forms_office import (
    DEFAULT_CRITERIA,
    AssignForm,
    CriterionFormSet,
    DecideForm,
    PaperReceiptForm,
    PublishForm,
)
from jijiao.projects.models import Application, Call, PaperReceipt
from jijiao.projects.queries import (
    OFFICE_STATES,
    applications_for_user,
    calls_for_user,
    handled_by,
)
from jijiao.projects.views.common import application_with, finding_counts

STATE_CHOICES = [(s, label) for s, label in Application.State.choices if s in OFFICE_STATES]
# What the assignment form suggests; the office chooses the date (no notice sets it).
SUGGESTED_REVIEW_DAYS = dt.timedelta(days=7)


def office_calls(user):
    return calls_for_user(user).filter(office_id__in=roles.office_ids(user))


def _call_of_office(request, call_pk: int, permission: str) -> Call:
    call = get_object_or_404(office_calls(request.user), pk=call_pk)
    if not request.user.has_perm(permission, call):
        raise PermissionDenied
    return call


def needs_number(call: Call) -> bool:
    """The office types the number when the pack sets no numbering format for the level."""
    return not get_policy(call.policy_id).get("numbering", call.level, "format")


@permission_required("projects.view_calls")
def office_applications(request):
    """The applications of the office's calls (recommended or later), filtered."""
    user, now = request.user, clock.now()
    calls = office_calls(user)
    receipts = PaperReceipt.objects.filter(call=OuterRef("call"), unit=OuterRef("unit"))
    queryset = (
        applications_for_user(user)
        .filter(handled_by(roles.office_ids(user)), state__in=OFFICE_STATES)
        .annotate(paper_at=Subquery(receipts.values("received_at")[:1]))
        .prefetch_related("assignments")
        .order_by("call__year", "unit__name", "submitted_at", "pk")
    )
    query = request.GET
    call = None
    if query.get("call", "").isdigit():
        call = calls.filter(pk=int(query["call"])).first()
        queryset = queryset.filter(call=call) if call else queryset.none()
    if query.get("unit", "").isdigit():
        queryset = queryset.filter(unit_id=int(query["unit"]))
    if query.get("state") in OFFICE_STATES:
        queryset = queryset.filter(state=query["state"])
    if discipline := query.get("discipline", "").strip():
        queryset = queryset.filter(discipline__startswith=discipline)
    rows = []
    for application in queryset:
        missing = intake.paper_late(application.call.paper_deadline, application.paper_at, now)
        if query.get("paper") == "missing" and not missing:
            continue
        if query.get("paper") == "received" and application.paper_at is None:
            continue
        errors, warnings = finding_counts(application.findings)
        rows.append(
            {
                "a": application,
                "paper_missing": missing,
                "errors": errors,
                "warnings": warnings,
                "mean": intake.mean_score(application),
                "reviewers": sum(1 for x in application.assignments.all() if x.state != "conflict"),
            }
        )
    units = Unit.objects.filter(applications__call__in=calls).distinct().order_by("name")
    call_tools = None
    if call is not None:
        call_tools = {
            "approved": call.applications.filter(state="approved", published=None).count(),
            "publish_form": PublishForm(),
        }
    return render(
        request,
        "projects/office_applications.html",
        {
            "page": paginate(request, rows),
            "calls": calls,
            "call": call,
            "call_tools": call_tools,
            "units": units,
            "states": STATE_CHOICES,
            "disciplines": discipline_filter_options(),
            "query": query,
        },
    )


@permission_required("projects.view_calls")
def paper_receipts(request, call_pk: int):
    """Each unit's stamped paper set for a call, with the 缺一不可 flag after the deadline."""
    call = _call_of_office(request, call_pk, "projects.record_paper")
    now = clock.now()
    form = PaperReceiptForm(request.POST or None, initial={"received_at": now})
    if request.method == "POST" and form.is_valid():
        unit = Unit.objects.filter(pk=form.cleaned_data["unit"], applications__call=call).first()
        if unit is None:
            messages.error(request, "该单位在本次申报中没有申报项目，无需登记纸质材料。")
        else:
            try:
                intake.paper_receipt_record(
                    by=request.user,
                    call=call,
                    unit=unit,
                    received_at=form.cleaned_data["received_at"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"已登记 {unit.name} 的纸质申报材料。")
        return redirect("projects:paper_receipts", call_pk=call.pk)
    if request.method == "POST":
        messages.error(request, "请填写收到时间（年-月-日 时:分）。")
    receipts = {r.unit_id: r for r in call.paper_receipts.all()}
    counts = dict(
        call.applications.filter(state__in=OFFICE_STATES)
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    # The units with an application of this call beyond a draft (a draft of theirs elsewhere,
    # in another call, does not hide them: exclude() across applications would).
    submitted = call.applications.exclude(state=Application.State.DRAFT).values("unit")
    units = Unit.objects.filter(pk__in=submitted).order_by("name")
    rows = []
    for unit in units:
        receipt = receipts.get(unit.pk)
        received_at = receipt.received_at if receipt else None
        rows.append(
            {
                "unit": unit,
                "receipt": receipt,
                "late": bool(receipt and call.paper_deadline and received_at > call.paper_deadline),
                "missing": intake.paper_late(call.paper_deadline, received_at, now),
                "applications": counts.get(unit.pk, 0),
            }
        )
    return render(
        request,
        "projects/paper_receipts.html",
        {"call": call, "rows": rows, "form": form, "now": now},
    )


@permission_required("projects.view_calls")
def criteria(request, call_pk: int):
    """The review criteria of a call: name, points, required."""
    call = _call_of_office(request, call_pk, "projects.set_criteria")
    existing = [
        {"name": c.name, "weight": c.weight, "required": c.required} for c in call.criteria.all()
    ]
    if request.method == "POST":
        # Bound without the initial rows: a row left blank is then unchanged, and skipped.
        formset = CriterionFormSet(request.POST, prefix="criteria")
    else:
        formset = CriterionFormSet(prefix="criteria", initial=existing or DEFAULT_CRITERIA)
    if request.method == "POST" and formset.is_valid():
        rows = [
            (f.cleaned_data["name"], f.cleaned_data["weight"], f.cleaned_data["required"])
            for f in formset.forms
            if f.cleaned_data
        ]
        try:
            intake.criteria_set(by=request.user, call=call, criteria=rows)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            total = sum(w for _, w, _ in rows)
            messages.success(request, f"已设置 {len(rows)} 项评审指标，满分 {total} 分。")
            return redirect("projects:criteria", call_pk=call.pk)
    return render(
        request,
        "projects/criteria.html",
        {"call": call, "formset": formset, "saved": bool(existing)},
    )


@require_POST
@permission_required("projects.view_calls")
def publish(request, call_pk: int):
    call = _call_of_office(request, call_pk, "projects.publish")
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        publication = publication_publish(
            by=request.user, call=call, title=form.cleaned_data.get("title", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"已公布“{publication.title}”，共 {publication.projects.count()} 个项目。",
        )
    return redirect(f"{reverse('projects:office_applications')}?call={call.pk}")


# ---------------------------------------------------------------- one application


def panel_context(request, application: Application) -> dict:
    """The office's panel on the application's page: intake, reviewers, scores, decision."""
    call = application.call
    assignments = list(
        application.assignments.select_related("reviewer__person__unit")
        .prefetch_related("scores")
        .order_by("assigned_at", "pk")
    )
    criteria = list(call.criteria.all())
    table = []
    for assignment in assignments:
        by_criterion = {s.criterion_id: s.score for s in assignment.scores.all()}
        table.append(
            {"assignment": assignment, "scores": [by_criterion.get(c.pk) for c in criteria]}
        )
    state, State = application.state, Application.State
    return {
        "office": True,
        "paper_missing": intake.paper_missing(application),
        # Set only where the pack makes the paper set a condition (APP_PAPER_LATE, error).
        "paper_refusal": intake.paper_refusal(application, final=state == State.UNDER_REVIEW)
        if state in (State.RECOMMENDED, State.UNDER_REVIEW)
        else None,
        "criteria": criteria,
        "score_table": table,
        "mean": intake.mean_score(application),
        "can_accept": state == State.RECOMMENDED,
        "can_assign": state == State.UNDER_REVIEW,
        "can_decide": state == State.UNDER_REVIEW,
        "office_can_return": state
        in (Application.State.RECOMMENDED, Application.State.UNDER_REVIEW),
        "assign_form": AssignForm(
            exclude_ids=[a.reviewer_id for a in assignments],
            initial={"due": clock.today() + SUGGESTED_REVIEW_DAYS},
        ),
        # Its own ids: the return form on the same page has a "reason" field too.
        "decide_form": DecideForm(needs_number=needs_number(call), auto_id="decide_%s"),
        "office_return_form": ReasonForm(),
    }


def _back(pk: int):
    response = redirect("projects:application", pk=pk)
    response["Location"] += "#office"
    return response


@require_POST
@login_required
def application_accept(request, pk: int):
    application = application_with(request, pk, "projects.office_review")
    try:
        intake.application_accept(by=request.user, application=application)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已受理，请分配评审专家。")
    return _back(pk)


@require_POST
@login_required
def review_assign(request, pk: int):
    application = application_with(request, pk, "projects.office_review")
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请从列表中选择一位评审专家，并填写评审截止日期。")
        return _back(pk)
    reviewer: Account = form.cleaned_data["reviewer"]
    due = form.cleaned_data["due"]
    try:
        intake.review_assign(by=request.user, application=application, reviewer=reviewer, due=due)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已分配给评审专家 {reviewer}，评审截止 {due:%Y-%m-%d}。")
    return _back(pk)


@require_POST
@login_required
def application_decide(request, pk: int):
    application = application_with(request, pk, "projects.office_review")
    form = DecideForm(request.POST, needs_number=needs_number(application.call))
    if not form.is_valid():
        messages.error(request, "请选择批准或不予立项，并填写意见。")
        return _back(pk)
    approve = form.cleaned_data["decision"] == "approve"
    refusal = intake.paper_refusal(application, final=True) if approve else None
    if refusal:
        messages.error(request, f"不能批准。{refusal}；可作不予批准处理")
        return _back(pk)
    if not is_confirmed(request):
        number = form.cleaned_data.get("number", "")
        return ask(
            request,
            title="确认批准决定" if approve else "确认不予立项",
            consequence=(
                f"将批准“{application.name}”立项并编号"
                + (f" {number}" if number else "（按政策包的编号格式自动编号）")
                + "；批准并编号后不能撤回，项目将进入公布名单。"
                if approve
                else f"将对“{application.name}”作出不予立项决定，意见将告知申报人；决定后不能撤回。"
            ),
            details=[f"意见：{form.cleaned_data['reason']}"],
            back=reverse("projects:application", args=[pk]),
        )
    try:
        intake.application_decide(
            by=request.user,
            application=application,
            approve=approve,
            reason=form.cleaned_data["reason"],
            number=form.cleaned_data.get("number", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if approve:
            messages.success(request, f"已批准立项，项目编号 {application.number}。")
        else:
            messages.success(request, "已作出不予立项决定，意见将告知申报人。")
    return _back(pk)
