"""Permissions of the projects area as named predicates."""

import rules

from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit

LEVEL_OFFICE_ROLE = {
    "city": Role.CITY_OFFICE,
    "provincial": Role.PROVINCE_OFFICE,
    "national": Role.NATIONAL_OFFICE,
}


@rules.predicate
def is_level_office(user, office: Unit | None) -> bool:
    """An office account of the office that would own the call."""
    return isinstance(office, Unit) and office.pk in roles.office_ids(user)


@rules.predicate
def is_call_office(user, call) -> bool:
    return call is not None and call.office_id in roles.office_ids(user)


@rules.predicate
def is_any_office(user) -> bool:
    return bool(roles.office_ids(user))


rules.add_perm("projects.open_call", is_level_office)
rules.add_perm("projects.manage_call", is_call_office)
rules.add_perm("projects.view_calls", is_any_office)
