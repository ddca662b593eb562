"""Login, logout and the change of one's own password."""

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jijiao.audit_log.log import record
from jijiao.audit_log.middleware import client_address
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.orgs.domain.accounts import LoginRefused, account_change_password, login_attempt
from jijiao.orgs.forms import LoginForm, PasswordChangeForm


def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = login_attempt(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                address=client_address(request),
            )
        except LoginRefused as refused:
            form.add_error(None, refused.message)
        else:
            login(request, account, backend="jijiao.orgs.auth.LockoutAwareBackend")
            target = request.POST.get("next") or request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = ""
            return redirect(target or "home")
    if request.GET.get("timeout"):
        messages.info(request, "长时间未操作，已自动退出，请重新登录。")
    return render(request, "orgs/login.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record("account.logout", actor=request.user, obj=request.user)
    logout(request)
    return redirect("login")


@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_change_password(
                account=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as error:
            if error.field == "password":
                error.field = "new_password"
            form_error(form, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("home")
    return render(request, "orgs/password_change.html", {"form": form})
