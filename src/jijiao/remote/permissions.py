"""Permissions of remote education as named predicates (django-rules), composed per action.

Object arguments: a provider ``Unit`` for filing a registration, a ``Provider`` for its
registration and its lists, a ``Course`` for course actions and learning, a
``CompletionList`` for reviewing a list. The city office a provider registered with decides
on it; the provider's own accounts (role 远程教育机构管理员) act for it.
"""

import rules

from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit
from jijiao.remote.models import CompletionList, Course, Provider


def _provider_of(obj) -> Provider | None:
    if isinstance(obj, Provider):
        return obj
    if isinstance(obj, Course | CompletionList):
        return obj.provider
    return None


def _provider_unit_id(obj) -> int | None:
    if isinstance(obj, Unit):
        return obj.pk if obj.kind == Unit.Kind.REMOTE_PROVIDER else None
    provider = _provider_of(obj)
    return provider.unit_id if provider is not None else None


@rules.predicate
def is_provider_admin_of(user, obj) -> bool:
    unit_id = _provider_unit_id(obj)
    return unit_id is not None and unit_id in roles.role_unit_ids(user, Role.PROVIDER)


@rules.predicate
def is_registration_office(user, obj) -> bool:
    """An account of the city office the provider registered with."""
    provider = _provider_of(obj)
    return provider is not None and provider.office_id in roles.role_unit_ids(
        user, Role.CITY_OFFICE
    )


@rules.predicate
def is_provider_account(user) -> bool:
    return bool(roles.role_unit_ids(user, Role.PROVIDER))


@rules.predicate
def is_city_office(user) -> bool:
    return roles.has_role(user, Role.CITY_OFFICE)


@rules.predicate
def is_learner(user) -> bool:
    return getattr(user, "person_id", None) is not None


@rules.predicate
def provider_is_registered(user, obj) -> bool:
    provider = _provider_of(obj)
    return provider is not None and provider.registered


@rules.predicate
def course_was_approved(user, course) -> bool:
    """Approved, or approved once and withdrawn: a learner's heartbeats for it are still
    recorded (and refused while it earns no credit)."""
    return isinstance(course, Course) and course.state in (
        Course.State.APPROVED,
        Course.State.WITHDRAWN,
    )


@rules.predicate
def course_earns_credit(user, course) -> bool:
    return isinstance(course, Course) and course.earns_credit


rules.add_perm("remote.file_registration", is_provider_admin_of)
rules.add_perm("remote.view_provider", is_provider_admin_of | is_registration_office)
rules.add_perm("remote.decide_registration", is_registration_office)
rules.add_perm("remote.file_course", is_provider_admin_of & provider_is_registered)
rules.add_perm("remote.view_course", is_provider_admin_of | is_registration_office)
rules.add_perm("remote.decide_course", is_registration_office)
rules.add_perm("remote.learn", is_learner & course_was_approved)
rules.add_perm("remote.report_progress", is_provider_admin_of)
rules.add_perm("remote.upload_completions", is_provider_admin_of)
rules.add_perm("remote.review_completions", is_registration_office)
rules.add_perm("remote.view_completions", is_provider_admin_of | is_registration_office)
rules.add_perm("remote.view_provider_pages", is_provider_account | is_city_office)
rules.add_perm("remote.study", is_learner)
rules.add_perm("remote.manage_tokens", is_provider_account)
