"""Sessions of a published project: create within the number approved, change with a reason."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.hosting.models import Session, SessionChange
from jijiao.hosting.queries import approved_sessions, default_policy_id
from jijiao.hosting.teachers import parse as parse_teachers
from jijiao.policy.access import UnknownPack, get_policy
from jijiao.projects.models import Format, PublishedProject

# Changes the execution score reads (seed 001 附件4): recorded with a reason once filed.
TRACKED = ("starts_at", "ends_at", "venue", "scenic_area", "format", "days", "teachers")
EDITABLE = (*TRACKED, "capacity", "schedule", "hours")


def _shown(field: str, value: Any) -> str:
    if isinstance(value, dt.datetime):
        return clock.local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "是" if value else "否"
    if field == "format":
        return Format(value).label
    if field == "teachers":
        return "、".join(line.strip() for line in str(value).splitlines() if line.strip())
    return str(value)


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for field, value in fields.items():
        if field not in EDITABLE:
            raise DomainError(f"字段 {field} 不能在此修改")
        if field in ("starts_at", "ends_at") and value is not None:
            value = clock.local(value)
        if field in ("days", "hours") and value is not None:
            value = Decimal(str(value))
        if field in ("venue", "teachers", "schedule") and value is not None:
            value = value.strip()
        cleaned[field] = value
    return cleaned


def _validate(session: Session) -> None:
    parse_teachers(session.teachers)  # each line's title, specialty and kind must read
    if not session.venue:
        raise DomainError("请填写举办地点", field="venue")
    if session.ends_at <= session.starts_at:
        raise DomainError("结束时间须晚于开始时间", field="ends_at")
    if session.days is None or session.days <= 0:
        raise DomainError("天数须大于 0（如 1.5）", field="days")
    if not session.capacity:
        raise DomainError("请填写计划招生人数", field="capacity")


@transaction.atomic
def session_create(
    *, by, project: PublishedProject, fields: dict[str, Any], policy_id: str | None = None
) -> Session:
    """Plan the next session of a project, within the number of sessions approved.

    The pack is the one of the call the project was approved in; for an imported project the
    host names it. Side effects: a Session numbered after the project's last one (the project
    row is locked so two hosts cannot take the same number), audit ``session.created``.
    """
    require(by, "hosting.create_session", project)
    PublishedProject.objects.select_for_update().filter(pk=project.pk).exists()
    allowed = approved_sessions(project)
    existing = project.sessions.count()
    if existing >= allowed:
        raise DomainError(f"项目「{project.name}」批准举办 {allowed} 期，已安排 {existing} 期")
    pack = default_policy_id(project) or policy_id
    if not pack:
        raise DomainError("请选择本期适用的政策包", field="policy_id")
    try:
        get_policy(pack)
    except UnknownPack:
        raise DomainError(f"未知的政策包：{pack}", field="policy_id") from None
    values = {"capacity": project.enrollment, "venue": project.venue, **_clean(fields)}
    last = project.sessions.aggregate(last=Max("sequence"))["last"] or 0
    session = Session(
        project=project,
        sequence=last + 1,
        policy_id=pack,
        created_at=clock.now(),
        created_by=by,
        **values,
    )
    _validate(session)
    session.save()
    record(
        "session.created",
        actor=by,
        obj=session,
        data={"project": project.number, "sequence": session.sequence, "policy": pack},
    )
    return session


@transaction.atomic
def session_update(
    *, by, session: Session, fields: dict[str, Any], reason: str = ""
) -> list[SessionChange]:
    """Change a session. Once filed, a change of dates, venue, format, duration or teachers
    needs a reason and is recorded as a SessionChange per field (the execution score compares
    what was filed with what was held).

    Side effects: the session updated; SessionChange rows; audit ``session.changed`` with
    before/after of every field changed.
    """
    require(by, "hosting.manage_session", session)
    Session.objects.select_for_update().filter(pk=session.pk).exists()
    session.refresh_from_db()
    cleaned = _clean(fields)
    changed = {f: v for f, v in cleaned.items() if getattr(session, f) != v}
    if not changed:
        return []
    before = {f: getattr(session, f) for f in changed}
    tracked = [f for f in changed if f in TRACKED] if session.is_filed else []
    reason = reason.strip()
    if tracked and not reason:
        names = "、".join(str(SessionChange.Field(f).label) for f in tracked)
        raise DomainError(f"本期已报备，变更{names}须填写变更原因", field="reason")
    for field, value in changed.items():
        setattr(session, field, value)
    _validate(session)
    session.save(update_fields=list(changed))
    now = clock.now()
    changes = SessionChange.objects.bulk_create(
        [
            SessionChange(
                session=session,
                field=field,
                before=_shown(field, before[field]),
                after=_shown(field, changed[field]),
                reason=reason,
                at=now,
                by=by,
            )
            for field in tracked
        ]
    )
    record(
        "session.changed",
        actor=by,
        obj=session,
        data={
            "before": {f: _shown(f, v) for f, v in before.items()},
            "after": {f: _shown(f, v) for f, v in changed.items()},
            "reason": reason,
            "recorded": tracked,
        },
    )
    return changes
