"""The approval chain: approve, return with reason, reject — one row or a batch — and the
city's corrections and voids of single rows. A remote row gets its credit certificate when its
city approves it, as a project row does when it is granted.

Who may act on a pending row: the office (or unit) the row waits at, inside its window — the
pack's ``CRD_REVIEW_CLOSED`` date closes the unit and county stages — and before the credit
year's lock date. After the lock date only the city acts, on any pending row of its chain, and
only with a reason. Every action takes the row lock first, so two reviewers cannot both move
the same row.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.credits.chain import STATUS_OF_STAGE, city_office_of, entry_credit_year, lock_date
from jijiao.credits.domain.certificates import (
    certificate_issue_for_entry,
    certificates_issue_for_entries,
)
from jijiao.credits.domain.common import lock, step
from jijiao.credits.domain.entries import apply_changes
from jijiao.credits.models import STAGE_LABELS, ApprovalStep, LedgerEntry
from jijiao.credits.permissions import is_city_office_of_entry, is_reviewer_at_stage
from jijiao.credits.telling import tell_entry
from jijiao.engine.rules.credits import Activity, CreditEntry, check_review
from jijiao.policy.access import get_policy


@dataclass(frozen=True)
class Acting:
    """How an account acts on a row: at the row's stage, or as the city overriding after the
    lock date."""

    stage: str
    office_id: int
    override: bool
    locked_on: dt.date | None


def year_lock(entry: LedgerEntry) -> dt.date | None:
    return lock_date(entry_credit_year(entry), get_policy(entry.policy_id), entry.year)


def is_locked(entry: LedgerEntry, today: dt.date | None = None) -> bool:
    locked_on = year_lock(entry)
    return locked_on is not None and (today or clock.today()) > locked_on


def _window_closed(entry: LedgerEntry, today: dt.date) -> str | None:
    """``CRD_REVIEW_CLOSED`` of the row's pack, applied to the review happening today."""
    rule = get_policy(entry.policy_id).rule("credit_entry", "CRD_REVIEW_CLOSED")
    if rule is None:
        return None
    findings = check_review(
        CreditEntry(activity=Activity(date=entry.activity_date), reviewed_on=today), rule
    )
    return f"{findings[0].code} {findings[0].message}" if findings else None


def acting(by, entry: LedgerEntry, *, reason: str) -> Acting:
    """Check that ``by`` may act on the pending row now, and how."""
    if not entry.valid:
        raise DomainError("该记录已作废，不能审核")
    stage = entry.stage
    if stage is None:
        raise DomainError(f"该记录当前状态为“{entry.get_status_display()}”，不在审核中")
    require(by, "credits.review_entry", entry)
    today = clock.today()
    locked_on = year_lock(entry)
    locked = locked_on is not None and today > locked_on
    city = entry.chain[-1]
    if is_reviewer_at_stage(by, entry) and stage["stage"] != "city":
        if locked:
            raise DomainError(
                f"{entry.year} 年度学分已于 {locked_on.isoformat()} 锁定，只有市继教办可以修改"
            )
        closed = _window_closed(entry, today)
        if closed:
            raise DomainError(f"{STAGE_LABELS[stage['stage']]}审核期限已过：{closed}")
        return Acting(stage["stage"], stage["office"], False, locked_on)
    if not is_city_office_of_entry(by, entry):
        raise PermissionDenied("没有权限审核该记录")
    if stage["stage"] != "city" and not locked:
        raise DomainError(
            f"该记录正在{stage['name']}审核（{STAGE_LABELS[stage['stage']]}环节），"
            "市继教办须待前序环节完成后审核"
        )
    if locked and not reason.strip():
        raise DomainError(
            f"{entry.year} 年度学分已于 {locked_on.isoformat()} 锁定，市继教办修改须写明原因",
            field="reason",
        )
    return Acting("city", city["office"], stage["stage"] != "city", locked_on)


def _approve(entry: LedgerEntry, *, by, reason: str) -> LedgerEntry:
    lock(entry)
    act = acting(by, entry, reason=reason)
    before = entry.status
    if act.override or entry.stage_index + 1 >= len(entry.chain):
        transition(entry, LedgerEntry.Status.APPROVED)
        entry.current_office = None
        entry.decided_at = clock.now()
        entry.stage_index = len(entry.chain) - 1
    else:
        entry.stage_index += 1
        following = entry.chain[entry.stage_index]
        transition(entry, STATUS_OF_STAGE[following["stage"]])
        entry.current_office_id = following["office"]
    entry.save()
    step(
        entry,
        by=by,
        action=ApprovalStep.Action.APPROVED,
        before=before,
        stage=act.stage,
        office_id=act.office_id,
        reason=reason,
        data={"override": True} if act.override else None,
    )
    return entry


def _certified_on_approval(entry: LedgerEntry) -> bool:
    return entry.source == LedgerEntry.Source.REMOTE and entry.status == LedgerEntry.Status.APPROVED


@transaction.atomic
def ledger_entry_approve(*, by, entry: LedgerEntry, reason: str = "") -> LedgerEntry:
    """Approve at the row's current stage: on to the next office, or approved at the last.
    Side effects: status and current office, an ``approved`` step, audit
    ``credits.entry_approved``; a remote row approved at last gets its credit certificate
    (:func:`certificate_issue_for_entry`, audited there); the person told when approved at last."""
    _approve(entry, by=by, reason=reason)
    record("credits.entry_approved", actor=by, obj=entry, data={"status": entry.status})
    if entry.status == LedgerEntry.Status.APPROVED:
        tell_entry(entry, action="approved", by=by)
    if _certified_on_approval(entry):
        certificate_issue_for_entry(entry, by=by)
    return entry


def _close(entry: LedgerEntry, *, by, reason: str, status: str, action: str) -> LedgerEntry:
    if not reason.strip():
        raise DomainError("请写明原因", field="reason")
    lock(entry)
    act = acting(by, entry, reason=reason)
    before = entry.status
    transition(entry, status)
    entry.current_office = None
    if status == LedgerEntry.Status.REJECTED:
        entry.decided_at = clock.now()
    entry.save()
    step(
        entry,
        by=by,
        action=action,
        before=before,
        stage=act.stage,
        office_id=act.office_id,
        reason=reason.strip(),
    )
    record(f"credits.entry_{action}", actor=by, obj=entry, data={"reason": reason.strip()})
    tell_entry(entry, action=action, by=by, reason=reason.strip())
    return entry


@transaction.atomic
def ledger_entry_return(*, by, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Return the row to whoever entered it, with the reason; they correct and resubmit.
    Side effects: status ``returned``, a ``returned`` step, audit ``credits.entry_returned``;
    the person and whoever entered the row told."""
    return _close(
        entry,
        by=by,
        reason=reason,
        status=LedgerEntry.Status.RETURNED,
        action=ApprovalStep.Action.RETURNED,
    )


@transaction.atomic
def ledger_entry_reject(*, by, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Refuse the row for good, with the reason. Side effects: status ``rejected``, a
    ``rejected`` step, audit ``credits.entry_rejected``; the person and whoever entered the row
    told."""
    return _close(
        entry,
        by=by,
        reason=reason,
        status=LedgerEntry.Status.REJECTED,
        action=ApprovalStep.Action.REJECTED,
    )


@dataclass
class BulkOutcome:
    approved: list[LedgerEntry] = field(default_factory=list)
    refused: list[tuple[LedgerEntry, str]] = field(default_factory=list)


@transaction.atomic
def ledger_entries_approve(*, by, entries: list[LedgerEntry], reason: str = "") -> BulkOutcome:
    """Approve many rows; a row that cannot be approved (not at the account's stage, window
    closed, locked, voided, changed meanwhile) is left as it was and reported with the reason,
    the others go through. Side effects: per approved row as :func:`ledger_entry_approve`; one
    audit entry ``credits.bulk_approved`` with the counts and the refused rows; the remote rows
    approved at last get their certificates in one batch
    (:func:`certificates_issue_for_entries`, one audit entry with the count); each person whose
    row is approved at last told."""
    outcome = BulkOutcome()
    for entry in entries:
        try:
            with transaction.atomic():
                _approve(entry, by=by, reason=reason)
        except (DomainError, PermissionDenied) as error:
            message = getattr(error, "message", None) or str(error) or "没有权限"
            outcome.refused.append((entry, message))
        else:
            outcome.approved.append(entry)
            if entry.status == LedgerEntry.Status.APPROVED:
                tell_entry(entry, action="approved", by=by)
    record(
        "credits.bulk_approved",
        actor=by,
        data={
            "selected": len(entries),
            "approved": len(outcome.approved),
            "refused": len(outcome.refused),
            "refused_rows": [{"entry": e.pk, "reason": m} for e, m in outcome.refused],
        },
    )
    certified = [e for e in outcome.approved if _certified_on_approval(e)]
    if certified:
        certificates_issue_for_entries(by=by, entries=certified)
    return outcome


def _guard_lock(by, entry: LedgerEntry) -> None:
    locked_on = year_lock(entry)
    if (
        locked_on is not None
        and clock.today() > locked_on
        and not is_city_office_of_entry(by, entry)
    ):
        raise DomainError(
            f"{entry.year} 年度学分已于 {locked_on.isoformat()} 锁定，只有市继教办可以修改"
        )


@transaction.atomic
def ledger_entry_correct(*, by, entry: LedgerEntry, changes: dict, reason: str) -> LedgerEntry:
    """Correct a row's values with a reason: the unit that entered it until the year locks,
    the city at any time. The status stays; the trail keeps the values before and after.
    Side effects: the row's fields, a ``corrected`` step, audit ``credits.entry_corrected``."""
    require(by, "credits.correct_entry", entry)
    if not reason.strip():
        raise DomainError("更正须写明原因", field="reason")
    lock(entry)
    if not entry.valid:
        raise DomainError("该记录已作废，不能更正")
    _guard_lock(by, entry)
    changed = apply_changes(entry, changes)
    if not changed:
        raise DomainError("没有任何修改")
    entry.save()
    step(
        entry,
        by=by,
        action=ApprovalStep.Action.CORRECTED,
        before=entry.status,
        reason=reason.strip(),
        data={"changes": changed},
    )
    record(
        "credits.entry_corrected",
        actor=by,
        obj=entry,
        data={"changes": changed, "reason": reason.strip()},
    )
    return entry


@transaction.atomic
def ledger_entry_void(*, by, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """The city voids one row with a reason; a certificate of it then verifies as revoked.
    Side effects: ``valid`` false with reason, time and actor, a ``voided`` step, audit
    ``credits.entry_voided``; the person told."""
    require(by, "credits.void_entry", entry)
    if not reason.strip():
        raise DomainError("作废须写明原因", field="reason")
    lock(entry)
    if not entry.valid:
        raise DomainError("该记录已作废")
    mark_void(entry, by=by, reason=reason.strip(), office_id=city_of_entry(entry))
    record("credits.entry_voided", actor=by, obj=entry, data={"reason": reason.strip()})
    tell_entry(entry, action="voided", by=by, reason=reason.strip())
    return entry


def city_of_entry(entry: LedgerEntry) -> int | None:
    """The city office that approves the row: the end of its chain, or for a row without one
    (a project grant) the city over the person's unit."""
    if entry.chain:
        return entry.chain[-1]["office"]
    try:
        return city_office_of(entry.person.unit).pk
    except DomainError:
        return None


def mark_void(
    entry: LedgerEntry, *, by, reason: str, decision=None, office_id: int | None = None
) -> None:
    """Void one locked row: ``valid`` false with the reason, time, account and decision, and a
    ``voided`` step naming the office that voided it (the row's trail is how the office that
    approved it learns of a void another office made)."""
    entry.valid = False
    entry.void_reason = reason[:300]
    entry.voided_at = clock.now()
    entry.voided_by = by
    entry.void_decision = decision
    entry.save()
    step(
        entry,
        by=by,
        action=ApprovalStep.Action.VOIDED,
        before=entry.status,
        office_id=office_id,
        reason=reason,
        data={"decision": decision.pk} if decision is not None else None,
    )
