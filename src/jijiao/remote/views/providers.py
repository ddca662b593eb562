"""Registration pages: the provider files and submits; the city office decides, suspends,
reinstates or revokes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.common import uploads
from jijiao.common.decorators import permission_required
from jijiao.common.downloads import download_file
from jijiao.common.errors import DomainError
from jijiao.remote.domain import providers as provider_domain
from jijiao.remote.domain import revocation
from jijiao.remote.forms import DocumentForm, ProviderForm, ReasonForm, RevokeForm
from jijiao.remote.models import Provider
from jijiao.remote.queries import provider_courses_for_user, providers_for_user
from jijiao.remote.views.common import form_error, history, provider_unit_of, run

PAGES = "remote.view_provider_pages"


@permission_required(PAGES)
def provider_list(request):
    providers = providers_for_user(request.user).order_by("state", "unit__name")
    if state := request.GET.get("state"):
        providers = providers.filter(state=state)
    unit = provider_unit_of(request.user)
    can_file = unit is not None and not Provider.objects.filter(unit=unit).exists()
    return render(
        request,
        "remote/provider_list.html",
        {"providers": providers, "can_file": can_file, "states": Provider.State.choices},
    )


@permission_required(PAGES)
def provider_file(request):
    unit = provider_unit_of(request.user)
    if unit is None:
        raise PermissionDenied
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = provider_domain.provider_file(
                by=request.user, unit=unit, **form.cleaned_data
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已保存备案草稿，请上传资质材料后提交。")
            return redirect("remote:provider", pk=provider.pk)
    return render(
        request,
        "remote/provider_form.html",
        {"form": form, "unit": unit, "rules": _rules_of(unit)},
    )


def _rules_of(unit) -> dict:
    """The city's own registration rules for the provider (none when the city sets none)."""
    try:
        office = provider_domain.city_office_above(unit)
    except DomainError:
        return {}
    return provider_domain.registration_rules(office)


@permission_required(PAGES)
def provider_edit(request, pk: int):
    provider = get_object_or_404(providers_for_user(request.user), pk=pk)
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        provider.refresh_from_db()
        try:
            provider_domain.provider_update(by=request.user, provider=provider, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect("remote:provider", pk=provider.pk)
    return render(
        request,
        "remote/provider_form.html",
        {"form": form, "unit": provider.unit, "rules": _rules_of(provider.unit)},
    )


@permission_required(PAGES)
def provider_detail(request, pk: int):
    provider = get_object_or_404(providers_for_user(request.user), pk=pk)
    user = request.user
    return render(
        request,
        "remote/provider_detail.html",
        {
            "provider": provider,
            "documents": provider.documents.all(),
            "courses": provider_courses_for_user(user).filter(provider=provider),
            "can_edit": user.has_perm("remote.file_registration", provider.unit)
            and provider.editable,
            "can_decide": user.has_perm("remote.decide_registration", provider),
            "document_form": DocumentForm(),
            "reason_form": ReasonForm(),
            "history": history(provider),
        },
    )


@require_POST
@permission_required(PAGES)
def provider_document_add(request, pk: int):
    provider = get_object_or_404(providers_for_user(request.user), pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, uploads.form_message(form, "请选择材料类型和文件。"))
        return redirect("remote:provider", pk=pk)
    run(
        request,
        lambda: provider_domain.provider_document_add(
            by=request.user,
            provider=provider,
            kind=form.cleaned_data["kind"],
            uploaded=form.cleaned_data["file"],
        ),
        f"已上传：{form.cleaned_data['file'].name}",
    )
    return redirect("remote:provider", pk=pk)


@permission_required(PAGES)
def provider_document(request, pk: int, document_pk: int):
    provider = get_object_or_404(providers_for_user(request.user), pk=pk)
    document = get_object_or_404(provider.documents, pk=document_pk)
    return download_file(document.file.open("rb"), document.original_name, document.content_type)


@require_POST
@permission_required(PAGES)
def provider_document_remove(request, pk: int, document_pk: int):
    provider = get_object_or_404(providers_for_user(request.user), pk=pk)
    document = get_object_or_404(provider.documents, pk=document_pk)
    run(
        request,
        lambda: provider_domain.provider_document_remove(by=request.user, document=document),
        f"已删除：{document.original_name}",
    )
    return redirect("remote:provider", pk=pk)


@require_POST
@permission_required(PAGES)
def provider_submit(request, pk: int):
    provider = get_object_or_404(providers_for_user(request.user), pk=pk)
    run(
        request,
        lambda: provider_domain.provider_submit(by=request.user, provider=provider),
        "已提交市卫生健康委审核。",
    )
    return redirect("remote:provider", pk=pk)


DECISIONS = {
    "approve": (provider_domain.provider_approve, "note", "已备案。"),
    "reject": (provider_domain.provider_reject, "reason", "已退回。"),
    "suspend": (provider_domain.provider_suspend, "reason", "已暂停备案。"),
    "reinstate": (provider_domain.provider_reinstate, "reason", "已恢复备案。"),
}


@require_POST
@permission_required(PAGES)
def provider_decide(request, pk: int):
    provider = get_object_or_404(providers_for_user(request.user), pk=pk)
    decision = DECISIONS.get(request.POST.get("action", ""))
    form = ReasonForm(request.POST)
    if decision is None or not form.is_valid():
        messages.error(request, "请选择操作并填写原因。")
        return redirect("remote:provider", pk=pk)
    function, argument, success = decision
    run(
        request,
        lambda: function(
            by=request.user, provider=provider, **{argument: form.cleaned_data["reason"]}
        ),
        success,
    )
    return redirect("remote:provider", pk=pk)


@permission_required(PAGES)
def provider_revoke(request, pk: int):
    provider = get_object_or_404(providers_for_user(request.user), pk=pk)
    if not request.user.has_perm("remote.decide_registration", provider):
        raise PermissionDenied
    form = RevokeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = revocation.provider_revoke(
                by=request.user,
                provider=provider,
                reason=form.cleaned_data["reason"],
                fraud=form.cleaned_data["fraud"],
                uploaded=form.cleaned_data["document"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            voided = ""
            if outcome.fraud:
                voided = f"，作废学分 {outcome.voided} 条"
                if outcome.voided_for_other_cities:
                    voided += (
                        f"（其中 {outcome.voided_for_other_cities} 条由其他市审核，"
                        "已记入其审核记录）"
                    )
            messages.success(request, f"已撤销{provider}的备案{voided}。")
            return redirect("remote:provider", pk=pk)
    return render(request, "remote/provider_revoke.html", {"provider": provider, "form": form})
