"""Filing (举办报备) before a session: the notice, its stamped scan, the pack's rules, review."""

from typing import Any

from django.db import transaction
from django.urls import reverse

from jijiao.audit_log.log import record
from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.engine.precheck import run_precheck
from jijiao.engine.rules.dates import days_between
from jijiao.engine.rules.parse import InputInvalid
from jijiao.engine.rules.sanctions import Event
from jijiao.hosting.domain.sanctions import sanctions_propose
from jijiao.hosting.facts import approved_content, filing_document, planned, session_dates
from jijiao.hosting.models import Filing, Session
from jijiao.notifications.domain.messages import notify
from jijiao.notifications.kinds import Kind
from jijiao.policy.access import get_policy, policy_for_decision, resolver

NOTICE_FIELDS = (
    "notice_name",
    "notice_number",
    "notice_host",
    "fee_statement",
    "registration_date",
    "notice_start",
    "notice_end",
    "notice_format",
    "notice_venue",
    "contact",
    "phone",
    "name_prefix_approved",
    "content",
)
EDITABLE_STATES = (Filing.State.DRAFT, Filing.State.RETURNED)


def filing_for(session: Session) -> Filing:
    """The session's filing, or an unsaved one prefilled from the project and the session (the
    content from the approved application's 项目简介)."""
    existing = Filing.objects.filter(session=session).first()
    if existing is not None:
        return existing
    project = session.project
    start, end = session_dates(session)
    host = project.host
    return Filing(
        session=session,
        notice_name=project.name,
        notice_number=project.number,
        notice_host=project.host_name,
        notice_start=start,
        notice_end=end,
        notice_format=session.get_format_display(),
        notice_venue=session.venue,
        contact=host.contact if host else "",
        phone=host.phone if host else "",
        content=approved_content(project) or "",
    )


def _editable(session: Session) -> Filing:
    Session.objects.select_for_update().filter(pk=session.pk).exists()
    session.refresh_from_db()
    filing = filing_for(session)
    if filing.state not in EDITABLE_STATES:
        raise DomainError(f"报备{filing.get_state_display()}，不能修改")
    return filing


@transaction.atomic
def filing_save(*, by, session: Session, fields: dict[str, Any]) -> Filing:
    """Save the notice as issued (a draft until filed). Side effects: the Filing row, audit
    ``filing.saved`` with the fields given."""
    require(by, "hosting.manage_session", session)
    filing = _editable(session)
    require(by, "hosting.file_session", session)
    for field, value in fields.items():
        if field not in NOTICE_FIELDS:
            raise DomainError(f"字段 {field} 不能在此修改")
        setattr(filing, field, value.strip() if isinstance(value, str) else value)
    filing.save()
    record(
        "filing.saved",
        actor=by,
        obj=filing,
        data={k: str(v) for k, v in fields.items()},
    )
    return filing


@transaction.atomic
def filing_attach_scan(*, by, session: Session, upload) -> Filing:
    """Attach the scan of the stamped notice (seed 004 四): PDF/JPG/PNG ≤ 15 MB by content.
    Side effects: the file stored, replacing an earlier scan; audit ``filing.scan_attached``."""
    require(by, "hosting.manage_session", session)
    filing = _editable(session)
    require(by, "hosting.file_session", session)
    accepted = uploads.accept(upload, uploads.DOCUMENT, field="notice_scan")
    content_type = accepted.content_type
    if filing.pk is None:
        filing.save()
    filing.notice_scan.save(
        uploads.storage_name(accepted, prefix=f"notice-{session.pk}"), upload, save=False
    )
    filing.notice_scan_name = accepted.name
    filing.notice_scan_type = content_type
    filing.notice_scan_size = accepted.size
    filing.save()
    record(
        "filing.scan_attached",
        actor=by,
        obj=filing,
        data={"name": filing.notice_scan_name, "type": content_type, "size": upload.size},
    )
    return filing


def filing_check(session: Session, filing: Filing | None = None) -> dict[str, Any]:
    """The pack's filing rules for the session as it stands, filed today (no writes)."""
    filing = filing or filing_for(session)
    policy = get_policy(session.policy_id)
    document = filing_document(session, filing, filed_on=clock.today())
    try:
        return run_precheck("filing", policy.id, document, resolver=resolver)
    except InputInvalid as error:
        message = f"报备信息有误：{error.message}"
        finding = {"code": "FIL_INPUT", "severity": "error", "message": message}
        return {"ok": False, "findings": [finding], "result": {}}


@transaction.atomic
def filing_submit(*, by, session: Session) -> dict[str, Any]:
    """File the session: the stamped notice must be attached; the pack's filing rules of the
    session's level run on the filing as of today. An error (e.g. ``FIL_LATE`` in Anyang)
    refuses the filing; warnings (``FIL_LATE`` in national-2024) are kept with it.

    Returns the precheck report. Side effects: the findings stored on the filing either way;
    when filed: the filing and the session ``filed``, the arrangement as filed kept
    (``Filing.planned``), the pack pinned (policy_for_decision), audit ``filing.filed``;
    when refused: audit ``filing.refused`` with the codes.
    """
    require(by, "hosting.manage_session", session)
    filing = _editable(session)
    require(by, "hosting.file_session", session)
    if not filing.notice_scan:
        raise DomainError("请先上传加盖主办单位公章的举办通知扫描件", field="notice_scan")
    policy = policy_for_decision(session.policy_id, used_by=f"举办报备:{session.pk}")
    report = filing_check(session, filing)
    filing.findings = report["findings"]
    filing.result = report["result"]
    filing.policy_hash = policy.content_hash
    codes = [f["code"] for f in report["findings"]]
    if not report["ok"]:
        filing.save()
        record("filing.refused", actor=by, obj=filing, data={"codes": codes})
        return report
    now = clock.now()
    before = filing.state
    transition(filing, Filing.State.FILED)
    filing.filed_at = now
    filing.filed_on = now.date()
    filing.filed_by = by
    filing.planned = planned(session)
    filing.save()
    transition(session, Session.State.FILED)
    session.save(update_fields=["state"])
    record(
        "filing.filed",
        actor=by,
        obj=filing,
        data={"from": before, "codes": codes, "policy": policy.id, **report["result"]},
    )
    if "FIL_LATE" in codes and session.project.host_id is not None:
        # Filed although late (FIL_LATE a warning): the pack's late_filing rules propose.
        project = session.project
        days = days_between(filing.filed_on, clock.local(session.starts_at).date())
        sanctions_propose(
            by=by,
            event=Event(
                "late_filing",
                project.year,
                level=project.level,
                days=days,
                text=f"{project.number} {project.name} 第 {session.sequence} 期",
            ),
            policy_id=policy.id,
            unit=project.host,
            key=f"late_filing:{session.pk}",
            project=project,
        )
    return report


@transaction.atomic
def filing_review(*, by, session: Session, accept: bool, note: str = "") -> Filing:
    """The office accepts a filing or returns it with a reason. Side effects: the filing and
    the session accepted or returned; audit ``filing.accepted`` / ``filing.returned``; whoever
    filed it and whoever created the session told."""
    require(by, "hosting.review_filing", session)
    Session.objects.select_for_update().filter(pk=session.pk).exists()
    session.refresh_from_db()
    filing = filing_for(session)
    if filing.pk is None or filing.state != Filing.State.FILED:
        raise DomainError(
            f"只能审核已报备、待审核的报备；本报备当前为「{filing.get_state_display()}」"
        )
    note = note.strip()
    if not accept and not note:
        raise DomainError("退回须填写原因", field="note")
    transition(filing, Filing.State.ACCEPTED if accept else Filing.State.RETURNED)
    filing.reviewed_at = clock.now()
    filing.reviewed_by = by
    filing.review_note = note
    filing.save()
    transition(session, Session.State.ACCEPTED if accept else Session.State.RETURNED)
    session.save(update_fields=["state"])
    record(
        "filing.accepted" if accept else "filing.returned",
        actor=by,
        obj=filing,
        data={"note": note},
    )
    name = f"“{session}”"
    notify(
        [filing.filed_by, session.created_by],
        kind=Kind.FILING,
        title=f"{name}的举办报备已{'通过' if accept else '退回'}",
        what=f"{by}{'通过了' if accept else '退回了'}{name}的举办报备。"
        + (f"意见：{note}" if note else ""),
        next_step="请按报备的安排举办，并在结束后按时提交执行情况。"
        if accept
        else "请按意见修改报备后重新提交；须在规定的举办前天数内完成报备。",
        url=reverse("hosting:session", args=[session.pk]),
    )
    return filing
