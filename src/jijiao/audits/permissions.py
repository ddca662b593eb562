"""Permissions of the promotion audit as named predicates (django-rules), composed per action.

Object arguments: a ``Unit`` (an office for opening a campaign, a unit for its candidates and
intake day), a ``Campaign`` for the city's management of it, an ``AuditCase`` for case actions.
"""

import rules

from jijiao.audits.models import AuditCase, Campaign
from jijiao.credits.permissions import STAGE_ROLE, is_city_office_account_of
from jijiao.orgs import roles
from jijiao.orgs.models import Role
from jijiao.orgs.permissions import is_unit_admin_of


@rules.predicate
def is_case_unit_admin(user, case) -> bool:
    """The 科教科 of the unit that submits the case."""
    return isinstance(case, AuditCase) and case.unit_id in roles.role_unit_ids(
        user, Role.UNIT_ADMIN
    )


@rules.predicate
def case_is_with_unit(user, case) -> bool:
    """Being filled in, or returned to the unit for correction."""
    return isinstance(case, AuditCase) and case.editable


@rules.predicate
def is_reviewer_at_case_stage(user, case) -> bool:
    """An account of the office the case waits at (county or city)."""
    if not isinstance(case, AuditCase) or case.editable or case.stage is None:
        return False
    stage = case.stage
    return stage["office"] in roles.role_unit_ids(user, STAGE_ROLE[stage["stage"]])


@rules.predicate
def is_case_city_office(user, case) -> bool:
    """The city office that runs the case's campaign."""
    return isinstance(case, AuditCase) and case.campaign.office_id in roles.role_unit_ids(
        user, Role.CITY_OFFICE
    )


@rules.predicate
def is_office_on_case_chain(user, case) -> bool:
    """A county or city office on the case's chain."""
    if not isinstance(case, AuditCase):
        return False
    offices = roles.office_ids(user)
    return any(step["office"] in offices for step in case.chain if step["stage"] != "unit")


@rules.predicate
def is_case_person(user, case) -> bool:
    return isinstance(case, AuditCase) and getattr(user, "person_id", None) == case.person_id


@rules.predicate
def is_campaign_city_office(user, campaign) -> bool:
    return isinstance(campaign, Campaign) and campaign.office_id in roles.role_unit_ids(
        user, Role.CITY_OFFICE
    )


@rules.predicate
def is_county_office_of_campaign(user, campaign) -> bool:
    """A county office under the campaign's city office (it sees its district's cases)."""
    if not isinstance(campaign, Campaign):
        return False
    counties = roles.role_units(user, Role.COUNTY_OFFICE)
    return any(unit.supervisor_id == campaign.office_id for unit in counties)


rules.add_perm("audits.open_campaign", is_city_office_account_of)
rules.add_perm("audits.manage_campaign", is_campaign_city_office)
rules.add_perm("audits.export_campaign", is_campaign_city_office | is_county_office_of_campaign)
rules.add_perm("audits.add_candidate", is_unit_admin_of)
rules.add_perm("audits.choose_intake_day", is_unit_admin_of)
rules.add_perm("audits.edit_case", is_case_unit_admin & case_is_with_unit)
rules.add_perm("audits.submit_case", is_case_unit_admin & case_is_with_unit)
rules.add_perm("audits.review_case", is_reviewer_at_case_stage | is_case_city_office)
rules.add_perm(
    "audits.mark_evidence",
    (is_case_unit_admin & case_is_with_unit) | is_reviewer_at_case_stage,
)
rules.add_perm("audits.receive_case", is_case_city_office)
# The registration form and the pledge print the full ID number (a logged event).
rules.add_perm("audits.print_case", is_case_unit_admin | is_office_on_case_chain | is_case_person)
