"""What the credit domain functions share: the row lock, the trail, stored files, the entry
decision of the pack's ``CRD_*`` rules."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError
from jijiao.credits.models import ApprovalStep, Evidence, LedgerEntry
from jijiao.engine.precheck import run_precheck
from jijiao.engine.rules.vocab import ACTIVITY_TYPES
from jijiao.policy.access import resolver


@dataclass(frozen=True)
class Upload:
    """A file handed to a domain function: its name and bytes (a view reads the upload)."""

    name: str
    content: bytes

    @classmethod
    def of(cls, uploaded, kind: uploads.Kind = uploads.PROOF) -> "Upload | None":
        """From a Django ``UploadedFile`` (``None`` stays ``None``), refused by its content and
        size as ``kind`` before it is read (``DomainError``)."""
        if uploaded is None:
            return None
        accepted = uploads.accept(uploaded, kind)
        uploaded.seek(0)
        return cls(name=accepted.name, content=uploaded.read())


@dataclass(frozen=True)
class StoredFile:
    path: str
    name: str
    sha256: str


def store(upload: Upload, folder: str, kind: uploads.Kind = uploads.PROOF) -> StoredFile:
    """Save the bytes once, when they are a file of ``kind`` (type by content, size under its
    cap; else ``DomainError`` and nothing stored); several rows (a batch's attendees) can point
    at the same file. The stored name is generated, with the sniffed type's extension."""
    accepted = uploads.accept_bytes(upload.name, upload.content, kind)
    today = clock.today()
    name = uploads.storage_name(
        accepted, prefix=accepted.sha256[:12], folder=f"{folder}/{today:%Y/%m}"
    )
    path = default_storage.save(name, ContentFile(upload.content))
    return StoredFile(path=path, name=accepted.name, sha256=accepted.sha256)


def attach(entry: LedgerEntry, stored: StoredFile, kind: str, *, by) -> Evidence:
    return Evidence.objects.create(
        entry=entry,
        kind=kind,
        file=stored.path,
        name=stored.name,
        sha256=stored.sha256,
        uploaded_by=by if getattr(by, "pk", None) else None,
        uploaded_at=clock.now(),
    )


def lock(entry: LedgerEntry) -> LedgerEntry:
    """Take the row lock (PostgreSQL ``SELECT … FOR UPDATE``) and refresh the caller's copy, so
    two reviewers acting on the same row at once cannot both move it."""
    LedgerEntry.objects.select_for_update().filter(pk=entry.pk).exists()
    entry.refresh_from_db()
    return entry


def step(
    entry: LedgerEntry,
    *,
    by,
    action: str,
    before: str,
    stage: str = "",
    office_id: int | None = None,
    reason: str = "",
    data: dict | None = None,
) -> ApprovalStep:
    """One step of the row's trail (the audit log gets the batch or the action separately)."""
    return ApprovalStep.objects.create(
        entry=entry,
        stage=stage,
        office_id=office_id,
        actor=by if getattr(by, "pk", None) else None,
        actor_label=(str(by) if getattr(by, "pk", None) else "系统")[:150],
        action=action,
        reason=reason[:500],
        at=clock.now(),
        from_status=before,
        to_status=entry.status,
        data=data or {},
    )


def money(value, label: str, *, places: int = 1, required: bool = True) -> Decimal | None:
    """A non-negative decimal from a form or sheet value; Chinese errors naming the field."""
    if value in (None, ""):
        if required:
            raise DomainError(f"{label}不能为空", field=label)
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise DomainError(f"{label}“{value}”不是数字", field=label) from None
    if number < 0:
        raise DomainError(f"{label}不能为负数", field=label)
    quantum = Decimal(1).scaleb(-places)
    if number != number.quantize(quantum):
        raise DomainError(f"{label}最多保留 {places} 位小数", field=label)
    return number.quantize(quantum)


def entry_decision(
    policy_id: str,
    *,
    activity_type: str,
    activity_date: dt.date,
    entered_on: dt.date,
    has_proof: bool,
    has_pledge: bool,
) -> dict[str, Any]:
    """The pack's credit-entry decision (``CRD_*``) for one activity: the precheck's own code
    on the plain document built here. Types the entry rules do not cover (projects, remote
    courses) are always ``allowed``."""
    if activity_type not in ACTIVITY_TYPES:
        return {"ok": True, "findings": [], "result": {"decision": "allowed", "deadline": None}}
    document = {
        "activity": {"type": activity_type, "date": activity_date.isoformat()},
        "entered_on": entered_on.isoformat(),
        "has_proof": has_proof,
        "has_pledge": has_pledge,
    }
    outcome = run_precheck("credit-entry", policy_id, document, resolver=resolver)
    if outcome["result"]["decision"] is None:
        outcome["result"]["decision"] = "allowed"
    return outcome


def refuse_unless_allowed(outcome: dict[str, Any], *, who: str = "") -> None:
    """A decision other than ``allowed`` refuses the entry with the rule's own message, which
    names what is missing (proof, the signed pledge) or the deadline that passed."""
    decision = outcome["result"]["decision"]
    if decision == "allowed":
        return
    messages = [f"{f['code']} {f['message']}" for f in outcome["findings"]]
    messages = [m for m in messages if not m.startswith("CRD_EVIDENCE_MISSING")]
    prefix = f"{who}：" if who else ""
    if decision == "late_entry":
        raise DomainError(prefix + "逾期补录材料不全，未录入。" + "；".join(messages))
    raise DomainError(prefix + "已过录入期限，不能录入。" + "；".join(messages))


def late_code(outcome: dict[str, Any]) -> str | None:
    """``CRD_LATE_ENTRY`` or ``CRD_LATE_ENTRY_PLEDGE`` when the entry is an allowed late one."""
    for finding in outcome["findings"]:
        if finding["code"] in ("CRD_LATE_ENTRY", "CRD_LATE_ENTRY_PLEDGE"):
            return finding["code"]
    return None
