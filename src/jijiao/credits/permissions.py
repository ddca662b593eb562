"""Permissions of the credits area as named predicates (django-rules), composed per action.

Object arguments: a ``LedgerEntry`` for row actions, a ``Person`` for a person's credits, a
``Unit`` for a unit's lists and entries (an office unit for the city's settings, a provider
unit for its remote completions).
"""

import rules

from jijiao.common.errors import DomainError
from jijiao.credits.chain import city_office_of
from jijiao.credits.models import LedgerEntry
from jijiao.orgs import roles
from jijiao.orgs.models import Person, Role, Unit
from jijiao.orgs.permissions import (
    can_view_person,
    is_city_office_over,
    is_office_over,
    is_self,
    is_unit_admin_of,
)

STAGE_ROLE = {
    "unit": Role.UNIT_ADMIN,
    "county": Role.COUNTY_OFFICE,
    "city": Role.CITY_OFFICE,
    "province": Role.PROVINCE_OFFICE,
}


@rules.predicate
def is_reviewer_at_stage(user, entry) -> bool:
    """An account of the office (or unit) the row waits at."""
    if not isinstance(entry, LedgerEntry) or entry.stage is None:
        return False
    stage = entry.stage
    return stage["office"] in roles.role_unit_ids(user, STAGE_ROLE[stage["stage"]])


@rules.predicate
def is_city_office_of_entry(user, entry) -> bool:
    """The city office at the end of the row's chain (for rows without a chain, such as project
    grants, the city office over the person's unit)."""
    if not isinstance(entry, LedgerEntry):
        return False
    if entry.chain:
        return entry.chain[-1]["office"] in roles.role_unit_ids(user, Role.CITY_OFFICE)
    return bool(is_city_office_over(user, entry.person))


@rules.predicate
def is_granter_of_entry(user, entry) -> bool:
    """The account that granted a project row through ``credits_grant_for_session``, which
    checked its own permission (``credits.grant_session``) and records that account on the
    row: the grant passes its acting account through to what it does on the rows."""
    return (
        isinstance(entry, LedgerEntry)
        and entry.source == LedgerEntry.Source.PROJECT
        and not entry.chain
        and entry.entry_method in (LedgerEntry.Method.ATTENDANCE, LedgerEntry.Method.LECTURER)
        and entry.entered_by_id is not None
        and entry.entered_by_id == getattr(user, "pk", None)
    )


def _provider_unit(obj) -> Unit | None:
    if isinstance(obj, LedgerEntry):
        provider_id = obj.remote_provider_id
        return Unit.objects.filter(pk=provider_id).first() if provider_id else None
    if isinstance(obj, Unit) and obj.kind == Unit.Kind.REMOTE_PROVIDER:
        return obj
    return None


@rules.predicate
def is_registration_office_of_provider(user, obj) -> bool:
    """The city office a remote provider registers with, for the provider unit or for a row
    its courses produced (wherever that row is approved). A provider registers with the first
    city office above its unit (``remote.domain.providers.city_office_above``), the one found
    here."""
    unit = _provider_unit(obj)
    if unit is None:
        return False
    try:
        office = city_office_of(unit)
    except DomainError:
        return False
    return office.pk in roles.role_unit_ids(user, Role.CITY_OFFICE)


@rules.predicate
def is_unit_admin_of_entry_unit(user, entry) -> bool:
    return (
        isinstance(entry, LedgerEntry)
        and entry.unit_id is not None
        and entry.unit_id in roles.role_unit_ids(user, Role.UNIT_ADMIN)
    )


@rules.predicate
def is_entrant(user, entry) -> bool:
    """Who entered the row, or the person it belongs to for their own entries."""
    if not isinstance(entry, LedgerEntry):
        return False
    if entry.entered_by_id == user.pk:
        return True
    own = getattr(user, "person_id", None) == entry.person_id
    return own and entry.source == LedgerEntry.Source.PERSONAL


@rules.predicate
def is_department_admin_in(user, unit) -> bool:
    if not isinstance(unit, Unit):
        return False
    departments = roles.role_department_ids(user, Role.DEPARTMENT_ADMIN)
    return bool(departments) and unit.departments.filter(pk__in=departments).exists()


@rules.predicate
def is_city_office_account_of(user, office) -> bool:
    return isinstance(office, Unit) and office.pk in roles.role_unit_ids(user, Role.CITY_OFFICE)


@rules.predicate
def is_any_office(user) -> bool:
    return bool(roles.office_ids(user))


@rules.predicate
def is_own_person(user, person) -> bool:
    return isinstance(person, Person) and bool(is_self(user, person))


can_review = is_reviewer_at_stage | is_city_office_of_entry

rules.add_perm("credits.review_entry", can_review)
rules.add_perm("credits.resubmit_entry", is_entrant)
rules.add_perm("credits.correct_entry", is_city_office_of_entry | is_unit_admin_of_entry_unit)
rules.add_perm("credits.void_entry", is_city_office_of_entry)
# Seed 003 第十二条: the city that revokes a provider for fraud voids every credit its courses
# produced, those other cities approved included (their trail names the decision).
rules.add_perm("credits.void_for_provider_revocation", is_registration_office_of_provider)
rules.add_perm("credits.void_year", is_city_office_over)
rules.add_perm("credits.enter_in_unit", is_unit_admin_of | is_department_admin_in)
rules.add_perm("credits.enter_personal", is_own_person | is_unit_admin_of)
# Providers send their lists through the remote app; its approval by the city records them.
rules.add_perm("credits.record_remote", is_registration_office_of_provider)
rules.add_perm("credits.issue_certificate", is_city_office_of_entry | is_granter_of_entry)
rules.add_perm("credits.grant_session", is_any_office)
rules.add_perm("credits.set_credit_year", is_city_office_account_of)
rules.add_perm("credits.import_ledger", is_city_office_account_of)
rules.add_perm("credits.view_transcript", can_view_person)
rules.add_perm("credits.set_annual_facts", is_unit_admin_of)
rules.add_perm("credits.confirm_compliance", is_unit_admin_of)
rules.add_perm("credits.recompute_summaries", is_unit_admin_of | is_office_over)
rules.add_perm("credits.export_unit_transcripts", is_unit_admin_of)
rules.add_perm("credits.print_annual_proof", is_own_person | is_unit_admin_of)
rules.add_perm("credits.print_pledge", is_own_person | is_unit_admin_of)
