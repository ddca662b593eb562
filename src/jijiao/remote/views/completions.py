"""Completion-list pages: the provider uploads or draws a list; the city office reviews it
against the progress data, sets rows aside, approves or returns it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.common.decorators import permission_required
from jijiao.common.downloads import XLSX, download
from jijiao.common.errors import DomainError
from jijiao.jobs.domain import job_submit
from jijiao.remote import sheets
from jijiao.remote.domain import completions as completion_domain
from jijiao.remote.forms import ListUploadForm, ReasonForm
from jijiao.remote.models import CompletionList, Provider
from jijiao.remote.queries import completion_lists_for_user
from jijiao.remote.tasks import task_completion_list_upload
from jijiao.remote.views.common import provider_unit_of, run

PAGES = "remote.view_provider_pages"


def _own_provider(request) -> Provider:
    unit = provider_unit_of(request.user)
    provider = Provider.objects.filter(unit=unit).first() if unit else None
    if provider is None or not request.user.has_perm("remote.upload_completions", provider):
        raise PermissionDenied
    return provider


@permission_required(PAGES)
def list_index(request):
    lists = completion_lists_for_user(request.user).order_by("-created_at", "-id")
    if state := request.GET.get("state"):
        lists = lists.filter(state=state)
    unit = provider_unit_of(request.user)
    return render(
        request,
        "remote/list_index.html",
        {"lists": lists, "is_provider": unit is not None, "states": CompletionList.State.choices},
    )


@permission_required(PAGES)
def list_template(request):
    return download(sheets.template_bytes(), "远程教育完成名单模板.xlsx", XLSX)


@permission_required(PAGES)
def list_upload(request):
    provider = _own_provider(request)
    form = ListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if not provider.registered:
            form.add_error(None, f"机构备案{provider.get_state_display()}，不能上报完成名单")
        else:
            job = job_submit(
                kind="remote_completions",
                task=task_completion_list_upload,
                by=request.user,
                organisation=provider.unit,
                permission="remote.upload_completions",
                permission_obj=provider,
                params={"provider": provider.pk, "again": reverse("remote:list_upload")},
                upload=uploaded,
            )
            return redirect("jobs:detail", pk=job.pk)
    return render(
        request,
        "remote/list_upload.html",
        {"form": form, "provider": provider},
    )


@require_POST
@permission_required(PAGES)
def list_from_progress(request):
    provider = _own_provider(request)
    try:
        completion_list = completion_domain.completion_list_from_progress(
            by=request.user, provider=provider
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("remote:lists")
    messages.success(request, "已根据本系统学习记录生成完成名单并提交审核。")
    return redirect("remote:list", pk=completion_list.pk)


@permission_required(PAGES)
def list_detail(request, pk: int):
    completion_list = get_object_or_404(completion_lists_for_user(request.user), pk=pk)
    rows = completion_list.rows.select_related("person", "course", "ledger_entry")
    return render(
        request,
        "remote/list_detail.html",
        {
            "completion_list": completion_list,
            "rows": rows,
            "can_review": request.user.has_perm("remote.review_completions", completion_list)
            and completion_list.state == CompletionList.State.SUBMITTED,
            "reason_form": ReasonForm(),
        },
    )


@require_POST
@permission_required(PAGES)
def list_row_exclude(request, pk: int, row_pk: int):
    completion_list = get_object_or_404(completion_lists_for_user(request.user), pk=pk)
    row = get_object_or_404(completion_list.rows, pk=row_pk)
    run(
        request,
        lambda: completion_domain.completion_row_exclude(
            by=request.user, row=row, reason=request.POST.get("reason", "")
        ),
        f"已剔除第 {row.row_number} 行。",
    )
    return redirect("remote:list", pk=pk)


@require_POST
@permission_required(PAGES)
def list_decide(request, pk: int):
    completion_list = get_object_or_404(completion_lists_for_user(request.user), pk=pk)
    reason = request.POST.get("reason", "")
    action = request.POST.get("action")
    try:
        if action == "approve":
            outcome = completion_domain.completion_list_approve(
                by=request.user, completion_list=completion_list, note=reason
            )
            text = f"已审核通过，授予学分 {outcome.credited} 人次"
            if outcome.pending_elsewhere:
                text += f"，{outcome.pending_elsewhere} 人次待其所在市审核"
            messages.success(request, text + "。")
            for refusal in outcome.refused:
                messages.warning(request, refusal)
        elif action == "reject":
            completion_domain.completion_list_reject(
                by=request.user, completion_list=completion_list, reason=reason
            )
            messages.success(request, "已退回。")
        else:
            messages.error(request, "请选择操作。")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("remote:list", pk=pk)
