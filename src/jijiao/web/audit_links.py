"""Which objects of the audit log link to their pages, and for whom: each area's page and its
visibility query (the same ``*_for_user`` the page itself uses)."""

from jijiao.audit_log.display import register_object_page
from jijiao.audits.queries import campaigns_for_user, cases_for_user
from jijiao.credits.queries import entries_for_user as ledger_entries_for_user
from jijiao.hosting.queries import inspections_for_user, sessions_for_user
from jijiao.orgs.queries import people_for_user, units_for_user
from jijiao.projects.queries import applications_for_user, calls_for_user
from jijiao.remote.queries import completion_lists_for_user, courses_for_user, providers_for_user


def register() -> None:
    for object_type, url_name, visible in [
        ("orgs.person", "orgs:person", people_for_user),
        ("orgs.unit", "orgs:unit", units_for_user),
        ("projects.call", "projects:call", calls_for_user),
        ("projects.application", "projects:application", applications_for_user),
        ("hosting.session", "hosting:session", sessions_for_user),
        ("hosting.inspection", "hosting:inspection", inspections_for_user),
        ("credits.ledgerentry", "credits:entry", ledger_entries_for_user),
        ("audits.campaign", "audits:campaign", campaigns_for_user),
        ("audits.auditcase", "audits:case", cases_for_user),
        ("remote.provider", "remote:provider", providers_for_user),
        ("remote.course", "remote:course", courses_for_user),
        ("remote.completionlist", "remote:list", completion_lists_for_user),
    ]:
        register_object_page(object_type, url_name, visible)
