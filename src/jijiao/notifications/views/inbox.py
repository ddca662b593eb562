"""我的消息: the inbox, opening a message (read, then on to what it is about), e-mail settings."""

from django.contrib import messages as flash
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jijiao.common.decorators import permission_required
from jijiao.common.errors import DomainError
from jijiao.common.pagination import paginate
from jijiao.notifications.domain import messages as domain
from jijiao.notifications.queries import email_preferences, messages_for_user


@permission_required("notifications.use_inbox")
def inbox(request):
    page = paginate(request, messages_for_user(request.user), per_page=30)
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "preferences": email_preferences(request.user)},
    )


@require_POST
@permission_required("notifications.use_inbox")
def message_open(request, pk: int):
    message = get_object_or_404(messages_for_user(request.user), pk=pk)
    url = domain.message_open(by=request.user, message=message)
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:inbox")


@require_POST
@permission_required("notifications.use_inbox")
def mark_all_read(request):
    count = domain.messages_mark_all_read(by=request.user)
    flash.success(request, f"已将 {count} 条消息标为已读")
    return redirect("notifications:inbox")


@require_POST
@permission_required("notifications.use_inbox")
def preferences(request):
    try:
        domain.email_preferences_set(by=request.user, email_kinds=request.POST.getlist("email"))
    except DomainError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, "邮件通知设置已保存；站内消息始终保留")
    return redirect("notifications:inbox")
