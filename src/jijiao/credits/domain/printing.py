"""Printing the late-entry pledge: an official form that carries the full ID number, so
producing one is a logged event (domain.md §3)."""

from jijiao.audit_log.log import record
from jijiao.common.errors import DomainError, require
from jijiao.credits.documents import PledgeItem, pledge_pdf
from jijiao.orgs.models import Person


def pledge_print(*, by, person: Person, items: list[PledgeItem]) -> bytes:
    """The pledge (seed 002 附件2) for the listed late entries, filled in for signature.
    Side effects: audit ``credits.pledge_printed`` (the number itself is not logged)."""
    require(by, "credits.print_pledge", person)
    if not items:
        raise DomainError("请至少填写一项需补录的学分")
    pdf = pledge_pdf(person, id_number=person.reveal_id_number(), items=items)
    record(
        "credits.pledge_printed",
        actor=by,
        obj=person,
        data={"items": len(items), "types": sorted({i.activity_type for i in items})},
    )
    return pdf
