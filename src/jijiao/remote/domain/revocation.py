"""Revoking a provider's registration (seed 003 第十二条: "如发现有虚假授分，学分作无效处理并取消该
机构远程学习备案资质").

A revocation is final. For fraud it needs the decision document, and every credit the
provider's completions produced is voided through the credits app, so their certificates
verify as revoked.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from jijiao import clock
from jijiao.audit_log.log import record
from jijiao.credits.domain.approval import ledger_entry_void
from jijiao.credits.models import LedgerEntry
from jijiao.errors import DomainError, require
from jijiao.remote.domain.providers import store_document
from jijiao.remote.models import CompletionRow, Provider, ProviderDocument


@dataclass
class Revocation:
    provider: Provider
    fraud: bool
    document: ProviderDocument | None
    voided: int = 0
    # Rows another city approves (its people studied here): that city voids them.
    left_to_other_cities: list[str] = field(default_factory=list)


def produced_entries(provider: Provider):
    """The valid ledger rows of the provider's completions: those its approved lists
    created or linked, and those the credits app recorded for it directly."""
    linked = CompletionRow.objects.filter(
        completion_list__provider=provider, ledger_entry__isnull=False
    ).values("ledger_entry")
    return (
        LedgerEntry.objects.filter(
            Q(pk__in=linked)
            | Q(source=LedgerEntry.Source.REMOTE, details__provider=provider.unit.name)
        )
        .filter(valid=True)
        .select_related("person")
        .order_by("pk")
    )


@transaction.atomic
def provider_revoke(
    *, by, provider: Provider, reason: str, fraud: bool = False, uploaded=None
) -> Revocation:
    """Revoke a registered or suspended provider with the reason (and, for fraud, the decision
    document: PDF, JPG or PNG ≤ 15 MB).

    For fraud every valid credit its completions produced is voided through the credits app
    (``ledger_entry_void``) with the reason and the decision named; rows that another city
    approves are listed for that city to void. Side effects: the decision stored with the
    registration's documents; state revoked with the reason; ledger rows voided; audit
    ``remote.provider_revoked`` with the counts.
    """
    require(by, "remote.decide_registration", provider)
    if provider.state not in (Provider.State.REGISTERED, Provider.State.SUSPENDED):
        raise DomainError(f"备案{provider.get_state_display()}，不能撤销")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请写明撤销原因", field="reason")
    if fraud and uploaded is None:
        raise DomainError("因虚假授分撤销须上传处理决定文件", field="document")
    document = None
    if uploaded is not None:
        document = store_document(
            by=by, provider=provider, kind=ProviderDocument.Kind.DECISION, uploaded=uploaded
        )
    provider.state = Provider.State.REVOKED
    provider.status_reason = reason[:300]
    provider.revoked_for_fraud = fraud
    provider.decided_at = clock.now()
    provider.decided_by = by
    provider.save(
        update_fields=["state", "status_reason", "revoked_for_fraud", "decided_at", "decided_by"]
    )
    outcome = Revocation(provider=provider, fraud=fraud, document=document)
    if fraud:
        void_reason = (
            f"远程教育机构{provider.unit.name}因虚假授分被撤销备案：{reason}"
            f"（处理决定：{document.original_name}，备案材料第 {document.pk} 号）"
        )
        for entry in produced_entries(provider):
            if by.has_perm("credits.void_entry", entry):
                ledger_entry_void(by=by, entry=entry, reason=void_reason)
                outcome.voided += 1
            else:
                outcome.left_to_other_cities.append(f"{entry.person.name}（{entry.title}）")
    record(
        "remote.provider_revoked",
        actor=by,
        obj=provider,
        data={
            "reason": reason,
            "fraud": fraud,
            "document": document.original_name if document else "",
            "voided": outcome.voided,
            "left_to_other_cities": len(outcome.left_to_other_cities),
        },
    )
    return outcome
