"""Sessions: the host's and the office's list, planning one, its page, changing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.common.pagination import paginate
from jijiao.hosting.domain.filing import filing_for
from jijiao.hosting.domain.sessions import EDITABLE, session_create, session_update
from jijiao.hosting.forms import ReviewForm, SessionChangeForm, SessionCreateForm
from jijiao.hosting.queries import (
    approved_sessions,
    default_policy_id,
    projects_for_user,
    sessions_for_user,
)
from jijiao.hosting.teachers import resolved
from jijiao.orgs import roles
from jijiao.orgs.models import Role
from jijiao.policy.access import all_pack_ids


@login_required
def session_list(request):
    sessions = sessions_for_user(request.user).order_by("-starts_at")
    if state := request.GET.get("state"):
        sessions = sessions.filter(state=state)
    hostable = [
        p
        for p in projects_for_user(request.user)
        .annotate(session_count=Count("sessions", distinct=True))
        .order_by("-year", "number")[:200]
        if request.user.has_perm("hosting.create_session", p)
    ]
    return render(
        request,
        "hosting/session_list.html",
        {
            "page": paginate(request, sessions),
            "projects": hostable,
            "state": state or "",
            "can_inspect": bool(roles.office_ids(request.user))
            or roles.has_role(request.user, Role.INSPECTOR),
        },
    )


@login_required
def session_create_view(request, project_pk: int):
    project = get_object_or_404(projects_for_user(request.user), pk=project_pk)
    if not request.user.has_perm("hosting.create_session", project):
        raise PermissionDenied
    choose_pack = default_policy_id(project) is None
    initial = {
        "venue": project.venue,
        "capacity": project.enrollment,
        # The imported list's planned days and 学时 when it gives them (附件4 1.2.4).
        "days": project.planned_days or 1,
        "hours": project.planned_hours,
        "format": "offline",
    }
    form = SessionCreateForm(
        request.POST or None,
        initial=initial,
        pack_ids=all_pack_ids() if choose_pack else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        policy_id = data.pop("policy_id", None)
        try:
            session = session_create(
                by=request.user, project=project, fields=data, policy_id=policy_id
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已安排第{session.sequence}期，请在举办前完成报备。")
            return redirect("hosting:session", pk=session.pk)
    context = {
        "form": form,
        "project": project,
        "allowed": approved_sessions(project),
        "existing": project.sessions.count(),
    }
    return render(request, "hosting/session_form.html", context)


@login_required
def session_detail(request, pk: int):
    session = get_object_or_404(sessions_for_user(request.user), pk=pk)
    filing = filing_for(session)
    user = request.user
    return render(
        request,
        "hosting/session_detail.html",
        {
            "session": session,
            "filing": filing,
            "changes": session.changes.select_related("by"),
            "teachers": resolved(session.teachers, session.project.host),
            "can_manage": user.has_perm("hosting.manage_session", session),
            "can_file": user.has_perm("hosting.file_session", session),
            "can_review": user.has_perm("hosting.review_filing", session)
            and filing.state == filing.State.FILED,
            "review_form": ReviewForm(),
            "now": clock.now(),
        },
    )


@login_required
def session_edit(request, pk: int):
    session = get_object_or_404(sessions_for_user(request.user), pk=pk)
    if not request.user.has_perm("hosting.manage_session", session):
        raise PermissionDenied
    initial = {field: getattr(session, field) for field in EDITABLE}
    initial["starts_at"] = clock.local(session.starts_at)
    initial["ends_at"] = clock.local(session.ends_at)
    form = SessionChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        try:
            changes = session_update(by=request.user, session=session, fields=data, reason=reason)
        except DomainError as error:
            form_error(form, error)
        else:
            if changes:
                messages.success(request, f"已保存，记录变更 {len(changes)} 项。")
            else:
                messages.success(request, "已保存。")
            return redirect("hosting:session", pk=session.pk)
    return render(request, "hosting/session_edit.html", {"form": form, "session": session})
