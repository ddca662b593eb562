"""Permissions of the hosting area as named predicates (django-rules).

Object arguments: a ``PublishedProject`` for creating sessions, a ``Session`` for everything
else. The host is the host unit's admin (科教科) or the project's leader.
"""

import rules

from jijiao.orgs import roles
from jijiao.orgs.models import Role


def _project_of(obj):
    return getattr(obj, "project", obj)


@rules.predicate
def is_host_unit_admin(user, obj) -> bool:
    project = _project_of(obj)
    return (
        project is not None
        and project.host_id is not None
        and project.host_id in roles.role_unit_ids(user, Role.UNIT_ADMIN)
    )


@rules.predicate
def is_project_leader(user, obj) -> bool:
    project = _project_of(obj)
    person_id = getattr(user, "person_id", None)
    application = getattr(project, "application", None) if project is not None else None
    return person_id is not None and application is not None and application.pi_id == person_id


@rules.predicate
def is_office_over_host(user, obj) -> bool:
    project = _project_of(obj)
    if project is None:
        return False
    if project.publication.office_id in roles.office_ids(user):
        return True
    return roles.office_covers_unit(user, project.host)


@rules.predicate
def session_is_editable(user, session) -> bool:
    return session is not None and session.state != session.State.FILED


is_host = is_host_unit_admin | is_project_leader

rules.add_perm("hosting.create_session", is_host)
rules.add_perm("hosting.manage_session", is_host)
rules.add_perm("hosting.file_session", is_host & session_is_editable)
rules.add_perm("hosting.review_filing", is_office_over_host)
rules.add_perm("hosting.view_session", is_host | is_office_over_host)


@rules.predicate
def is_office(user, office) -> bool:
    """An office account of this office (a Unit)."""
    return office is not None and getattr(office, "pk", None) in roles.office_ids(user)


def _draw_of(obj):
    return getattr(obj, "draw", obj)


@rules.predicate
def is_draw_office(user, obj) -> bool:
    draw = _draw_of(obj)
    return draw is not None and draw.office_id in roles.office_ids(user)


@rules.predicate
def is_assigned_inspector(user, inspection) -> bool:
    return inspection is not None and inspection.inspector_id == user.pk


rules.add_perm("hosting.draw_inspections", is_office)
rules.add_perm("hosting.manage_inspection", is_draw_office)
rules.add_perm("hosting.record_inspection", is_assigned_inspector)
rules.add_perm("hosting.sanction", is_draw_office)


@rules.predicate
def is_office_over_sanctioned_unit(user, sanction) -> bool:
    """An office whose jurisdiction holds the sanctioned unit."""
    return sanction is not None and roles.office_covers_unit(user, sanction.unit)


rules.add_perm("hosting.decide_sanction", is_office_over_sanctioned_unit)
rules.add_perm("hosting.enter_criticism", is_office)
rules.add_perm("hosting.view_sanctions", is_office)
