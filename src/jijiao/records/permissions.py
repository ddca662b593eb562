"""Permissions of the records kept against people and units, as named predicates."""

import rules

from jijiao.orgs import roles
from jijiao.orgs.models import Unit


@rules.predicate
def is_any_office(user) -> bool:
    return bool(roles.office_ids(user))


@rules.predicate
def is_office_over_unit(user, unit) -> bool:
    """An office whose jurisdiction holds the unit (directly or through offices below)."""
    return isinstance(unit, Unit) and roles.office_covers_unit(user, unit)


@rules.predicate
def is_office_over_person(user, person) -> bool:
    unit = getattr(person, "unit", None)
    return unit is not None and roles.office_covers_unit(user, unit)


@rules.predicate
def is_office_over_record(user, record) -> bool:
    return record is not None and is_office_over_person(user, record.person)


rules.add_perm("records.view_people", is_any_office)
rules.add_perm("records.record_for_unit", is_office_over_unit)
rules.add_perm("records.record_for_person", is_office_over_person)
rules.add_perm("records.withdraw_person_record", is_office_over_record)
