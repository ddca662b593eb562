"""Reads of the records kept against people and units, with the visibility query per role.

Detail pages fetch through these and answer 404 outside them.
"""

from django.db.models import Q, QuerySet

from jijiao.orgs import roles
from jijiao.orgs.models import Person, Role, Unit
from jijiao.orgs.queries import people_for_user
from jijiao.records.models import PastProject, PersonRecord


def record_units_for_user(user) -> QuerySet[Unit]:
    """Units whose past projects and execution summaries a user may see: an office's
    jurisdiction, a unit admin's own units."""
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
    return PastProject.objects.filter(unit__in=record_units_for_user(user)).select_related(
        "unit", "leader"
    )
