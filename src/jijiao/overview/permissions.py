"""Permissions of the overview as named predicates (django-rules). Object: the office unit."""

import rules

from jijiao.orgs import roles
from jijiao.orgs.models import Unit


@rules.predicate
def is_office_account_of(user, office) -> bool:
    """An account of the office itself (a county, city or province office)."""
    return isinstance(office, Unit) and office.pk in roles.office_ids(user)


rules.add_perm("overview.make_upward_report", is_office_account_of)
rules.add_perm("overview.view_upward_reports", is_office_account_of)
rules.add_perm("overview.preview_impact", is_office_account_of)
