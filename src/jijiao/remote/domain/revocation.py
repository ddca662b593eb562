"""Revoking a provider's registration (seed 003 第十二条: "如发现有虚假授分，学分作无效处理并取消该
机构远程学习备案资质").

A revocation is final. For fraud it needs the decision document, and every credit the
provider's courses produced is voided under that decision through the credits app
(``ledger_entries_void``) — in whichever city it was approved, so their certificates all
verify as revoked with the decision's reason.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.credits.domain.approval import city_of_entry
from jijiao.credits.domain.common import StoredFile
from jijiao.credits.domain.voids import ledger_entries_void
from jijiao.credits.models import LedgerEntry, VoidDecision
from jijiao.credits.queries import remote_entries_of_provider
from jijiao.remote.domain.providers import store_document
from jijiao.remote.models import CompletionRow, Provider, ProviderDocument


@dataclass
class Revocation:
    provider: Provider
    fraud: bool
    document: ProviderDocument | None
    decision: VoidDecision | None = None
    voided: int = 0
    # Of those, rows another city approves (its people studied here): voided all the same,
    # their trail names this city's decision.
    voided_for_other_cities: int = 0


def produced_entries(provider: Provider):
    """The valid ledger rows of the provider's completions: those its approved lists created
    or linked, and any other the credits app recorded for its courses."""
    linked = CompletionRow.objects.filter(
        completion_list__provider=provider, ledger_entry__isnull=False
    ).values("ledger_entry")
    recorded = remote_entries_of_provider(provider.unit).values("pk")
    return (
        LedgerEntry.objects.filter(Q(pk__in=linked) | Q(pk__in=recorded))
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

    For fraud every valid credit its courses produced — also those another city approved or
    has still to approve — is voided under one decision of the credits app
    (``ledger_entries_void`` with the provider: the credits app checks
    ``credits.void_for_provider_revocation`` for each row), the decision pointing at the
    document kept with the registration. Side effects: the decision document stored with the
    registration's documents; state revoked with the reason; the credits decision, the rows
    voided with their trail, their certificates revoked (audited by the credits app); audit
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
    transition(provider, Provider.State.REVOKED)
    provider.status_reason = reason[:300]
    provider.revoked_for_fraud = fraud
    provider.decided_at = clock.now()
    provider.decided_by = by
    provider.save(
        update_fields=["state", "status_reason", "revoked_for_fraud", "decided_at", "decided_by"]
    )
    outcome = Revocation(provider=provider, fraud=fraud, document=document)
    if fraud:
        outcome.decision = ledger_entries_void(
            by=by,
            entries=produced_entries(provider),
            reason=f"远程教育机构{provider.unit.name}因虚假授分被撤销备案：{reason}",
            document=StoredFile(
                path=document.file.name, name=document.original_name, sha256=document.sha256
            ),
            provider=provider.unit,
        )
        voided = list(outcome.decision.entries.all())
        outcome.voided = len(voided)
        outcome.voided_for_other_cities = sum(
            1 for entry in voided if city_of_entry(entry) != provider.office_id
        )
    record(
        "remote.provider_revoked",
        actor=by,
        obj=provider,
        data={
            "reason": reason,
            "fraud": fraud,
            "document": document.original_name if document else "",
            "decision": outcome.decision.pk if outcome.decision else None,
            "voided": outcome.voided,
            "voided_for_other_cities": outcome.voided_for_other_cities,
        },
    )
    return outcome
