"""The offices' review of a report and the grant of the session's credits.

The chain of offices: the city office over the host, then — for national and provincial
projects — the provincial office over the city when the system has one (domain.md §4 "the
reviewing offices"; the packs shipped do not name other offices). A project whose host has no
city office above it is reviewed by the office that published it.
"""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.credits.domain.grants import GrantOutcome, credits_grant_for_session
from jijiao.execution.domain.common import lock_report
from jijiao.execution.domain.scores import score_recompute_for_session
from jijiao.execution.facts import attendee_rows, eligible_people
from jijiao.execution.models import ExecutionReport, ReportDecision
from jijiao.hosting.models import Session
from jijiao.notifications.domain.messages import notify
from jijiao.notifications.kinds import Kind
from jijiao.orgs.models import Unit

MAX_DEPTH = 4


def _office_above(unit: Unit | None, level: str) -> Unit | None:
    current, depth = unit, 0
    while current is not None and depth <= MAX_DEPTH:
        if current.is_office and current.office_level == level:
            return current
        current, depth = current.supervisor, depth + 1
    return None


def review_chain(session: Session) -> list[dict]:
    """``[{"stage", "office", "name"}, …]``: city, then province for national and provincial
    projects."""
    project = session.project
    city = _office_above(project.host, Unit.OfficeLevel.CITY)
    offices: list[tuple[str, Unit]] = [("city", city)] if city else []
    if project.level in ("national", "provincial"):
        province = _office_above(city or project.host, Unit.OfficeLevel.PROVINCE)
        if province is not None:
            offices.append(("province", province))
    if not offices:
        offices = [("office", project.publication.office)]
    return [{"stage": stage, "office": unit.pk, "name": unit.name} for stage, unit in offices]


def session_ref(session: Session) -> str:
    """What the ledger rows of the session are keyed by (one row per person and session)."""
    return f"{session.project.number} 第{session.sequence}期 #{session.pk}"


def withheld_because(report: ExecutionReport) -> str:
    """Why the pack grants nothing for an accepted report ('' when it grants)."""
    if not report.held:
        return "本期未举办，不授予学分"
    late = [f for f in report.findings if f["code"] == "EXE_LATE" and f["severity"] == "error"]
    if late:
        return "逾期上报执行情况，按政策包不授予学分：" + "；".join(
            f"{f['code']} {f['message']}" for f in late
        )
    return ""


def _lecturers(report: ExecutionReport) -> list[tuple]:
    """Lecturers the system knows, with the 学时 they taught (rows without 学时 are left out)."""
    taught: dict[int, tuple] = {}
    for topic in report.topics.select_related("teacher_person"):
        if topic.teacher_person is None or topic.hours is None:
            continue
        person, hours = taught.get(topic.teacher_person_id, (topic.teacher_person, Decimal(0)))
        taught[topic.teacher_person_id] = (person, hours + topic.hours)
    return list(taught.values())


def _teaching_hours(report: ExecutionReport) -> Decimal | None:
    hours = [t.hours for t in report.topics.all()]
    if not hours or any(h is None for h in hours):
        return None
    return sum(hours, Decimal(0))


@transaction.atomic
def report_grant(*, by, session: Session) -> GrantOutcome | None:
    """Grant the credits of an accepted report through the ledger: the project's credits to
    every eligible attendee (attendance's ATT_* rules as they stand) and lecturer credits to the
    teachers the system knows, with the 学时 they taught. Idempotent: a person already granted
    for the session keeps their one row, so accepting twice or retrying grants once. Where the
    pack withholds credits (a late report under a pack that makes EXE_LATE an error, a session
    not held) nothing is granted and the reason is kept.

    Side effects: ledger rows with certificates (credits_grant_for_session, in this
    transaction); the report's grant counts or reason; audit ``execution.credits_granted`` or
    ``execution.credits_withheld``.
    """
    report = lock_report(session)
    require(by, "execution.grant_report", report)
    if report.state != ExecutionReport.State.ACCEPTED:
        raise DomainError(f"执行情况审核通过后才能授予学分；当前为「{report.get_state_display()}」")
    reason = withheld_because(report)
    if reason:
        report.no_credit_reason = reason[:500]
        report.credited = False
        report.save(update_fields=["no_credit_reason", "credited"])
        record("execution.credits_withheld", actor=by, obj=report, data={"reason": reason})
        return None
    project = session.project
    if project.credits is None:
        raise DomainError(f"项目「{project.name}」未登记授予学分，无法授分")
    people = eligible_people(attendee_rows(session))
    lecturers = _lecturers(report)
    outcome = credits_grant_for_session(
        by=by,
        session_ref=session_ref(session),
        project_number=project.number,
        title=project.name,
        activity_date=report.actual_end,
        year=report.actual_end.year,
        level=project.level,
        attendees=people,
        lecturers=lecturers,
        hours=_teaching_hours(report),
        credits=project.credits,
        policy_id=session.policy_id,
    )
    report.credited = True
    report.no_credit_reason = ""
    report.granted_at = report.granted_at or clock.now()
    report.grant = {
        "attendees": len(people),
        "lecturers": len(lecturers),
        "created": len(outcome.created),
        "existing": len(outcome.existing),
        "credits": str(project.credits),
    }
    report.save(update_fields=["credited", "no_credit_reason", "granted_at", "grant"])
    record("execution.credits_granted", actor=by, obj=report, data=report.grant)
    return outcome


ACTIONS = {
    "accept": ReportDecision.Action.ACCEPTED,
    "return": ReportDecision.Action.RETURNED,
    "reject": ReportDecision.Action.REJECTED,
}


TOLD = {
    "execution.report_accepted": (
        "已通过",
        "学分将按规定授予参加培训的学员，可在执行情况页面查看授予情况。",
    ),
    "execution.report_returned": ("已退回", "请按意见修改执行情况后重新提交。"),
    "execution.report_rejected": ("未通过", "本期不授予学分；如有异议请联系审核单位。"),
}


def _tell(report: ExecutionReport, session: Session, *, event: str, office: str, note: str):
    if event not in TOLD:
        return
    outcome, next_step = TOLD[event]
    name = f"“{session}”"
    notify(
        [report.submitted_by, session.created_by],
        kind=Kind.REPORT,
        title=f"{name}的执行情况{outcome}",
        what=f"{office}审核{name}的执行情况：{outcome}。" + (f"意见：{note}" if note else ""),
        next_step=next_step,
        url=reverse("execution:session", args=[session.pk]),
    )


@transaction.atomic
def report_review(*, by, session: Session, action: str, note: str = "") -> ExecutionReport:
    """An office of the chain decides on the report at its stage: ``accept`` passes it to the
    next office, or — at the last — accepts it and grants the credits (report_grant);
    ``return`` sends it back to the host for changes (a reason is required); ``reject`` ends it
    without credits (a reason is required). Accepting an already accepted report again only
    retries the grant, which grants nothing twice.

    Side effects: a ReportDecision; the report's state and stage; ledger rows on the final
    acceptance; audit ``execution.report_accepted`` / ``_forwarded`` / ``_returned`` /
    ``_rejected``; the score recomputed; on acceptance (final), return or rejection, whoever
    submitted the report and whoever created the session told.
    """
    if action not in ACTIONS:
        raise DomainError("审核结果无效", field="action")
    report = lock_report(session)
    if action == "accept" and report.state == ExecutionReport.State.ACCEPTED:
        report_grant(by=by, session=session)
        report.refresh_from_db()
        return report
    if report.state in (ExecutionReport.State.DRAFT, ExecutionReport.State.RETURNED):
        # Not (or no longer) submitted: the host and the offices over it learn why; anyone else
        # is refused as before. A decided report stays refused by the stage permission below.
        require(by, "execution.view_report", session)
        raise DomainError(
            f"只能审核已上报的执行情况；本期执行情况当前为「{report.get_state_display()}」"
        )
    require(by, "execution.review_report", report)
    note = (note or "").strip()
    if action != "accept" and not note:
        raise DomainError("退回或不通过须填写审核意见", field="note")
    stage = report.stage
    now = clock.now()
    ReportDecision.objects.create(
        report=report,
        stage=stage["stage"],
        office_id=stage["office"],
        action=ACTIONS[action],
        note=note[:500],
        at=now,
        by=by,
    )
    final = report.stage_index + 1 >= len(report.chain)
    if action == "accept" and not final:
        report.stage_index += 1
        event = "execution.report_forwarded"
    elif action == "accept":
        transition(report, ExecutionReport.State.ACCEPTED)
        report.decided_at = now
        event = "execution.report_accepted"
    elif action == "return":
        transition(report, ExecutionReport.State.RETURNED)
        report.stage_index = 0
        event = "execution.report_returned"
    else:
        transition(report, ExecutionReport.State.REJECTED)
        report.decided_at = now
        event = "execution.report_rejected"
    report.updated_at = now
    report.save()
    record(
        event,
        actor=by,
        obj=report,
        data={"stage": stage["stage"], "office": stage["name"], "note": note},
    )
    _tell(report, session, event=event, office=stage["name"], note=note)
    if report.state == ExecutionReport.State.ACCEPTED:
        report_grant(by=by, session=session)
        report.refresh_from_db()
    score_recompute_for_session(session=session)
    return report
