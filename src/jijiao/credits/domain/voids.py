"""Fraud (seed 003 第二十六条 "当事人所获年度学分作废"): voiding all of a person's credits of a year
with the decision document attached."""

from django.db import transaction

from jijiao import clock
from jijiao.audit_log.log import record
from jijiao.credits.domain.approval import mark_void
from jijiao.credits.domain.common import Upload, store
from jijiao.credits.models import LedgerEntry, VoidDecision
from jijiao.errors import DomainError, require
from jijiao.orgs.models import Person


@transaction.atomic
def ledger_year_void(
    *, by, person: Person, year: int, reason: str, document: Upload | None
) -> VoidDecision:
    """Void every still-valid row of the person's credit year, whatever its status, under one
    decision with its document. Their certificates verify as revoked from then on.

    Side effects: a :class:`VoidDecision` with the stored document; each row ``valid`` false
    with the reason and a ``voided`` step; one audit entry ``credits.year_voided`` with the
    count.
    """
    require(by, "credits.void_year", person)
    if not reason.strip():
        raise DomainError("请写明作废原因", field="reason")
    if document is None:
        raise DomainError("请上传处理决定文件", field="document")
    rows = list(
        LedgerEntry.objects.select_for_update()
        .filter(person=person, year=year, valid=True)
        .order_by("pk")
    )
    stored = store(document, "credits/decisions")
    decision = VoidDecision.objects.create(
        person=person,
        year=year,
        reason=reason.strip(),
        document=stored.path,
        document_name=stored.name,
        decided_by=by,
        decided_at=clock.now(),
        voided_count=len(rows),
    )
    for entry in rows:
        mark_void(entry, by=by, reason=f"年度学分作废：{reason.strip()}", decision=decision)
    record(
        "credits.year_voided",
        actor=by,
        obj=person,
        data={"year": year, "voided": len(rows), "decision": decision.pk, "reason": reason.strip()},
    )
    return decision
