"""Accounts pages: the unit's accounts, opening a staff account, password resets, security admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.common import clock
from jijiao.common.decorators import permission_required
from jijiao.common.downloads import download_file
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.common.pagination import paginate
from jijiao.orgs.domain import accounts
from jijiao.orgs.forms import GrantRoleForm, ResetForm, StaffAccountForm
from jijiao.orgs.models import Account
from jijiao.orgs.queries import accounts_for_user, people_for_user
from jijiao.orgs.views.common import admin_unit_or_none


@login_required
def account_list(request):
    queryset = accounts_for_user(request.user).prefetch_related("roles__unit").order_by("username")
    if q := request.GET.get("q"):
        queryset = queryset.filter(username__contains=q) | queryset.filter(display_name__contains=q)
    return render(
        request,
        "orgs/account_list.html",
        {"page": paginate(request, queryset), "unit": admin_unit_or_none(request)},
    )


@login_required
def account_create(request, person_pk: int):
    person = get_object_or_404(people_for_user(request.user), pk=person_pk)
    form = StaffAccountForm(request.POST or None, unit=person.unit)
    if request.method == "POST" and form.is_valid():
        try:
            account, password = accounts.account_create_for_staff(
                by=request.user,
                person=person,
                username=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
                department=form.cleaned_data["department"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            return render(
                request, "orgs/password_issued.html", {"account": account, "password": password}
            )
    return render(request, "orgs/account_form.html", {"form": form, "person": person})


@login_required
def account_reset_password(request, pk: int):
    """The reset, with the stamped request the city's pack may ask for (seed 003 第十七条)."""
    visible = (
        Account.objects.all()
        if request.user.has_perm("orgs.manage_roles")
        else accounts_for_user(request.user)
    )
    account = get_object_or_404(visible, pk=pk)
    posted = request.method == "POST"  # an empty POST (no file) is still a reset asked for
    form = ResetForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            password = accounts.account_reset_password(
                by=request.user, account=account, request=form.cleaned_data["request"]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            context = {"account": account, "password": password}
            return render(request, "orgs/password_issued.html", context)
    resets = account.resets.select_related("by")[:10]
    context = {"account": account, "form": form, "resets": resets}
    return render(request, "orgs/password_reset.html", context)


@login_required
def password_reset_request(request, pk: int, reset_pk: int):
    """The stamped request a reset was done on, for whoever may reset that account."""
    account = get_object_or_404(accounts_for_user(request.user), pk=pk)
    reset = get_object_or_404(account.resets.exclude(request=""), pk=reset_pk)
    return download_file(reset.request.open("rb"), reset.request_name, reset.request_type)


@permission_required("orgs.manage_roles")
def security(request):
    form = GrantRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = Account.objects.filter(username=form.cleaned_data["username"]).first()
        if account is None:
            form.add_error("username", "没有这个用户名")
        else:
            try:
                accounts.role_grant(
                    by=request.user,
                    account=account,
                    role=form.cleaned_data["role"],
                    unit=form.cleaned_data["unit"],
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, f"已授予 {account} 角色。")
                return redirect("orgs:security")
    locked = Account.objects.filter(locked_until__gt=clock.now()).order_by("username")
    return render(request, "orgs/security.html", {"form": form, "locked": locked})


@require_POST
@permission_required("orgs.manage_roles")
def account_unlock(request, pk: int):
    account = get_object_or_404(Account, pk=pk)
    accounts.account_unlock(by=request.user, account=account)
    messages.success(request, f"已解锁 {account}。")
    return redirect("orgs:security")
