"""Reviewing: the queue of rows waiting at the account's office with bulk approval, one row's
approve / return / reject, the city's corrections and voids, voiding a person's year."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.common import uploads
from jijiao.common.confirm import ask, is_confirmed
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.common.pagination import paginate
from jijiao.credits import queries
from jijiao.credits.domain import approval
from jijiao.credits.domain.common import Upload
from jijiao.credits.domain.voids import ledger_year_void
from jijiao.credits.forms import CorrectForm, ReasonForm, VoidYearForm
from jijiao.credits.views.common import visible_person


@login_required
def review_queue(request):
    queue = queries.review_queue_for_user(request.user)
    if request.GET.get("year", "").isdigit():
        queue = queue.filter(year=int(request.GET["year"]))
    if request.method == "POST":
        chosen = [int(v) for v in request.POST.getlist("entry") if v.isdigit()]
        rows = list(queue.filter(pk__in=chosen))
        if not rows:
            messages.error(request, "请先勾选要通过的记录。")
            return redirect("credits:review")
        if not is_confirmed(request):
            total = sum((row.credits for row in rows), Decimal("0"))
            return ask(
                request,
                title="确认批量通过",
                consequence=f"将通过所选 {len(rows)} 条学分记录（共 {total} 学分）；"
                "通过后不能撤回，只能由有权限的部门作废。",
                details=[f"{row.person.name}：{row.title}，{row.credits} 学分" for row in rows],
                back=reverse("credits:review"),
            )
        outcome = approval.ledger_entries_approve(
            by=request.user, entries=rows, reason=request.POST.get("reason", "")
        )
        messages.success(request, f"已通过 {len(outcome.approved)} 条。")
        for entry, reason in outcome.refused:
            messages.warning(request, f"{entry.person.name}“{entry.title}”未通过审核操作：{reason}")
        return redirect("credits:review")
    return render(request, "credits/review_queue.html", {"page": paginate(request, queue, 100)})


@require_POST
@login_required
def entry_act(request, pk: int):
    entry = get_object_or_404(queries.entries_for_user(request.user), pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    action = request.POST.get("action")
    acts = {
        "approve": (approval.ledger_entry_approve, "已通过。"),
        "return": (approval.ledger_entry_return, "已退回。"),
        "reject": (approval.ledger_entry_reject, "已设为审核不通过。"),
        "void": (approval.ledger_entry_void, "已作废。"),
    }
    if action not in acts:
        messages.error(request, "未知的操作。")
        return redirect("credits:entry", pk=pk)
    function, done = acts[action]
    try:
        function(by=request.user, entry=entry, reason=reason)
    except DomainError as error:
        messages.error(request, error.message)
    except PermissionDenied:
        messages.error(request, "没有权限对该记录执行此操作。")
    else:
        messages.success(request, done)
    return redirect("credits:entry", pk=pk)


@require_POST
@login_required
def entry_correct(request, pk: int):
    entry = get_object_or_404(queries.entries_for_user(request.user), pk=pk)
    form = CorrectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写学分和更正原因。")
        return redirect("credits:entry", pk=pk)
    data = form.cleaned_data
    try:
        approval.ledger_entry_correct(
            by=request.user,
            entry=entry,
            changes={"hours": data["hours"], "credits": data["credits"]},
            reason=data["reason"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    except PermissionDenied:
        messages.error(request, "没有权限更正该记录。")
    else:
        messages.success(request, "已更正。")
    return redirect("credits:entry", pk=pk)


@login_required
def person_void(request, pk: int):
    person = visible_person(request, pk)
    if not request.user.has_perm("credits.void_year", person):
        raise PermissionDenied
    form = VoidYearForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = ledger_year_void(
                by=request.user,
                person=person,
                year=data["year"],
                reason=data["reason"],
                document=Upload.of(data["document"], uploads.DOCUMENT),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                f"已作废 {person.name} {decision.year} 年度学分 {decision.voided_count} 条。",
            )
            return redirect(reverse("credits:person", args=[person.pk]) + f"?year={decision.year}")
    return render(request, "credits/void_form.html", {"form": form, "person": person})
