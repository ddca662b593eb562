"""Voiding credits under a decision with its document (处理决定): all of a person's credits of a
year for fraud (seed 003 第二十六条), or chosen rows — among them every credit a remote provider's
courses produced when the city that registered it revokes it for fraud (第十二条), in whichever
city those rows were approved."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError, require
from jijiao.credits.chain import city_office_of
from jijiao.credits.domain.approval import city_of_entry, mark_void
from jijiao.credits.domain.common import StoredFile, Upload, store
from jijiao.credits.models import LedgerEntry, VoidDecision
from jijiao.credits.telling import tell_entry, tell_year_voided
from jijiao.orgs.models import Person, Unit

DECISIONS = "credits/decisions"


def _stored(document: Upload | StoredFile | None) -> StoredFile:
    """The decision document: stored now, or — when the caller already keeps it (a provider's
    revocation keeps it with the registration) — the same file referenced, not copied."""
    if document is None:
        raise DomainError("请上传处理决定文件", field="document")
    if isinstance(document, StoredFile):
        return document
    return store(document, DECISIONS, uploads.DOCUMENT)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请写明作废原因", field="reason")
    return reason


@transaction.atomic
def ledger_year_void(
    *, by, person: Person, year: int, reason: str, document: Upload | None
) -> VoidDecision:
    """Void every still-valid row of the person's credit year, whatever its status, under one
    decision with its document. Their certificates verify as revoked from then on.

    Side effects: a :class:`VoidDecision` with the stored document; each row ``valid`` false
    with the reason and a ``voided`` step; one audit entry ``credits.year_voided`` with the
    count; the person told once.
    """
    require(by, "credits.void_year", person)
    reason = _reason(reason)
    if document is None:
        raise DomainError("请上传处理决定文件", field="document")
    rows = list(
        LedgerEntry.objects.select_for_update()
        .filter(person=person, year=year, valid=True)
        .order_by("pk")
    )
    stored = _stored(document)
    office = city_office_of(person.unit)
    decision = VoidDecision.objects.create(
        scope=VoidDecision.Scope.PERSON_YEAR,
        office=office,
        person=person,
        year=year,
        reason=reason,
        document=stored.path,
        document_name=stored.name,
        document_sha256=stored.sha256,
        decided_by=by,
        decided_at=clock.now(),
        voided_count=len(rows),
    )
    for entry in rows:
        mark_void(
            entry, by=by, reason=f"年度学分作废：{reason}", decision=decision, office_id=office.pk
        )
    record(
        "credits.year_voided",
        actor=by,
        obj=person,
        data={"year": year, "voided": len(rows), "decision": decision.pk, "reason": reason},
    )
    if rows:
        tell_year_voided(person, year=year, count=len(rows), reason=reason)
    return decision


def _acting_office(by, entry: LedgerEntry, provider: Unit | None) -> int | None:
    """Check ``by`` may void the row under this decision; the office it acts for on the row.

    A row the revoked provider's courses produced is voided by the city that registered the
    provider (``credits.void_for_provider_revocation``) — also when another city approved it;
    any other row by its own city office (``credits.void_entry``).
    """
    if provider is not None and entry.remote_provider_id == provider.pk:
        require(by, "credits.void_for_provider_revocation", entry)
        return city_office_of(provider).pk
    require(by, "credits.void_entry", entry)
    return city_of_entry(entry)


@transaction.atomic
def ledger_entries_void(
    *,
    by,
    entries: Iterable[LedgerEntry],
    reason: str,
    document: Upload | StoredFile | None,
    provider: Unit | None = None,
) -> VoidDecision:
    """Void the given rows — of any people, years and statuses — under one decision with its
    document; their certificates then verify as revoked, showing the decision's reason.

    ``provider``: the decision revokes this remote provider's registration (seed 003 第十二条),
    and the city that registered it voids the rows its courses produced wherever they were
    approved (``credits.void_for_provider_revocation``, checked for the provider and for each
    such row); every other row needs its own city (``credits.void_entry``). A row the account
    may not void refuses the whole decision and nothing changes. A row already void keeps its
    earlier decision and is only counted.

    Side effects: a :class:`VoidDecision` (scope ``provider`` or ``entries``) with its document
    (stored, or referenced when given as a :class:`StoredFile`); each row ``valid`` false with
    the reason and the document's name, linked to the decision, and a ``voided`` step naming
    the acting office, the account and the reason — the trail by which another city that
    approved the row learns of it; one audit entry ``credits.entries_voided`` with the counts;
    each person of a newly voided row told.
    """
    reason = _reason(reason)
    if provider is not None:
        require(by, "credits.void_for_provider_revocation", provider)
    wanted = sorted({entry.pk for entry in entries})
    rows = list(LedgerEntry.objects.select_for_update().filter(pk__in=wanted).order_by("pk"))
    offices = {}
    for entry in rows:
        try:
            offices[entry.pk] = _acting_office(by, entry, provider)
        except PermissionDenied:
            raise PermissionDenied(
                f"没有权限作废{entry.person.name}“{entry.title}”（第 {entry.pk} 号学分记录）"
            ) from None
    stored = _stored(document)
    fresh = [entry for entry in rows if entry.valid]
    if provider is not None:
        office_id = city_office_of(provider).pk
    else:
        acting = {offices[entry.pk] for entry in rows}
        office_id = acting.pop() if len(acting) == 1 else None
    decision = VoidDecision.objects.create(
        scope=VoidDecision.Scope.PROVIDER if provider is not None else VoidDecision.Scope.ENTRIES,
        office_id=office_id,
        provider=provider,
        reason=reason,
        document=stored.path,
        document_name=stored.name,
        document_sha256=stored.sha256,
        decided_by=by,
        decided_at=clock.now(),
        voided_count=len(fresh),
    )
    row_reason = f"{reason}（处理决定：{stored.name}）"
    other_cities = 0
    for entry in fresh:
        acting_office = offices[entry.pk]
        mark_void(entry, by=by, reason=row_reason, decision=decision, office_id=acting_office)
        if city_of_entry(entry) != acting_office:
            other_cities += 1
    record(
        "credits.entries_voided",
        actor=by,
        obj=decision,
        data={
            "decision": decision.pk,
            "provider": provider.name if provider is not None else "",
            "reason": reason,
            "document": stored.name,
            "selected": len(wanted),
            "voided": len(fresh),
            "already_void": len(rows) - len(fresh),
            "other_cities": other_cities,
        },
    )
    for entry in fresh:
        tell_entry(entry, action="voided", by=by, reason=reason)
    return decision
