"""A provider's API tokens for its learning platform: issued once (the token is shown only on
this response), listed by prefix, revoked."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.common.decorators import permission_required
from jijiao.common.errors import DomainError
from jijiao.orgs.domain.accounts import api_token_create, api_token_revoke
from jijiao.remote.forms import TokenForm

TOKENS = "remote.manage_tokens"


@permission_required(TOKENS)
def token_list(request):
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = api_token_create(
                by=request.user, account=request.user, label=form.cleaned_data["label"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            form = TokenForm()
    response = render(
        request,
        "remote/token_list.html",
        {
            "form": form,
            "issued": issued,
            "tokens": request.user.api_tokens.order_by("-created_at"),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@permission_required(TOKENS)
def token_revoke(request, pk: int):
    token = get_object_or_404(request.user.api_tokens, pk=pk, revoked=False)
    api_token_revoke(by=request.user, token=token)
    messages.success(request, f"已撤销令牌 {token.prefix}…")
    return redirect("remote:tokens")
