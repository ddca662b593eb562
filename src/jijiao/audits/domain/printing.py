"""Printing the audit's official forms. The registration form (附件1) and the pledge (附件2)
carry the full ID number, so producing one is a logged event (domain.md §3); the number itself
never reaches the log."""

from collections.abc import Callable

from jijiao.audit_log.log import record
from jijiao.audits import documents
from jijiao.audits.models import AuditCase, Campaign
from jijiao.audits.table import case_years
from jijiao.common.errors import DomainError, require
from jijiao.engine.rules.audit import window
from jijiao.policy.access import get_policy


def _reveal(by, case: AuditCase, purpose: str) -> str:
    """The full number, with the same audit entry ``person.id_revealed`` as
    ``orgs.domain.people.person_reveal_id_number`` writes (the offices that print the form
    are not the ones that may reveal a number elsewhere)."""
    record(
        "person.id_revealed",
        actor=by,
        obj=case.person,
        data={"purpose": purpose, "case": case.pk},
    )
    return case.person.reveal_id_number()


def case_form_print(*, by, case: AuditCase) -> bytes:
    """The registration form (附件1) of the case. Side effects: audit ``person.id_revealed``
    and ``audits.form_printed``."""
    require(by, "audits.print_case", case)
    id_number = _reveal(by, case, "晋升学分登记汇总表（附件1）")
    pdf = documents.registration_form_pdf(case, id_number=id_number)
    record("audits.form_printed", actor=by, obj=case, data={"form": "附件1"})
    return pdf


def case_year_lists(*, by, case: AuditCase, year: int | None = None) -> bytes:
    """The per-year credit lists of the window (or of one year). No ID number: nothing
    logged."""
    require(by, "audits.print_case", case)
    years = case_years(case, get_policy(case.campaign.policy_id))
    if case.include_audit_year:
        years = [*years, case.campaign.year]
    if year is not None:
        if year not in years:
            raise DomainError(f"{year} 年不在本审核对象的审核年度内")
        years = [year]
    return documents.year_lists_pdf(case, documents.year_lists(case, years))


def case_pledge_print(*, by, case: AuditCase) -> bytes:
    """The late-entry pledge (附件2) for the case's late personal entries. Side effects: audit
    ``person.id_revealed`` and ``audits.pledge_printed``."""
    require(by, "audits.print_case", case)
    years = case_years(case, get_policy(case.campaign.policy_id))
    entries = documents.pledge_entries(case, [*years, case.campaign.year])
    if not entries:
        raise DomainError(f"{case.person.name}在审核年度内没有补录的学分，无需承诺书")
    id_number = _reveal(by, case, "学分补录承诺书（附件2）")
    pdf = documents.pledge_pdf(case, entries, id_number=id_number)
    record(
        "audits.pledge_printed",
        actor=by,
        obj=case,
        data={"entries": [e.pk for e in entries]},
    )
    return pdf


def campaign_export(
    *, by, campaign: Campaign, cases, progress: Callable[[int, int], None] | None = None
) -> tuple[bytes, int]:
    """The campaign's list as Excel (everyone, then a sheet per district), for the cases the
    account sees, with the count. Side effects: audit ``audits.list_exported`` with the
    count."""
    require(by, "audits.export_campaign", campaign)
    policy = get_policy(campaign.policy_id)
    years = window(policy, campaign.year, False)
    content, count = documents.campaign_xlsx(campaign, cases, years, progress)
    record("audits.list_exported", actor=by, obj=campaign, data={"cases": count})
    return content, count
