"""Permissions of the execution area as named predicates (django-rules).

Object arguments: a ``Session`` for the host's actions and what is seen about a session, an
``ExecutionReport`` for the offices' review. The host is the host unit's admin or the project's
leader (hosting's predicates); the reviewing office is the office of the stage the report waits
at.
"""

import rules

from jijiao.hosting.permissions import is_host, is_office_over_host
from jijiao.orgs import roles
from jijiao.orgs.models import Role


def _chain_offices(report, *, final_only: bool = False) -> set[int]:
    chain = getattr(report, "chain", None) or []
    stages = chain[-1:] if final_only else chain
    return {stage["office"] for stage in stages}


@rules.predicate
def is_office_at_stage(user, report) -> bool:
    stage = getattr(report, "stage", None)
    return stage is not None and stage["office"] in roles.office_ids(user)


@rules.predicate
def is_final_office(user, report) -> bool:
    """An account of the office whose acceptance is final (the last of the chain)."""
    return bool(_chain_offices(report, final_only=True) & roles.office_ids(user))


@rules.predicate
def is_person(user) -> bool:
    return getattr(user, "person_id", None) is not None


@rules.predicate
def is_any_office(user) -> bool:
    return bool(roles.office_ids(user))


rules.add_perm("execution.manage_report", is_host)
rules.add_perm("execution.view_report", is_host | is_office_over_host)
rules.add_perm("execution.review_report", is_office_at_stage)
rules.add_perm("execution.grant_report", is_final_office)
rules.add_perm("execution.manage_survey", is_host)
rules.add_perm("execution.answer_survey", is_person)
rules.add_perm("execution.rank_scores", is_any_office)


@rules.predicate
def is_this_office(user, office) -> bool:
    """An account of this office (a Unit)."""
    return office is not None and getattr(office, "pk", None) in roles.office_ids(user)


rules.add_perm("execution.scan_sanctions", is_this_office)
rules.add_perm("execution.view_standing", is_any_office)


@rules.predicate
def is_work_report_owner(user, report) -> bool:
    """The unit's admin (科教科), or for a district the district office's accounts."""
    if report is None:
        return False
    if report.unit_id in roles.role_unit_ids(user, Role.UNIT_ADMIN):
        return True
    return report.unit_id in roles.office_ids(user)


rules.add_perm("execution.assess_units", is_this_office)
rules.add_perm("execution.submit_work_report", is_work_report_owner)
