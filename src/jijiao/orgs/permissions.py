"""Permissions of the orgs area as named predicates (django-rules), composed per action.

Object arguments: a ``Person`` for person actions, a ``Unit`` for unit actions, an ``Account`` for
account actions. Views declare the permission; domain functions check it again, so the API, the
CLI and the pages cannot drift apart.
"""

import rules

from jijiao.orgs import roles
from jijiao.orgs.models import Account, Person, Role, Unit, UnitAccountApplication


@rules.predicate
def is_system_admin(user) -> bool:
    return roles.has_role(user, Role.SYSTEM_ADMIN)


@rules.predicate
def is_security_admin(user) -> bool:
    return roles.has_role(user, Role.SECURITY_ADMIN)


@rules.predicate
def is_audit_admin(user) -> bool:
    return roles.has_role(user, Role.AUDIT_ADMIN)


@rules.predicate
def is_city_office(user) -> bool:
    return roles.has_role(user, Role.CITY_OFFICE)


@rules.predicate
def is_any_office(user) -> bool:
    return bool(roles.office_ids(user))


def _unit_of(obj) -> Unit | None:
    if isinstance(obj, Unit):
        return obj
    if isinstance(obj, Person):
        return obj.unit
    if isinstance(obj, Account):
        return obj.person.unit if obj.person_id else None
    return None


@rules.predicate
def is_unit_admin_of(user, obj) -> bool:
    unit = _unit_of(obj)
    return unit is not None and unit.pk in roles.role_unit_ids(user, Role.UNIT_ADMIN)


@rules.predicate
def is_department_admin_of(user, person: Person) -> bool:
    return (
        isinstance(person, Person)
        and person.department_id is not None
        and person.department_id in roles.role_department_ids(user, Role.DEPARTMENT_ADMIN)
    )


@rules.predicate
def is_office_over(user, obj) -> bool:
    return roles.office_covers_unit(user, _unit_of(obj))


@rules.predicate
def is_city_office_over(user, obj) -> bool:
    unit = _unit_of(obj)
    if unit is None:
        return False
    cities = roles.role_unit_ids(user, Role.CITY_OFFICE)
    return bool(cities) and roles.units_in_jurisdiction(cities).filter(pk=unit.pk).exists()


def licensed_by_district(unit: Unit) -> bool:
    """Whether the unit's licence is a district's (its account application said so, 第十五条);
    a unit opened otherwise is taken as licensed by the city."""
    return UnitAccountApplication.objects.filter(unit=unit, licensed_by_district=True).exists()


@rules.predicate
def is_licensing_office_of(user, obj) -> bool:
    """The office that licensed the unit (发证机构, seed 003 第十七条): the district office of its
    own district for a district-licensed unit, else the city office over it."""
    unit = _unit_of(obj)
    if unit is None:
        return False
    if licensed_by_district(unit):
        return any(
            unit.division_id == office.division_id
            for office in roles.role_units(user, Role.COUNTY_OFFICE)
        )
    return is_city_office_over(user, unit)


@rules.predicate
def is_self(user, person: Person) -> bool:
    return isinstance(person, Person) and getattr(user, "person_id", None) == person.pk


@rules.predicate
def unit_is_deregistered(user, unit: Unit) -> bool:
    return isinstance(unit, Unit) and unit.licence_status == Unit.Licence.DEREGISTERED


@rules.predicate
def is_released_from_unit_admins_unit(user, person: Person) -> bool:
    """The old unit keeps sight of a person it released until the new unit takes them in."""
    if not isinstance(person, Person) or person.unit_id is not None:
        return False
    admin_units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    return person.transfers.filter(state="released", from_unit_id__in=admin_units).exists()


@rules.predicate
def is_unit_admin(user) -> bool:
    return bool(roles.role_unit_ids(user, Role.UNIT_ADMIN))


@rules.predicate
def is_department_admin(user) -> bool:
    return bool(roles.role_department_ids(user, Role.DEPARTMENT_ADMIN))


can_view_person = (
    is_self
    | is_unit_admin_of
    | is_department_admin_of
    | is_office_over
    | is_released_from_unit_admins_unit
)

rules.add_perm("orgs.view_person", can_view_person)
rules.add_perm("orgs.change_person", is_unit_admin_of)
rules.add_perm("orgs.reveal_id_number", is_self | is_unit_admin_of)
rules.add_perm("orgs.add_person_to_unit", is_unit_admin_of)
rules.add_perm("orgs.import_people", is_unit_admin_of)
rules.add_perm("orgs.transfer_out", is_unit_admin_of)
rules.add_perm("orgs.transfer_in", is_unit_admin_of)
rules.add_perm("orgs.confirm_trainee", is_unit_admin_of)
rules.add_perm("orgs.force_transfer", is_city_office_over & unit_is_deregistered)
rules.add_perm("orgs.manage_departments", is_unit_admin_of)
rules.add_perm("orgs.create_unit_account", is_unit_admin_of)
rules.add_perm("orgs.view_unit", is_unit_admin_of | is_office_over)
rules.add_perm("orgs.edit_unit", is_city_office_over)
rules.add_perm("orgs.deregister_unit", is_city_office_over)
rules.add_perm("orgs.rename_unit", is_city_office_over)
rules.add_perm("orgs.request_unit_rename", is_unit_admin_of)


@rules.predicate
def is_city_office_for_application(user, application) -> bool:
    """A city office whose city contains the applying unit's division."""
    return isinstance(application, UnitAccountApplication) and any(
        application.division_id in roles.division_ids_under(unit.division_id)
        for unit in roles.role_units(user, Role.CITY_OFFICE)
    )


@rules.predicate
def is_county_office_for_application(user, application) -> bool:
    """The county office of the applying unit's own district (第十五条: it forwards)."""
    return isinstance(application, UnitAccountApplication) and any(
        application.division_id == unit.division_id
        for unit in roles.role_units(user, Role.COUNTY_OFFICE)
    )


rules.add_perm("orgs.decide_unit_account_application", is_city_office_for_application)
rules.add_perm("orgs.forward_unit_account_application", is_county_office_for_application)
rules.add_perm("orgs.reset_unit_admin_password", is_licensing_office_of)
rules.add_perm("orgs.reset_staff_password", is_unit_admin_of)
rules.add_perm("orgs.manage_roles", is_security_admin)
rules.add_perm("orgs.manage_system", is_system_admin)
rules.add_perm("orgs.view_people_list", is_unit_admin | is_department_admin | is_any_office)
rules.add_perm("audit_log.view", is_audit_admin)
rules.add_perm("audit_log.verify", is_audit_admin)
rules.add_perm("jobs.view_failures", is_system_admin)
