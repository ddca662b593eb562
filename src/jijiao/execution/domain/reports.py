"""The host's execution report: the facts of the session as held, its topics and teachers, the
materials, the textbooks (附件3), and its submission under the pack's EXE_* rules."""

from typing import Any

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.engine.rules.dates import days_between
from jijiao.engine.rules.execution import check_execution
from jijiao.engine.rules.findings import sort_findings
from jijiao.engine.rules.sanctions import Event
from jijiao.execution.domain.common import (
    decimal_or_none,
    editable,
    known_teachers,
    teacher_person,
)
from jijiao.execution.domain.review import review_chain
from jijiao.execution.domain.scores import score_recompute_for_session
from jijiao.execution.facts import attendee_rows, execution_facts
from jijiao.execution.models import ExecutionReport, ReportFile, ReportTopic, Textbook
from jijiao.execution.uploads import check_upload
from jijiao.execution.vocab import province_short
from jijiao.hosting.domain.sanctions import sanctions_propose
from jijiao.hosting.models import Session
from jijiao.policy.access import get_policy, policy_for_decision
from jijiao.projects.models import Format

FIELDS = (
    "held",
    "not_held_reason",
    "actual_start",
    "actual_end",
    "actual_days",
    "actual_hours",
    "venue",
    "venue_province",
    "scenic_area",
    "format",
    "courseware_controls",
    "upload_cycle_months",
    "analysis",
    "problems",
)
# Errors that do not refuse a submission but cost the credits (a late report cannot be made
# on time by submitting again; anyang-2022: "未按规定时间上报的不授予学分").
COSTS_CREDITS = ("EXE_LATE",)


def _shown(value) -> Any:
    return value if value is None or isinstance(value, bool | int) else str(value)


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for name, value in fields.items():
        if name not in FIELDS:
            raise DomainError(f"字段 {name} 不能在此修改")
        if isinstance(value, str):
            value = value.strip()
        cleaned[name] = value
    if "actual_days" in cleaned:
        cleaned["actual_days"] = decimal_or_none(cleaned["actual_days"], "实际举办天数", 1)
    if "actual_hours" in cleaned:
        cleaned["actual_hours"] = decimal_or_none(cleaned["actual_hours"], "实际学时数", 2)
    if "venue_province" in cleaned:
        cleaned["venue_province"] = province_short(cleaned["venue_province"])
    if cleaned.get("format") not in (None, *Format.values):
        raise DomainError("举办形式无效", field="format")
    return cleaned


def _validate(report: ExecutionReport, topics: list[dict]) -> None:
    if not report.held:
        if not report.not_held_reason:
            raise DomainError("未举办须填写原因", field="not_held_reason")
        return
    if report.actual_start is None or report.actual_end is None:
        raise DomainError("请填写实际举办起止日期", field="actual_start")
    if report.actual_end < report.actual_start:
        raise DomainError("实际结束日期不能早于开始日期", field="actual_end")
    if not report.venue:
        raise DomainError("请填写实际举办地点", field="venue")
    if not report.venue_province:
        raise DomainError("请填写举办地所在省份", field="venue_province")
    if report.actual_days is None or report.actual_days <= 0:
        raise DomainError("实际举办天数须大于 0（如 1.5）", field="actual_days")
    if not topics:
        raise DomainError("请至少填写一行授课题目和授课教师", field="topics")


def _clean_topics(session: Session, report: ExecutionReport, topics: list[dict]) -> list[dict]:
    known = known_teachers(session, report)
    rows = []
    for index, row in enumerate(topics, start=1):
        topic = (row.get("topic") or "").strip()
        teacher = (row.get("teacher_name") or "").strip()
        if not topic and not teacher:
            continue
        if not topic or not teacher:
            raise DomainError(f"第 {index} 行：授课题目和授课教师都须填写", field="topics")
        hours = decimal_or_none(row.get("hours"), f"第 {index} 行学时", 2)
        rows.append(
            {
                "topic": topic,
                "teacher_name": teacher,
                "hours": hours,
                "teacher_person": teacher_person(session, teacher, known),
            }
        )
    return rows


@transaction.atomic
def report_save(
    *, by, session: Session, fields: dict[str, Any], topics: list[dict] | None = None
) -> ExecutionReport:
    """Save the report as a draft: the facts of the session as held and, when given, its rows of
    topics and teachers (a teacher the system knows by name — the leader, the schedule's
    teachers — is linked, for the lecturer's credits).

    Side effects: the report (created pre-filled on first use) and its topic rows replaced;
    audit ``execution.report_saved`` with before/after of the fields changed; the score
    recomputed.
    """
    require(by, "execution.manage_report", session)
    report = editable(session)
    cleaned = _clean(fields)
    before = {name: _shown(getattr(report, name)) for name in cleaned}
    for name, value in cleaned.items():
        setattr(report, name, value)
    rows = _clean_topics(session, report, topics) if topics is not None else None
    current_rows = rows
    if current_rows is None:
        current_rows = list(report.topics.values("topic", "teacher_name"))
    _validate(report, current_rows)
    report.updated_at = clock.now()
    report.save()
    if rows is not None:
        report.topics.all().delete()
        ReportTopic.objects.bulk_create(
            [ReportTopic(report=report, position=i, **row) for i, row in enumerate(rows, start=1)]
        )
    after = {name: _shown(getattr(report, name)) for name in cleaned}
    record(
        "execution.report_saved",
        actor=by,
        obj=report,
        data={
            "before": {k: v for k, v in before.items() if v != after[k]},
            "after": {k: v for k, v in after.items() if v != before[k]},
            "topics": len(rows) if rows is not None else None,
        },
    )
    score_recompute_for_session(session=session)
    return report


@transaction.atomic
def report_add_file(*, by, session: Session, kind: str, upload) -> ReportFile:
    """Attach a material (photos with the banner and of the full room, the video, the exam
    questions, a signed attendee list, other): its type read from the content and its size
    checked per kind (uploads.py). Side effects: the file stored; audit
    ``execution.file_added`` with name, kind, type, size and hash."""
    require(by, "execution.manage_report", session)
    report = editable(session)
    sniffed = check_upload(upload, kind)
    digest = sniffed.sha256
    material = ReportFile(
        report=report,
        kind=kind,
        name=sniffed.name,
        content_type=sniffed.content_type,
        size=sniffed.size,
        sha256=digest,
        uploaded_at=clock.now(),
        uploaded_by=by,
    )
    material.file.save(
        f"report-{session.pk}-{kind}-{digest[:12]}.{sniffed.extension}", upload, save=False
    )
    material.save()
    record(
        "execution.file_added",
        actor=by,
        obj=report,
        data={
            "name": material.name,
            "kind": kind,
            "type": sniffed.content_type,
            "size": material.size,
            "sha256": digest,
        },
    )
    score_recompute_for_session(session=session)
    return material


@transaction.atomic
def report_remove_file(*, by, material: ReportFile) -> None:
    """Remove a material while the report is editable. Side effects: the row deleted (the
    stored file is kept: the audit log names it); audit ``execution.file_removed``."""
    session = material.report.session
    require(by, "execution.manage_report", session)
    report = editable(session)
    if material.report_id != report.pk:
        raise DomainError("材料不属于本期执行情况")
    data = {"name": material.name, "kind": material.kind, "sha256": material.sha256}
    material.delete()
    record("execution.file_removed", actor=by, obj=report, data=data)


TEXTBOOK_FIELDS = ("name", "written_on", "authors", "form", "word_count", "hours", "contents")


@transaction.atomic
def report_add_textbook(*, by, session: Session, fields: dict[str, Any]) -> Textbook:
    """Add a textbook used (附件3). Side effects: a Textbook; audit
    ``execution.textbook_added``; the score recomputed (materials)."""
    require(by, "execution.manage_report", session)
    report = editable(session)
    unknown = set(fields) - set(TEXTBOOK_FIELDS)
    if unknown:
        raise DomainError(f"字段 {'、'.join(sorted(unknown))} 不能在此填写")
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    for name, label in (
        ("name", "教材名称"),
        ("authors", "编写人员或编写单位"),
        ("contents", "教材目录或内容概述"),
    ):
        if not values.get(name):
            raise DomainError(f"请填写{label}", field=name)
    if values.get("written_on") is None:
        raise DomainError("请填写编写时间", field="written_on")
    if values.get("form") not in Textbook.Form.values:
        raise DomainError("教材形式须为文字教材或音像教材", field="form")
    values["hours"] = decimal_or_none(values.get("hours"), "讲授时间（学时）", 2)
    if values["hours"] is None:
        raise DomainError("请填写讲授时间（学时）", field="hours")
    textbook = Textbook.objects.create(report=report, added_at=clock.now(), **values)
    record(
        "execution.textbook_added",
        actor=by,
        obj=report,
        data={"name": textbook.name, "form": textbook.form, "hours": str(textbook.hours)},
    )
    score_recompute_for_session(session=session)
    return textbook


@transaction.atomic
def report_remove_textbook(*, by, textbook: Textbook) -> None:
    """Remove a textbook while the report is editable. Side effects: the row deleted; audit
    ``execution.textbook_removed``."""
    session = textbook.report.session
    require(by, "execution.manage_report", session)
    report = editable(session)
    if textbook.report_id != report.pk:
        raise DomainError("教材不属于本期执行情况")
    name = textbook.name
    textbook.delete()
    record("execution.textbook_removed", actor=by, obj=report, data={"name": name})


def report_check(report: ExecutionReport, *, reported_on, rows=None) -> list[dict]:
    """The pack's EXE_* rules of the project's level on the report as it stands (no writes)."""
    policy = get_policy(report.session.policy_id)
    facts = execution_facts(report, reported_on=reported_on, rows=rows)
    return [f.as_dict() for f in sort_findings(check_execution(facts, policy))]


@transaction.atomic
def report_submit(*, by, session: Session) -> dict[str, Any]:
    """Report the session's execution to the offices. The pack's EXE_* rules of the project's
    level run as of the first submission date: a missing material (``EXE_MATERIAL_MISSING``)
    refuses it; a late report (``EXE_LATE``) is accepted for review, and where the pack makes
    lateness an error it costs the credits (seed 004 五/六), which the offices see.

    Returns ``{"ok", "findings"}``. Side effects: the findings stored either way; when
    submitted: the state ``submitted`` at the first office of the chain (city, then province
    for national and provincial projects), the first submission date kept as the report date,
    the pack pinned, audit ``execution.report_submitted``, the score recomputed; when refused:
    audit ``execution.report_refused`` with the codes.
    """
    require(by, "execution.manage_report", session)
    report = editable(session)
    _validate(report, list(report.topics.values("topic")))
    today = clock.today()
    if report.held and (clock.now() < session.ends_at or today < report.actual_end):
        end = max(clock.local(session.ends_at).date(), report.actual_end)
        raise DomainError(f"本期 {end} 结束，结束后才能上报执行情况")
    reported_on = report.reported_on or today
    policy = policy_for_decision(session.policy_id, used_by=f"执行情况:{session.pk}")
    rows = attendee_rows(session)
    findings = report_check(report, reported_on=reported_on, rows=rows)
    report.findings = findings
    codes = [f["code"] for f in findings]
    refusing = [f for f in findings if f["severity"] == "error" and f["code"] not in COSTS_CREDITS]
    if refusing:
        report.save(update_fields=["findings"])
        record("execution.report_refused", actor=by, obj=report, data={"codes": codes})
        return {"ok": False, "findings": findings}
    chain = review_chain(session)
    before = report.state
    now = clock.now()
    transition(report, ExecutionReport.State.SUBMITTED)
    report.reported_on = reported_on
    report.submitted_at = now
    report.submitted_by = by
    report.policy_id = policy.id
    report.policy_hash = policy.content_hash
    report.chain = chain
    report.stage_index = 0
    report.updated_at = now
    report.save()
    record(
        "execution.report_submitted",
        actor=by,
        obj=report,
        data={
            "from": before,
            "codes": codes,
            "reported_on": reported_on.isoformat(),
            "chain": [stage["name"] for stage in chain],
            "policy": policy.id,
            "policy_hash": policy.content_hash,
        },
    )
    score_recompute_for_session(session=session, rows=rows)
    _propose_if_late(by, session, policy, findings, reported_on)
    return {"ok": True, "findings": findings}


def _propose_if_late(by, session: Session, policy, findings: list[dict], reported_on) -> None:
    """A report later than EXE_LATE allows proposes the pack's ``late_report`` sanctions
    (seed 004 五/六: the host unit's same-discipline bar next year)."""
    if not any(f["code"] == "EXE_LATE" for f in findings):
        return
    project = session.project
    if project.host_id is None:
        return
    days = days_between(clock.local(session.ends_at).date(), reported_on)
    event = Event(
        "late_report",
        project.year,
        level=project.level,
        days=days,
        text=f"{project.number} {project.name} 第 {session.sequence} 期",
    )
    sanctions_propose(
        by=by,
        event=event,
        policy_id=policy.id,
        unit=project.host,
        key=f"late_report:{session.pk}",
        project=project,
    )
