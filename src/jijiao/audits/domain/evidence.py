"""The evidence checklist of a case (seed 002 三.3、三.4): each item of a row that needs
evidence is uploaded with the case, taken from the files already on the ledger row, or marked
as seen on paper — by the unit while the case is with it, or by the office it waits at (the
paper arrives at intake). The ``AUD_EVIDENCE_MISSING`` finding reads the checklist."""

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.audits.models import AuditCase, EvidenceMark
from jijiao.audits.table import case_years
from jijiao.audits.vocab import ITEM_LABELS, LEDGER_KINDS_FOR_ITEM, items_for
from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError, require
from jijiao.credits.domain.common import Upload, store
from jijiao.credits.models import Evidence, LedgerEntry
from jijiao.policy.access import get_policy

FOLDER = "audits/evidence"


def _checked(by, case: AuditCase, entry: LedgerEntry, item: str) -> None:
    require(by, "audits.mark_evidence", case)
    if case.closed:
        raise DomainError("该审核对象已办结，不能修改材料")
    policy = get_policy(case.campaign.policy_id)
    years = case_years(case, policy)
    if case.include_audit_year:
        years = [*years, case.campaign.year]
    if entry.person_id != case.person_id or entry.year not in years:
        raise DomainError("该学分记录不在本审核对象的审核年度内")
    items = items_for(entry.activity_type, policy.get("evidence", "kinds", default={}))
    if item not in items:
        raise DomainError(f"{entry.activity_type}学分不需要“{ITEM_LABELS.get(item, item)}”")


def _put(case, entry, item, *, by, how, **fields) -> EvidenceMark:
    mark = EvidenceMark.objects.filter(case=case, entry=entry, item=item).first()
    before = mark.how if mark else None
    if mark is None:
        mark = EvidenceMark(case=case, entry=entry, item=item)
    mark.how = how
    mark.file = fields.get("file", "")
    mark.name = fields.get("name", "")
    mark.sha256 = fields.get("sha256", "")
    mark.ledger_evidence = fields.get("ledger_evidence")
    mark.by = by
    mark.by_label = str(by)[:150]
    mark.at = clock.now()
    mark.save()
    record(
        "audits.evidence_marked",
        actor=by,
        obj=case,
        data={
            "entry": entry.pk,
            "item": item,
            "before": before,
            "after": how,
            "file": mark.name,
        },
    )
    return mark


@transaction.atomic
def evidence_upload(
    *, by, case: AuditCase, entry: LedgerEntry, item: str, upload: Upload
) -> EvidenceMark:
    """Upload the scan of one item. Side effects: the stored file, the item marked
    ``uploaded`` (replacing an earlier mark), audit ``audits.evidence_marked``."""
    _checked(by, case, entry, item)
    stored = store(upload, FOLDER, uploads.DOCUMENT)
    return _put(
        case,
        entry,
        item,
        by=by,
        how=EvidenceMark.How.UPLOADED,
        file=stored.path,
        name=stored.name,
        sha256=stored.sha256,
    )


@transaction.atomic
def evidence_use_ledger(
    *, by, case: AuditCase, entry: LedgerEntry, item: str, evidence: Evidence
) -> EvidenceMark:
    """Use a file already attached to the ledger row for one item. Side effects: the item
    marked ``ledger``, audit ``audits.evidence_marked``."""
    _checked(by, case, entry, item)
    if evidence.entry_id != entry.pk:
        raise DomainError("所选文件不属于该学分记录")
    if evidence.kind not in LEDGER_KINDS_FOR_ITEM.get(item, ()):
        raise DomainError(f"“{evidence.get_kind_display()}”不能作为“{ITEM_LABELS.get(item, item)}”")
    return _put(
        case,
        entry,
        item,
        by=by,
        how=EvidenceMark.How.LEDGER,
        name=evidence.name,
        sha256=evidence.sha256,
        ledger_evidence=evidence,
    )


@transaction.atomic
def evidence_mark_paper(*, by, case: AuditCase, entry: LedgerEntry, item: str) -> EvidenceMark:
    """Mark one item as seen on paper (the stamped copy was checked). Side effects: the item
    marked ``paper`` with who and when, audit ``audits.evidence_marked``."""
    _checked(by, case, entry, item)
    return _put(case, entry, item, by=by, how=EvidenceMark.How.PAPER)


@transaction.atomic
def evidence_clear(*, by, case: AuditCase, entry: LedgerEntry, item: str) -> None:
    """Take an item off the checklist (a wrong file, a mark made by mistake). Side effects:
    the mark removed (its file stays stored), audit ``audits.evidence_cleared``."""
    _checked(by, case, entry, item)
    mark = EvidenceMark.objects.filter(case=case, entry=entry, item=item).first()
    if mark is None:
        raise DomainError(f"“{ITEM_LABELS.get(item, item)}”尚未提供，无需撤销")
    record(
        "audits.evidence_cleared",
        actor=by,
        obj=case,
        data={"entry": entry.pk, "item": item, "was": mark.how, "file": mark.name},
    )
    mark.delete()
