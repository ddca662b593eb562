"""Permissions of the office's records, imports, training plans and execution summaries."""

import rules

from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit
from jijiao.projects.permissions import is_any_office, is_level_office, is_unit_admin_of


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


@rules.predicate
def is_plan_office(user, plan) -> bool:
    return plan is not None and plan.call.office_id in roles.office_ids(user)


@rules.predicate
def is_plan_unit_admin(user, plan) -> bool:
    return plan is not None and plan.unit_id in roles.role_unit_ids(user, Role.UNIT_ADMIN)


@rules.predicate
def plan_is_editable(user, plan) -> bool:
    return plan is not None and plan.editable


@rules.predicate
def is_any_unit_admin(user) -> bool:
    return bool(roles.role_unit_ids(user, Role.UNIT_ADMIN))


rules.add_perm("projects.view_records", is_any_office)
rules.add_perm("projects.view_plans", is_any_office | is_any_unit_admin)
rules.add_perm("projects.view_summaries", is_any_office | is_any_unit_admin)
rules.add_perm("projects.import_list", is_level_office)
rules.add_perm("projects.import_history", is_level_office)
rules.add_perm("projects.record_for_unit", is_office_over_unit)
rules.add_perm("projects.record_for_person", is_office_over_person)
rules.add_perm("projects.withdraw_person_record", is_office_over_record)
rules.add_perm("projects.view_summary", is_unit_admin_of | is_office_over_unit)
rules.add_perm("projects.submit_plan", is_unit_admin_of)
rules.add_perm("projects.edit_plan", is_plan_unit_admin & plan_is_editable)
rules.add_perm("projects.decide_plan", is_plan_office)
