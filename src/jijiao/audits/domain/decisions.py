"""The approval chain of a case: the unit submits, the county office (when the unit has one)
and the city office approve or return with reasons; the city's decision — pass or fail —
closes the case. Each decision fills one box of 附件1 and keeps the table it was made on with
the pack's id and hash.

An office approves only a case without ``error`` findings: a shortfall is returned to the unit
(or, at the city, decided as failed). The unit may send a case with findings up: what is
missing on screen may be on paper at intake, which the office then marks as seen.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.audits.models import STAGE_LABELS, AuditCase, CaseDecision
from jijiao.audits.permissions import (
    is_case_city_office,
    is_case_unit_admin,
    is_reviewer_at_case_stage,
)
from jijiao.audits.table import compute_table
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.policy.access import policy_for_decision

STATUS_OF_STAGE = {
    "county": AuditCase.Status.PENDING_COUNTY,
    "city": AuditCase.Status.PENDING_CITY,
}


def _lock(case: AuditCase) -> AuditCase:
    """The row lock, so two reviewers cannot both move the case."""
    AuditCase.objects.select_for_update().filter(pk=case.pk).exists()
    case.refresh_from_db()
    return case


def _decide(
    case: AuditCase, *, by, decision: str, opinion: str, to_status: str, table: dict
) -> CaseDecision:
    stage = case.chain[case.stage_index]
    before = case.status
    transition(case, to_status)
    now = clock.now()
    if to_status in AuditCase.CLOSED:
        case.current_office = None
        case.closed_at = now
    elif to_status == AuditCase.Status.RETURNED:
        case.stage_index = 0
        case.current_office_id = case.chain[0]["office"]
    else:
        case.stage_index += 1
        case.current_office_id = case.chain[case.stage_index]["office"]
    case.save()
    policy = policy_for_decision(table["policy"], used_by=f"晋升学分审核:{case.pk}")
    return CaseDecision.objects.create(
        case=case,
        stage=stage["stage"],
        office_id=stage["office"],
        actor=by,
        actor_label=str(by)[:150],
        decision=decision,
        opinion=opinion.strip()[:1000],
        decided_on=clock.today(),
        at=now,
        from_status=before,
        to_status=to_status,
        policy_id=policy.id,
        policy_hash=policy.content_hash,
        table=table,
    )


def _log(action: str, case: AuditCase, decision: CaseDecision, by) -> None:
    record(
        action,
        actor=by,
        obj=case,
        data={
            "stage": decision.stage,
            "decision": decision.decision,
            "opinion": decision.opinion,
            "from": decision.from_status,
            "to": decision.to_status,
            "ok": decision.table.get("ok"),
            "findings": sorted({f["code"] for f in decision.table.get("findings", [])}),
            "policy": decision.policy_id,
            "policy_hash": decision.policy_hash,
        },
    )


def _reviewing(by, case: AuditCase) -> dict:
    """Check that ``by`` may decide the case now: it waits at their office. The city office
    acting before the county has decided is told so."""
    require(by, "audits.review_case", case)
    if case.editable:
        raise DomainError(f"该审核对象{case.get_status_display()}，尚未上报，不能审核")
    stage = case.stage
    if stage is None:
        raise DomainError(f"该审核对象已办结（{case.get_status_display()}），不能再审核")
    if is_reviewer_at_case_stage(by, case):
        return stage
    if is_case_city_office(by, case):
        raise DomainError(
            f"该审核对象正在{stage['name']}审核（{STAGE_LABELS[stage['stage']]}环节），"
            "市继教办须待区县审核同意后再审核"
        )
    raise PermissionDenied("没有权限审核该审核对象")


def _refuse_errors(table: dict, what: str) -> None:
    errors = [f for f in table["findings"] if f["severity"] == "error"]
    if errors:
        listed = "；".join(f"{f['code']} {f['message']}" for f in errors)
        raise DomainError(f"学分审核有不符合要求的项目，不能{what}，请退回单位补正：{listed}")


@transaction.atomic
def case_submit(*, by, case: AuditCase, opinion: str) -> CaseDecision:
    """The unit's box: the unit reviews its candidate and sends the case to the county office,
    or to the city office for a unit directly under the city. Findings do not stop it (they go
    with the case to the reviewer).

    Side effects: status ``pending_county`` or ``pending_city``, first submission time, a
    ``submitted`` decision with the table and pack, audit ``audits.case_submitted``.
    """
    _lock(case)
    if not case.editable and is_case_unit_admin(by, case):
        raise DomainError(f"该审核对象{case.get_status_display()}，不能再上报")
    require(by, "audits.submit_case", case)
    if not opinion.strip():
        raise DomainError("请填写单位审核意见", field="opinion")
    table = compute_table(case)
    following = case.chain[1]["stage"]
    if case.submitted_at is None:
        case.submitted_at = clock.now()
    decision = _decide(
        case,
        by=by,
        decision=CaseDecision.Decision.SUBMITTED,
        opinion=opinion,
        to_status=STATUS_OF_STAGE[following],
        table=table,
    )
    _log("audits.case_submitted", case, decision, by)
    return decision


@transaction.atomic
def case_approve(*, by, case: AuditCase, opinion: str) -> CaseDecision:
    """The county office's or the city office's approval: on to the city, or — at the city —
    the case passes and closes. Refused while the table has ``error`` findings.

    Side effects: status ``pending_city`` or ``passed`` (closing time), an ``approved`` or
    ``passed`` decision with the table and pack, audit ``audits.case_approved``.
    """
    _lock(case)
    stage = _reviewing(by, case)
    if not opinion.strip():
        raise DomainError("请填写审核意见", field="opinion")
    table = compute_table(case)
    _refuse_errors(table, "审核同意")
    if stage["stage"] == "city":
        kind, status = CaseDecision.Decision.PASSED, AuditCase.Status.PASSED
    else:
        following = case.chain[case.stage_index + 1]["stage"]
        kind, status = CaseDecision.Decision.APPROVED, STATUS_OF_STAGE[following]
    decision = _decide(case, by=by, decision=kind, opinion=opinion, to_status=status, table=table)
    _log("audits.case_approved", case, decision, by)
    return decision


@transaction.atomic
def case_return(*, by, case: AuditCase, reasons: str) -> CaseDecision:
    """Return the case to its unit with the reasons; the unit corrects (evidence, options,
    credits through the ledger) and submits again, and the chain starts over.

    Side effects: status ``returned`` at the unit, a ``returned`` decision with the reasons
    and the table, audit ``audits.case_returned``.
    """
    _lock(case)
    _reviewing(by, case)
    if not reasons.strip():
        raise DomainError("退回须写明原因", field="opinion")
    decision = _decide(
        case,
        by=by,
        decision=CaseDecision.Decision.RETURNED,
        opinion=reasons,
        to_status=AuditCase.Status.RETURNED,
        table=compute_table(case),
    )
    _log("audits.case_returned", case, decision, by)
    return decision


@transaction.atomic
def case_fail(*, by, case: AuditCase, reasons: str) -> CaseDecision:
    """The city office decides the case as failed (审核不合格) with the reasons; the case
    closes. Side effects: status ``failed`` (closing time), a ``failed`` decision with the
    table and pack, audit ``audits.case_failed``."""
    _lock(case)
    stage = _reviewing(by, case)
    if stage["stage"] != "city":
        raise DomainError("只有市继教办可以作出审核不合格的决定；区县请退回单位")
    if not reasons.strip():
        raise DomainError("审核不合格须写明原因", field="opinion")
    decision = _decide(
        case,
        by=by,
        decision=CaseDecision.Decision.FAILED,
        opinion=reasons,
        to_status=AuditCase.Status.FAILED,
        table=compute_table(case),
    )
    _log("audits.case_failed", case, decision, by)
    return decision


@transaction.atomic
def case_receive(*, by, case: AuditCase) -> AuditCase:
    """The city records that the case's paper material was received at intake (the day counts
    for the schedule). Side effects: receiving time and account, audit
    ``audits.case_received``."""
    require(by, "audits.receive_case", case)
    _lock(case)
    if case.status == AuditCase.Status.DRAFT:
        raise DomainError(f"该审核对象{case.get_status_display()}，尚未由单位上报，不能受理材料")
    if case.received_at is not None:
        raise DomainError(
            f"该审核对象的材料已于 {clock.local(case.received_at):%Y-%m-%d %H:%M} 受理"
        )
    case.received_at = clock.now()
    case.received_by = by
    case.save(update_fields=["received_at", "received_by"])
    record("audits.case_received", actor=by, obj=case, data={"unit": case.unit.name})
    return case
