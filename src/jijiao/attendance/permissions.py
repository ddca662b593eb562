"""Permissions of the attendance area (django-rules). Object: a ``Session``.

The host runs registration, the check-in screen, staff scanning, imports and corrections; the
office over the host sees the lists; anyone who is a person (学员) registers and scans.
"""

import rules

from jijiao.hosting.permissions import is_host, is_host_unit_admin, is_office_over_host


@rules.predicate
def is_person(user) -> bool:
    return getattr(user, "person_id", None) is not None


@rules.predicate
def session_takes_registrations(user, session) -> bool:
    return session is not None and session.is_filed


rules.add_perm("attendance.register", is_person & session_takes_registrations)
rules.add_perm("attendance.scan_self", is_person)
rules.add_perm("attendance.manage", is_host)
rules.add_perm("attendance.view", is_host | is_office_over_host)
# A correction by the host counts once a unit admin of the host unit approves it.
rules.add_perm("attendance.approve_correction", is_host_unit_admin)
