"""Reads of the office's records and plans, with the visibility query per role.

Detail pages fetch through these and answer 404 outside them.
"""

from django.db.models import Q, QuerySet

from jijiao.orgs import roles
from jijiao.orgs.models import Person, Role, Unit
from jijiao.orgs.queries import people_for_user
from jijiao.projects.models import (
    Call,
    PastProject,
    PersonRecord,
    PublicationList,
    PublishedProject,
    TrainingPlan,
)


def acting_office(user) -> Unit | None:
    """The office a user acts for on these pages: the highest-level one when they hold several."""
    return Unit.objects.filter(pk__in=roles.office_ids(user)).order_by("office_level", "pk").first()


def jurisdiction_units_for_user(user) -> QuerySet[Unit]:
    """Units (not offices) an office oversees."""
    return roles.units_in_jurisdiction(roles.office_ids(user)).exclude(kind=Unit.Kind.OFFICE)


def summary_units_for_user(user) -> QuerySet[Unit]:
    """Units whose execution summaries a user may see: an office's jurisdiction, a unit
    admin's own units."""
    q = Q(pk__in=roles.role_unit_ids(user, Role.UNIT_ADMIN))
    offices = roles.office_ids(user)
    if offices:
        q |= roles.jurisdiction_q(offices)
    return Unit.objects.filter(q).exclude(kind=Unit.Kind.OFFICE)


def record_people_for_user(user) -> QuerySet[Person]:
    """People an office may keep records on: those in its jurisdiction now."""
    offices = roles.office_ids(user)
    if not offices:
        return Person.objects.none()
    return people_for_user(user).filter(roles.jurisdiction_q(offices, prefix="unit__"))


def person_records_for_user(user) -> QuerySet[PersonRecord]:
    return PersonRecord.objects.filter(person__in=record_people_for_user(user))


def past_projects_for_user(user) -> QuerySet[PastProject]:
    """Past projects of the units an office oversees, or of a unit admin's own units."""
    return PastProject.objects.filter(unit__in=summary_units_for_user(user)).select_related(
        "unit", "leader"
    )


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
