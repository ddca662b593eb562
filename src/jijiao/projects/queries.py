"""Reads of the projects area and the visibility query per role."""

from django.db.models import Q, QuerySet

from jijiao.common import clock
from jijiao.orgs import roles
from jijiao.orgs.models import Role
from jijiao.projects.models import Application, Call, PublishedProject, ReviewAssignment


def calls_for_user(user) -> QuerySet[Call]:
    """Offices see the calls they own; everyone signed in sees open calls (to apply)."""
    offices = roles.office_ids(user)
    queryset = Call.objects.filter(office_id__in=offices) if offices else Call.objects.none()
    return (queryset | open_calls()).distinct().select_related("office")


def open_calls() -> QuerySet[Call]:
    now = clock.now()
    return Call.objects.filter(state=Call.State.OPEN, opens_at__lte=now, closes_at__gte=now)


def applications_for_user(user) -> QuerySet:
    """The applications a user may see: their own; their unit's once submitted (unit admin);
    their calls' once recommended (office); those assigned to them (reviewer)."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    q = Q(created_by=user)
    if user.person_id:
        q |= Q(pi_id=user.person_id)
    admin_units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    if admin_units:
        q |= Q(unit_id__in=admin_units) & ~Q(state=Application.State.DRAFT)
    offices = roles.office_ids(user)
    if offices:
        q |= Q(call__office_id__in=offices, state__in=OFFICE_STATES)
    q |= Q(assignments__reviewer=user)
    return (
        Application.objects.filter(q)
        .distinct()
        .select_related("call", "unit", "pi", "call__office")
    )


OFFICE_STATES = ("recommended", "under_review", "approved", "rejected")


def assignments_for_user(user) -> QuerySet:
    """A reviewer's own assignments (and nobody else's)."""
    if not getattr(user, "is_authenticated", False):
        return ReviewAssignment.objects.none()
    return ReviewAssignment.objects.filter(reviewer=user).select_related(
        "application", "application__call", "application__unit", "application__pi"
    )


def published_projects() -> QuerySet:
    """The public list: every published project, ours and imported. Public, no login."""
    return PublishedProject.objects.select_related("publication")
