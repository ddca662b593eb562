"""The only hand edit of attendance: a correction with a reason and evidence."""

import datetime as dt

from django.db import transaction

from jijiao.attendance.models import AttendanceCorrection, Registration
from jijiao.audit_log.log import record
from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError, require
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
    paper sheet) are required; the eligibility rules then read the corrected value.

    Side effects: an AttendanceCorrection with its evidence file; audit
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
