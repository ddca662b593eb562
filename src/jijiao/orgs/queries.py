"""Reads of the orgs area, and the visibility query per role.

Detail pages fetch through these and answer 404 outside them: "not yours" and "does not exist"
look the same.
"""

from django.db.models import Q, QuerySet

from jijiao.common import idnumbers
from jijiao.orgs import roles
from jijiao.orgs.models import Account, Person, Role, Transfer, Unit, UnitAccountApplication


def units_for_user(user) -> QuerySet[Unit]:
    """A unit admin's own units; an office's jurisdiction (as ``orgs.view_unit``). A department
    admin sees people of their department, not the unit page listing everyone."""
    unit_ids = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    q = Q(pk__in=unit_ids)
    offices = roles.office_ids(user)
    if offices:
        q |= roles.jurisdiction_q(offices)
    if not unit_ids and not offices:
        return Unit.objects.none()
    return Unit.objects.filter(q).select_related("division", "supervisor")


def people_for_user(user) -> QuerySet[Person]:
    """Everyone the user may see: self; their unit (unit admin); their department (department
    admin); their jurisdiction (offices); people they released and nobody has taken in yet."""
    if not getattr(user, "is_authenticated", False):
        return Person.objects.none()
    q = Q(pk=user.person_id) if user.person_id else Q(pk__in=[])
    admin_units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    if admin_units:
        q |= Q(unit_id__in=admin_units)
        q |= Q(
            unit__isnull=True,
            transfers__state=Transfer.State.RELEASED,
            transfers__from_unit_id__in=admin_units,
        )
    departments = roles.role_department_ids(user, Role.DEPARTMENT_ADMIN)
    if departments:
        q |= Q(department_id__in=departments)
    offices = roles.office_ids(user)
    if offices:
        q |= roles.jurisdiction_q(offices, prefix="unit__")
    return Person.objects.filter(q).distinct().select_related("unit", "department")


def people_search(queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Search by name, or by a full ID number (matched through its keyed hash)."""
    text = (text or "").strip()
    if not text:
        return queryset
    if idnumbers.is_valid(text):
        return queryset.filter(id_hash=idnumbers.lookup_hash(text))
    return queryset.filter(name__contains=text)


def person_by_id_number(number: str) -> Person | None:
    if not idnumbers.is_valid(number):
        return None
    return Person.objects.filter(id_hash=idnumbers.lookup_hash(number)).first()


def accounts_for_user(user) -> QuerySet[Account]:
    """Unit admins see their unit's accounts; city offices see the unit admins they oversee;
    a district office those of the units it licensed (it resets their passwords, 第十七条)."""
    admin_units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    q = Q(pk__in=[])
    if admin_units:
        q |= Q(person__unit_id__in=admin_units) | Q(roles__unit_id__in=admin_units)
    cities = roles.role_unit_ids(user, Role.CITY_OFFICE)
    if cities:
        units = roles.units_in_jurisdiction(cities)
        q |= Q(roles__role=Role.UNIT_ADMIN, roles__unit__in=units)
    counties = roles.role_unit_ids(user, Role.COUNTY_OFFICE)
    if counties:
        licensed = UnitAccountApplication.objects.filter(
            licensed_by_district=True, unit__in=roles.units_in_jurisdiction(counties)
        ).values("unit")
        q |= Q(roles__role=Role.UNIT_ADMIN, roles__unit__in=licensed)
    return Account.objects.filter(q).distinct().select_related("person")


def transfers_for_user(user) -> QuerySet[Transfer]:
    """Transfers out of and into the user's units; for offices, out of and into the
    jurisdiction (an office follows who arrives as well as who leaves)."""
    admin_units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    q = Q(from_unit_id__in=admin_units) | Q(to_unit_id__in=admin_units)
    offices = roles.office_ids(user)
    if offices:
        q |= roles.jurisdiction_q(offices, prefix="from_unit__")
        q |= roles.jurisdiction_q(offices, prefix="to_unit__")
    return Transfer.objects.filter(q).select_related("person", "from_unit", "to_unit")


def pending_transfer_for(person: Person) -> Transfer | None:
    return person.transfers.filter(state=Transfer.State.RELEASED).first()


def unit_applications_for_user(user) -> QuerySet[UnitAccountApplication]:
    """Unit account applications of the offices' own areas: a city office sees its city's, a
    county office its district's (it forwards those licensed by the district)."""
    divisions: set[str] = set()
    for unit in roles.role_units(user, Role.CITY_OFFICE, Role.PROVINCE_OFFICE):
        divisions |= roles.division_ids_under(unit.division_id)
    for unit in roles.role_units(user, Role.COUNTY_OFFICE):
        divisions.add(unit.division_id)
    return UnitAccountApplication.objects.filter(division_id__in=divisions).select_related(
        "division"
    )
