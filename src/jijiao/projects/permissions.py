"""Permissions of the projects area as named predicates."""

import rules

from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit
from jijiao.records.permissions import is_office_over_unit

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


@rules.predicate
def is_applicant(user) -> bool:
    return getattr(user, "person_id", None) is not None and roles.has_role(user, Role.APPLICANT)


@rules.predicate
def is_application_owner(user, application) -> bool:
    # Predicates must return real booleans: django-rules skips a predicate that returns None.
    person_id = getattr(user, "person_id", None)
    return application is not None and (
        application.created_by_id == user.pk
        or (person_id is not None and application.pi_id == person_id)
    )


@rules.predicate
def application_is_editable(user, application) -> bool:
    return application is not None and application.editable


@rules.predicate
def is_unit_admin_of_application(user, application) -> bool:
    return application is not None and application.unit_id in roles.role_unit_ids(
        user, Role.UNIT_ADMIN
    )


def handling_office_id(application) -> int:
    """The office that takes in, reviews and decides the application: the call's TCM office for
    a TCM project of a call that routes them (seed 003 第七条), else the call's office."""
    call = application.call
    if application.tcm and call.tcm_office_id is not None:
        return call.tcm_office_id
    return call.office_id


@rules.predicate
def is_office_of_application(user, application) -> bool:
    return application is not None and handling_office_id(application) in roles.office_ids(user)


@rules.predicate
def is_unit_admin_of(user, unit) -> bool:
    return isinstance(unit, Unit) and unit.pk in roles.role_unit_ids(user, Role.UNIT_ADMIN)


@rules.predicate
def is_assigned_reviewer(user, assignment) -> bool:
    return assignment is not None and assignment.reviewer_id == user.pk


rules.add_perm("projects.apply", is_applicant)
rules.add_perm("projects.edit_application", is_application_owner & application_is_editable)
rules.add_perm("projects.submit_application", is_application_owner & application_is_editable)
rules.add_perm("projects.unit_review", is_unit_admin_of_application)
rules.add_perm("projects.recommend_for_unit", is_unit_admin_of)
rules.add_perm("projects.office_review", is_office_of_application)
rules.add_perm("projects.record_paper", is_call_office)
rules.add_perm("projects.set_criteria", is_call_office)
rules.add_perm("projects.review", is_assigned_reviewer)
rules.add_perm("projects.publish", is_call_office)


@rules.predicate
def is_unit_admin(user) -> bool:
    return bool(roles.role_unit_ids(user, Role.UNIT_ADMIN))


@rules.predicate
def is_expert(user) -> bool:
    return roles.has_role(user, Role.EXPERT)


# Those who handle the paper form: the owner, the unit's admin, the call's office.
handles_paper_form = is_application_owner | is_unit_admin_of_application | is_office_of_application

rules.add_perm("projects.add_attachment", is_application_owner & application_is_editable)
rules.add_perm("projects.print_application", handles_paper_form)
rules.add_perm("projects.view_unit_review", is_unit_admin)
rules.add_perm("projects.view_reviews", is_expert)


# The office's lists and imports, training plans and execution summaries.


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
rules.add_perm("projects.view_summary", is_unit_admin_of | is_office_over_unit)
rules.add_perm("projects.submit_plan", is_unit_admin_of)
rules.add_perm("projects.edit_plan", is_plan_unit_admin & plan_is_editable)
rules.add_perm("projects.decide_plan", is_plan_office)
