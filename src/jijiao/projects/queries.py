"""Reads of the projects area and the visibility query per role."""

from django.db.models import Q, QuerySet

from jijiao.common import clock
from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit
from jijiao.projects.models import (
    Application,
    Call,
    PublicationList,
    PublishedProject,
    ReviewAssignment,
    TrainingPlan,
)


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
        q |= handled_by(offices) & Q(state__in=OFFICE_STATES)
    q |= Q(assignments__reviewer=user)
    return (
        Application.objects.filter(q)
        .distinct()
        .select_related("call", "unit", "pi", "call__office")
    )


OFFICE_STATES = ("recommended", "under_review", "approved", "rejected")


def handled_by(offices) -> Q:
    """Applications the offices handle: their calls' ones, but a TCM project of a call that
    routes TCM projects goes to the call's TCM office instead (seed 003 第七条)."""
    own = Q(call__office_id__in=offices) & (Q(tcm=False) | Q(call__tcm_office__isnull=True))
    return own | Q(tcm=True, call__tcm_office_id__in=offices)


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


# The office's lists and imports, and training plans.


def acting_office(user) -> Unit | None:
    """The office a user acts for on these pages: the highest-level one when they hold several."""
    return Unit.objects.filter(pk__in=roles.office_ids(user)).order_by("office_level", "pk").first()


def jurisdiction_units_for_user(user) -> QuerySet[Unit]:
    """Units (not offices) an office oversees."""
    return roles.units_in_jurisdiction(roles.office_ids(user)).exclude(kind=Unit.Kind.OFFICE)


def publication_lists_for_user(user) -> QuerySet[PublicationList]:
    return PublicationList.objects.filter(office_id__in=roles.office_ids(user))


def region_projects_for_user(user) -> QuerySet[PublishedProject]:
    """Projects of every level held in an office's region (seed 004: a city sees its 115 city,
    9 provincial and 2 national projects): hosted by a unit it oversees, or on a list it
    published itself. An imported national list holds the whole country, so its rows count
    only where the host is linked to a unit of the region."""
    offices = roles.office_ids(user)
    if not offices:
        return PublishedProject.objects.none()
    own = Q(publication__office_id__in=offices, publication__imported=False)
    return PublishedProject.objects.filter(
        roles.jurisdiction_q(offices, prefix="host__") | own
    ).select_related("host")


def plan_calls_for_user(user) -> QuerySet[Call]:
    """Plan calls a user works in: the office's own; open ones for unit admins."""
    q = Q(office_id__in=roles.office_ids(user))
    if roles.role_unit_ids(user, Role.UNIT_ADMIN):
        q |= Q(state=Call.State.OPEN)
    return Call.objects.filter(q, kind=Call.Kind.PLAN).select_related("office")


def plans_for_user(user) -> QuerySet[TrainingPlan]:
    """A unit admin's own plans; the reviewing office's once submitted."""
    q = Q(unit_id__in=roles.role_unit_ids(user, Role.UNIT_ADMIN))
    offices = roles.office_ids(user)
    if offices:
        q |= Q(call__office_id__in=offices) & ~Q(state=TrainingPlan.State.DRAFT)
    return TrainingPlan.objects.filter(q).select_related("call", "unit", "call__office")
