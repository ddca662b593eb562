"""The only hand edit of attendance: a correction with a reason and evidence."""

import datetime as dt

from django.db import transaction

from jijiao.attendance.models import AttendanceCorrection, Registration
from jijiao.audit_log.log import record
from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.hosting.models import Session
from jijiao.orgs.models import Person


@transaction.atomic
def correction_record(
    *,
    by,
    session: Session,
    person: Person,
    field: str,
    reason: str,
    evidence,
    value_at: dt.datetime | None = None,
    minutes: int | None = None,
) -> AttendanceCorrection:
    """Set a registered trainee's sign-in, sign-out or online minutes by hand, e.g. when the
    phone died at the door. A reason and evidence (PDF/JPG/PNG ≤ 15 MB, such as the signed
    paper sheet) are required; the correction waits for the host unit's approval
    (:func:`correction_decide`), and only then do the eligibility rules read it.

    Side effects: a pending AttendanceCorrection with its evidence file; audit
    ``attendance.corrected`` with the field, value and reason.
    """
    require(by, "attendance.manage", session)
    if field not in AttendanceCorrection.Field.values:
        raise DomainError("更正项无效", field="field")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写更正原因", field="reason")
    if evidence is None:
        raise DomainError("请上传证明材料（如签到表照片）", field="evidence")
    registered = Registration.objects.filter(
        session=session, person=person, state=Registration.State.REGISTERED
    ).exists()
    if not registered:
        raise DomainError(f"{person.name} 未报名{session}", field="person")
    if field == AttendanceCorrection.Field.ONLINE_MINUTES:
        if minutes is None or minutes < 0:
            raise DomainError("请填写在线时长（分钟）", field="minutes")
        value_at = None
    else:
        if value_at is None:
            raise DomainError("请填写更正后的时间", field="value_at")
        value_at = clock.local(value_at)
        minutes = None
    accepted = uploads.accept(evidence, uploads.DOCUMENT, field="evidence")
    correction = AttendanceCorrection(
        session=session,
        person=person,
        field=field,
        value_at=value_at,
        minutes=minutes,
        reason=reason,
        evidence_name=accepted.name,
        evidence_type=accepted.content_type,
        at=clock.now(),
        by=by,
    )
    correction.evidence.save(
        uploads.storage_name(accepted, prefix=f"correction-{session.pk}-{person.pk}"),
        evidence,
        save=False,
    )
    correction.save()
    shown = value_at.isoformat() if value_at else minutes
    record(
        "attendance.corrected",
        actor=by,
        obj=session,
        data={"person": person.pk, "field": field, "value": shown, "reason": reason},
    )
    return correction


@transaction.atomic
def correction_decide(
    *, by, correction: AttendanceCorrection, approve: bool, reason: str = ""
) -> AttendanceCorrection:
    """The host unit's second look at a correction: a unit admin of the host unit, not the one
    who recorded it, approves it (the eligibility list then reads it) or refuses it with a
    reason. Side effects: the correction's state, who and when; audit
    ``attendance.correction_approved|correction_rejected``."""
    require(by, "attendance.approve_correction", correction.session)
    if correction.by_id == by.pk:
        raise DomainError("更正须由登记人以外的单位管理员审核")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise DomainError("不同意时请填写原因", field="reason")
    State = AttendanceCorrection.State
    transition(correction, State.APPROVED if approve else State.REJECTED)
    correction.decided_at = clock.now()
    correction.decided_by = by
    correction.decision_reason = reason
    correction.save(update_fields=["state", "decided_at", "decided_by", "decision_reason"])
    record(
        "attendance.correction_approved" if approve else "attendance.correction_rejected",
        actor=by,
        obj=correction.session,
        data={"person": correction.person_id, "field": correction.field, "reason": reason},
    )
    return correction
