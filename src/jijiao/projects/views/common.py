"""Helpers the projects pages share."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from jijiao.projects.models import Application
from jijiao.projects.queries import applications_for_user


def visible_application(request, pk: int) -> Application:
    """The application if the user may see it; 404 otherwise ("not yours" looks like "none")."""
    return get_object_or_404(applications_for_user(request.user), pk=pk)


def application_with(request, pk: int, permission: str) -> Application:
    """A visible application the user may act on with ``permission``: 404 outside visibility,
    403 inside it without the permission."""
    application = visible_application(request, pk)
    if not request.user.has_perm(permission, application):
        raise PermissionDenied
    return application


def finding_counts(findings) -> tuple[int, int]:
    errors = sum(1 for f in findings or [] if f.get("severity") == "error")
    warnings = sum(1 for f in findings or [] if f.get("severity") == "warning")
    return errors, warnings
