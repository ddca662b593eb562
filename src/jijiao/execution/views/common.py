"""What the execution views share: fetching a session through the visibility query."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from jijiao.execution.queries import report_sessions_for_user


def visible_session(request, pk: int):
    """A session the user hosts or oversees; 404 for everything else."""
    return get_object_or_404(report_sessions_for_user(request.user), pk=pk)


def hosted_session(request, pk: int):
    """A session the user hosts (404 outside visibility, 403 for an office that only sees it)."""
    session = visible_session(request, pk)
    if not request.user.has_perm("execution.manage_report", session):
        raise PermissionDenied
    return session
