"""Registration for a session, and the sign-in/out windows the host sets."""

import datetime as dt

from django.db import transaction

from jijiao.attendance.facts import registration_check
from jijiao.attendance.models import CheckWindow, Kind, Registration
from jijiao.attendance.vocab import describe
from jijiao.attendance.windows import window_finding
from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.hosting.models import Session
from jijiao.orgs.models import Person

# What keeps a person from registering at all; other findings are warnings kept with it. An
# overlap (ATT_OVERLAP) warns: the person may pick which of two sessions to attend, and the
# eligibility list then withholds the credits of the second if the first was granted.
REFUSING = ("ATT_NOT_HEALTH_PROFESSIONAL",)


@transaction.atomic
def registration_create(*, by, session: Session, person: Person | None = None) -> Registration:
    """Register a trainee (oneself, or someone by the host) for a filed session.

    Trainees of any unit or province may register; only health professionals; a session at
    the same time as another registration or a grant in the ledger (ATT_OVERLAP), the
    discipline match (ATT_DISCIPLINE_MISMATCH) and the capacity (ATT_CAPACITY) are warnings
    kept on the registration. Side effects: a Registration (a cancelled one is renewed), audit
    ``registration.created`` with the warnings.
    """
    person = person or getattr(by, "person", None)
    if person is None:
        raise DomainError("账号未关联人员信息，不能报名")
    if person.pk == getattr(by, "person_id", None):
        require(by, "attendance.register", session)
    else:
        require(by, "attendance.manage", session)
    Session.objects.select_for_update().filter(pk=session.pk).exists()
    session.refresh_from_db()
    if not session.is_filed:
        raise DomainError(f"{session} 尚未报备，暂不接受报名")
    if clock.now() >= session.ends_at:
        raise DomainError(f"{session} 已结束，不能报名")
    if not person.is_health_professional:
        raise DomainError(f"{person.name} 不是卫生专业技术人员，不能报名（仅限医务人员学习）")
    existing = Registration.objects.filter(session=session, person=person).first()
    if existing is not None and existing.state == Registration.State.REGISTERED:
        raise DomainError(f"{person.name} 已报名{session}")
    count = Registration.objects.filter(
        session=session, state=Registration.State.REGISTERED
    ).count()
    report = registration_check(session, person, count + 1)
    refusing = [
        code
        for item in report["result"]["ineligible"]
        for code in item["codes"]
        if code in REFUSING
    ]
    if refusing:
        raise DomainError(f"{person.name} 不能报名{session}：{describe(refusing)}")
    # Sign-in and sign-out are still to come: of the ineligible codes only the overlap warns.
    warnings = [
        code
        for item in report["result"]["ineligible"]
        for code in item["codes"]
        if code == "ATT_OVERLAP"
    ]
    warnings += [code for item in report["result"]["warnings"] for code in item["codes"]]
    warnings += [f["code"] for f in report["findings"]]
    registration = existing or Registration(session=session, person=person)
    transition(registration, Registration.State.REGISTERED)
    registration.registered_at = clock.now()
    registration.registered_by = by
    registration.warnings = warnings
    registration.cancelled_at = None
    registration.cancel_reason = ""
    registration.save()
    record(
        "registration.created",
        actor=by,
        obj=registration,
        data={"session": session.pk, "person": person.pk, "warnings": warnings},
    )
    return registration


@transaction.atomic
def registration_cancel(*, by, registration: Registration, reason: str = "") -> Registration:
    """Cancel a registration (the trainee, or the host with a reason). Side effects: the
    registration cancelled; audit ``registration.cancelled``."""
    session = registration.session
    if registration.person_id != getattr(by, "person_id", None):
        require(by, "attendance.manage", session)
        if not reason.strip():
            raise DomainError("取消他人报名须填写原因", field="reason")
    if registration.state != Registration.State.REGISTERED:
        raise DomainError("该报名已取消")
    transition(registration, Registration.State.CANCELLED)
    registration.cancelled_at = clock.now()
    registration.cancel_reason = reason.strip()
    registration.save()
    record("registration.cancelled", actor=by, obj=registration, data={"reason": reason})
    return registration


@transaction.atomic
def window_add(
    *, by, session: Session, kind: str, opens_at: dt.datetime, closes_at: dt.datetime
) -> CheckWindow:
    """Set a time for signing in or out. Windows of a session may not overlap each other, and
    one outside the session's time (the pack's ATT_WINDOW_OUTSIDE_SESSION) is refused when the
    rule is an error; at ``warning`` it is set, with ``window.warning`` saying that scans there
    will not count. Side effects: a CheckWindow; audit ``window.added`` (with the warning)."""
    require(by, "attendance.manage", session)
    if kind not in Kind.values:
        raise DomainError("类型须为签到或签退", field="kind")
    opens_at, closes_at = clock.local(opens_at), clock.local(closes_at)
    if closes_at <= opens_at:
        raise DomainError("结束时间须晚于开始时间", field="closes_at")
    clash = CheckWindow.objects.filter(
        session=session, opens_at__lte=closes_at, closes_at__gte=opens_at
    ).first()
    if clash is not None:
        raise DomainError(f"与已设置的{clash}重叠", field="opens_at")
    outside = window_finding(session, kind, opens_at, closes_at)
    if outside is not None and outside.severity == "error":
        raise DomainError(f"不能设置：{outside.message}", field="opens_at")
    window = CheckWindow.objects.create(
        session=session, kind=kind, opens_at=opens_at, closes_at=closes_at
    )
    window.warning = outside.message if outside else ""
    record(
        "window.added",
        actor=by,
        obj=session,
        data={
            "kind": kind,
            "opens_at": opens_at.isoformat(),
            "closes_at": closes_at.isoformat(),
            "warning": window.warning,
        },
    )
    return window


@transaction.atomic
def window_remove(*, by, window: CheckWindow) -> None:
    """Remove a window nobody has signed in or out in yet. Side effects: the window deleted;
    audit ``window.removed``."""
    session = window.session
    require(by, "attendance.manage", session)
    if window.scans.exists():
        raise DomainError(f"{window} 已有扫码记录，不能删除")
    data = {
        "kind": window.kind,
        "opens_at": window.opens_at.isoformat(),
        "closes_at": window.closes_at.isoformat(),
    }
    window.delete()
    record("window.removed", actor=by, obj=session, data=data)
