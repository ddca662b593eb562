"""Reads of the promotion audit and the visibility query per role.

Detail pages fetch through :func:`cases_for_user` and :func:`campaigns_for_user` and answer 404
outside them: "not yours" and "does not exist" look the same.
"""

from django.db.models import Q, QuerySet

from jijiao.audits.models import AuditCase, Campaign
from jijiao.common.errors import DomainError
from jijiao.credits.chain import city_office_of
from jijiao.credits.permissions import STAGE_ROLE
from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit


def _cities_of_units(unit_ids: set[int]) -> set[int]:
    cities = set()
    for unit in Unit.objects.filter(pk__in=unit_ids).select_related(
        "supervisor__supervisor__supervisor"
    ):
        try:
            cities.add(city_office_of(unit).pk)
        except DomainError:
            continue
    return cities


def campaigns_for_user(user) -> QuerySet[Campaign]:
    """A city office sees its campaigns; a county office and a unit admin the campaigns of the
    city above them; a person the campaigns they are a candidate in."""
    if not getattr(user, "is_authenticated", False):
        return Campaign.objects.none()
    q = Q(pk__in=[])
    below = roles.role_unit_ids(user, Role.UNIT_ADMIN, Role.COUNTY_OFFICE)
    cities = roles.role_unit_ids(user, Role.CITY_OFFICE) | _cities_of_units(below)
    if cities:
        q |= Q(office_id__in=cities)
    if user.person_id:
        q |= Q(cases__person_id=user.person_id)
    return Campaign.objects.filter(q).distinct().select_related("office")


def cases_for_user(user) -> QuerySet[AuditCase]:
    """A unit admin sees its unit's cases; a county or city office the cases on whose chain it
    stands once the unit has submitted them; a person their own cases."""
    if not getattr(user, "is_authenticated", False):
        return AuditCase.objects.none()
    q = Q(pk__in=[])
    admin_units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    if admin_units:
        q |= Q(unit_id__in=admin_units)
    counties = roles.role_unit_ids(user, Role.COUNTY_OFFICE)
    if counties:
        q |= Q(submitted_at__isnull=False) & roles.jurisdiction_q(counties, prefix="unit__")
    cities = roles.role_unit_ids(user, Role.CITY_OFFICE)
    if cities:
        q |= Q(submitted_at__isnull=False, campaign__office_id__in=cities)
    if user.person_id:
        q |= Q(person_id=user.person_id)
    return AuditCase.objects.filter(q).select_related(
        "person", "unit", "campaign", "campaign__office", "current_office"
    )


def queue_for_user(user) -> QuerySet[AuditCase]:
    """Cases waiting at one of the account's offices, at that office's stage."""
    q = Q(pk__in=[])
    for stage, status in (
        ("county", AuditCase.Status.PENDING_COUNTY),
        ("city", AuditCase.Status.PENDING_CITY),
    ):
        offices = roles.role_unit_ids(user, STAGE_ROLE[stage])
        if offices:
            q |= Q(status=status, current_office_id__in=offices)
    return (
        AuditCase.objects.filter(q)
        .select_related("person", "unit", "campaign")
        .order_by("submitted_at", "id")
    )


def unit_cases(campaign: Campaign, unit: Unit) -> QuerySet[AuditCase]:
    return (
        campaign.cases.filter(unit=unit)
        .select_related("person", "unit")
        .order_by("person__name", "id")
    )
