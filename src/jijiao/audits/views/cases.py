"""Case pages: adding a candidate, the case with its per-year table, findings, evidence
checklist and decisions, and the actions on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.audits.domain.cases import case_create, case_options_set
from jijiao.audits.domain.decisions import (
    case_approve,
    case_fail,
    case_receive,
    case_return,
    case_submit,
)
from jijiao.audits.domain.evidence import (
    evidence_clear,
    evidence_mark_paper,
    evidence_upload,
    evidence_use_ledger,
)
from jijiao.audits.forms import CandidateForm, EvidenceForm, OpinionForm, OptionsForm
from jijiao.audits.models import AuditCase
from jijiao.audits.permissions import is_reviewer_at_case_stage
from jijiao.audits.queries import campaigns_for_user, cases_for_user
from jijiao.audits.table import (
    case_entries,
    case_years,
    latest_decisions,
    layout,
    marks_by_entry,
    table_of_case,
)
from jijiao.audits.vocab import ITEM_LABELS, LEDGER_KINDS_FOR_ITEM, items_for
from jijiao.common import uploads
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.credits.domain.common import Upload
from jijiao.credits.models import Evidence, LedgerEntry
from jijiao.orgs.views.common import admin_unit
from jijiao.policy.access import get_policy


@login_required
def case_new(request, pk: int):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    unit = admin_unit(request)
    form = CandidateForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_create(
                by=request.user,
                campaign=campaign,
                person=form.cleaned_data["person"],
                early_promotion=form.cleaned_data["early_promotion"],
                include_audit_year=form.cleaned_data["include_audit_year"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已将{case.person.name}加入审核名单，请核对学分并准备材料。")
            return redirect("audits:case", pk=case.pk)
    return render(
        request, "audits/case_new.html", {"form": form, "campaign": campaign, "unit": unit}
    )


def _checklist(case: AuditCase, table: dict) -> list[dict]:
    """The rows of the window whose type needs evidence, each item with its mark."""
    policy = get_policy(case.campaign.policy_id)
    kinds = policy.get("evidence", "kinds", default={})
    marks = marks_by_entry(case)
    shown = layout(table)
    rows = []
    for entry in case_entries(case, case_years(case, policy)):
        items = items_for(entry.activity_type, kinds)
        if not items:
            continue
        files = list(entry.evidence.all())
        rows.append(
            {
                "entry": entry,
                "needed": kinds.get(entry.activity_type, ""),
                "findings": shown.findings_by_entry.get(entry.pk, []),
                "items": [
                    {
                        "key": item,
                        "label": ITEM_LABELS[item],
                        "mark": marks.get(entry.pk, {}).get(item),
                        "files": [
                            f for f in files if f.kind in LEDGER_KINDS_FOR_ITEM.get(item, ())
                        ],
                    }
                    for item in items
                ],
            }
        )
    return rows


@login_required
def case_detail(request, pk: int):
    case = get_object_or_404(cases_for_user(request.user), pk=pk)
    table = table_of_case(case)
    user = request.user
    # The city may act on a case at any stage, but the county's box is the county's: before
    # the county has acted, the city reads whom the case waits for instead of that box.
    stage = case.stage
    can_review = not case.editable and not case.closed and user.has_perm("audits.review_case", case)
    waiting_for = ""
    if (
        can_review
        and stage is not None
        and stage["stage"] == "county"
        and not is_reviewer_at_case_stage(user, case)
    ):
        can_review, waiting_for = False, stage["name"]
    has_late = LedgerEntry.objects.filter(
        person_id=case.person_id,
        year__in=table["window"],
        entry_method=LedgerEntry.Method.LATE_ENTRY,
    ).exists()
    return render(
        request,
        "audits/case_detail.html",
        {
            "case": case,
            "table": layout(table),
            "checklist": _checklist(case, table),
            "decisions": list(case.decisions.select_related("office").order_by("at", "id")),
            "boxes": latest_decisions(case),
            "can_edit": user.has_perm("audits.edit_case", case),
            "can_submit": user.has_perm("audits.submit_case", case),
            "can_review": can_review,
            "waiting_for": waiting_for,
            "at_city": case.stage is not None and case.stage["stage"] == "city",
            "can_mark": not case.closed and user.has_perm("audits.mark_evidence", case),
            "can_receive": user.has_perm("audits.receive_case", case)
            and case.received_at is None
            and case.status != AuditCase.Status.DRAFT,
            "can_print": user.has_perm("audits.print_case", case),
            "has_late": has_late,
            "options_form": OptionsForm(
                initial={
                    "early_promotion": case.early_promotion,
                    "include_audit_year": case.include_audit_year,
                }
            ),
            "opinion_form": OpinionForm(),
        },
    )


def _case(request, pk: int) -> AuditCase:
    return get_object_or_404(cases_for_user(request.user), pk=pk)


def _act(request, pk: int, action, done: str):
    """Run one decision with the posted opinion; the domain's message on refusal."""
    case = _case(request, pk)
    form = OpinionForm(request.POST)
    form.is_valid()
    try:
        outcome = action(case, form.cleaned_data.get("opinion", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        result = outcome.get_decision_display() if hasattr(outcome, "decision") else ""
        messages.success(request, done.format(name=case.person.name, result=result))
    return redirect("audits:case", pk=case.pk)


@require_POST
@login_required
def submit(request, pk: int):
    return _act(
        request,
        pk,
        lambda case, text: case_submit(by=request.user, case=case, opinion=text),
        "{name}的学分审核材料已上报。",
    )


@require_POST
@login_required
def approve(request, pk: int):
    return _act(
        request,
        pk,
        lambda case, text: case_approve(by=request.user, case=case, opinion=text),
        "{name}的学分审核：{result}。",
    )


@require_POST
@login_required
def return_case(request, pk: int):
    return _act(
        request,
        pk,
        lambda case, text: case_return(by=request.user, case=case, reasons=text),
        "已将{name}的学分审核退回单位。",
    )


@require_POST
@login_required
def fail(request, pk: int):
    return _act(
        request,
        pk,
        lambda case, text: case_fail(by=request.user, case=case, reasons=text),
        "{name}的学分审核结论为不合格。",
    )


@require_POST
@login_required
def receive(request, pk: int):
    return _act(
        request,
        pk,
        lambda case, _text: case_receive(by=request.user, case=case),
        "已受理{name}的纸质材料。",
    )


@require_POST
@login_required
def options(request, pk: int):
    case = _case(request, pk)
    form = OptionsForm(request.POST)
    form.is_valid()
    try:
        case_options_set(
            by=request.user,
            case=case,
            early_promotion=form.cleaned_data.get("early_promotion", False),
            include_audit_year=form.cleaned_data.get("include_audit_year", False),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "审核选项已保存，学分汇总已按新选项重新计算。")
    return redirect("audits:case", pk=case.pk)


@require_POST
@login_required
def evidence(request, pk: int):
    case = _case(request, pk)
    if not request.user.has_perm("audits.mark_evidence", case):
        raise PermissionDenied("没有权限修改该审核对象的材料")
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request, "材料提交有误：" + "；".join(m for e in form.errors.values() for m in e)
        )
        return redirect("audits:case", pk=case.pk)
    entry = get_object_or_404(LedgerEntry, pk=form.cleaned_data["entry"], person_id=case.person_id)
    item = form.cleaned_data["item"]
    action = request.POST.get("action")
    label = ITEM_LABELS[item]
    try:
        if action == "upload":
            upload = Upload.of(form.cleaned_data.get("file"), uploads.DOCUMENT)
            if upload is None:
                raise DomainError(f"请选择“{label}”的扫描件")
            evidence_upload(by=request.user, case=case, entry=entry, item=item, upload=upload)
        elif action == "ledger":
            chosen = get_object_or_404(
                Evidence, pk=form.cleaned_data.get("ledger_evidence") or 0, entry=entry
            )
            evidence_use_ledger(by=request.user, case=case, entry=entry, item=item, evidence=chosen)
        elif action == "paper":
            evidence_mark_paper(by=request.user, case=case, entry=entry, item=item)
        elif action == "clear":
            evidence_clear(by=request.user, case=case, entry=entry, item=item)
        else:
            raise DomainError("未知的操作")
    except DomainError as error:
        messages.error(request, f"{entry.title}：{error.message}")
    else:
        messages.success(request, f"{entry.title}：“{label}”已更新。")
    return redirect("audits:case", pk=case.pk)
