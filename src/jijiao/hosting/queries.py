"""Reads of the hosting area and the visibility query per role."""

from django.db.models import Q, QuerySet

from jijiao.hosting.models import Inspection, InspectionDraw, Sanction, Session
from jijiao.orgs import roles
from jijiao.orgs.models import Role
from jijiao.projects.models import PublishedProject


def _project_q(user, prefix: str = "") -> Q | None:
    if not getattr(user, "is_authenticated", False):
        return None
    q = Q(pk__in=[])
    admin_units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    if admin_units:
        q |= Q(**{f"{prefix}host_id__in": admin_units})
    if user.person_id:
        q |= Q(**{f"{prefix}application__pi_id": user.person_id})
    offices = roles.office_ids(user)
    if offices:
        q |= Q(**{f"{prefix}publication__office_id__in": offices})
        q |= roles.jurisdiction_q(offices, prefix=f"{prefix}host__")
    return q


def projects_for_user(user) -> QuerySet[PublishedProject]:
    """Published projects a user hosts (unit admin of the host, the leader) or oversees."""
    q = _project_q(user)
    if q is None:
        return PublishedProject.objects.none()
    return (
        PublishedProject.objects.filter(q)
        .distinct()
        .select_related("host", "publication", "application")
    )


def sessions_for_user(user) -> QuerySet[Session]:
    """Sessions of those projects; everything else answers 404."""
    q = _project_q(user, prefix="project__")
    if q is None:
        return Session.objects.none()
    return (
        Session.objects.filter(q)
        .distinct()
        .select_related("project", "project__host", "project__publication")
    )


def approved_sessions(project: PublishedProject) -> int:
    """The number of sessions approved: the application's, else "共 N 期" of the list, else 1."""
    application = getattr(project, "application", None)
    if application is not None and application.sessions:
        return application.sessions
    note = project.note or ""
    if note.startswith("共 ") and note.endswith(" 期"):
        count = note[2:-2].strip()
        if count.isdigit():
            return int(count)
    return 1


def default_policy_id(project: PublishedProject) -> str | None:
    """The pack of the call the project was approved in, when it came through ours."""
    application = getattr(project, "application", None)
    return application.call.policy_id if application is not None else None


def draws_for_user(user) -> QuerySet[InspectionDraw]:
    offices = roles.office_ids(user)
    return InspectionDraw.objects.filter(office_id__in=offices).select_related("office")


def inspections_for_user(user) -> QuerySet[Inspection]:
    """The inspections of the user's office's draws, and those assigned to the user."""
    if not getattr(user, "is_authenticated", False):
        return Inspection.objects.none()
    q = Q(inspector=user) | Q(draw__office_id__in=roles.office_ids(user))
    return Inspection.objects.filter(q).select_related(
        "draw", "session", "session__project", "inspector"
    )


def sanctions_in_force(*, year: int, person=None, unit=None) -> QuerySet[Sanction]:
    """Confirmed sanctions in force in a year against a person (barred leader) or a unit (quota
    cut, discipline barred): what the application side reads. Proposals and dismissed ones
    never count."""
    q = Q(pk__in=[])
    if person is not None:
        q |= Q(kind=Sanction.Kind.PI_BARRED, person=person)
    if unit is not None:
        q |= Q(kind__in=(Sanction.Kind.QUOTA_CUT, Sanction.Kind.DISCIPLINE_BARRED), unit=unit)
    return Sanction.objects.filter(
        q, state=Sanction.State.CONFIRMED, first_year__lte=year, last_year__gte=year
    )


def sanctions_for_user(user) -> QuerySet[Sanction]:
    """Sanctions of units in the user's offices' jurisdiction (the office's list)."""
    offices = roles.office_ids(user)
    if not offices:
        return Sanction.objects.none()
    return Sanction.objects.filter(roles.jurisdiction_q(offices, prefix="unit__")).select_related(
        "unit", "person", "project", "decided_by"
    )
