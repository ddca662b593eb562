"""The PI's side of an application: create, save the draft, check, submit, resubmit."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.engine.precheck import run_precheck
from jijiao.engine.rules.parse import InputInvalid
from jijiao.orgs.models import Person
from jijiao.policy.access import get_policy, policy_for_decision
from jijiao.projects.call_policy import call_policy
from jijiao.projects.domain.telling import tell_application
from jijiao.projects.facts import application_document
from jijiao.projects.models import Application, ApplicationEvent, Call, CourseRow

PROJECT_FIELDS = (
    "name",
    "summary",
    "track",
    "theme_kind",
    "discipline",
    "tcm",
    "format",
    "sessions",
    "enrollment_per_session",
    "venue",
    "venue_is_own_unit",
    "target_trainees",
    "fees",
    "requested_credits",
    "out_of_province_trainees",
    "declared_fields",
)


@dataclass(frozen=True)
class CourseInput:
    topic: str
    kind: str
    minutes: int
    teacher_person: Person | None = None
    teacher_name: str = ""
    teacher_title: str = ""
    teacher_unit: str = ""
    teacher_specialty: str = ""
    discipline: str = ""


def lock(application: Application) -> Application:
    """Take the row lock and bring the caller's instance up to date with the database."""
    Application.objects.select_for_update().filter(pk=application.pk).exists()
    application.refresh_from_db()
    return application


def log_event(application: Application, *, by, action: str, before: str, note: str = "") -> None:
    """A step the PI sees on the application, and the same step in the audit log; a return, a
    recommendation or a decision is also told to the PI (projects.domain.telling)."""
    ApplicationEvent.objects.create(
        application=application,
        at=clock.now(),
        actor=by,
        actor_label=str(by) if by else "系统",
        action=action,
        from_state=before,
        to_state=application.state,
        note=note,
    )
    record(
        f"application.{action}",
        actor=by,
        obj=application,
        data={"from": before, "to": application.state, "note": note},
    )
    tell_application(application, action=action, by=by, note=note)


def check(
    application: Application, *, recommending: bool = False, at=None, courses=None
) -> dict[str, Any]:
    """The pack's findings for the application as it stands (no writes): the live panel.

    ``courses`` (unsaved CourseRows) replace the stored schedule, so a form can be checked as
    typed, before it is saved."""
    policy = get_policy(application.call.policy_id)
    document = application_document(
        application, policy=policy, submitted_at=at, recommending=recommending, courses=courses
    )
    pack_id, call_resolver = call_policy(application.call)
    try:
        outcome = run_precheck("application", pack_id, document, resolver=call_resolver)
    except InputInvalid as error:
        return {
            "ok": False,
            "findings": [
                {
                    "code": "APP_INCOMPLETE",
                    "severity": "error",
                    "message": f"填写有误：{error.message}",
                    "subject": error.path,
                }
            ],
            "result": {},
        }
    outcome["policy"] = policy.id
    return outcome


def _apply_fields(application: Application, fields: dict[str, Any]) -> None:
    for field, value in fields.items():
        if field not in PROJECT_FIELDS:
            raise DomainError(f"字段 {field} 不能在此修改")
        if field == "requested_credits" and value is not None:
            value = Decimal(str(value))
        setattr(application, field, value)


def _replace_courses(application: Application, courses: list[CourseInput]) -> None:
    application.courses.all().delete()
    rows = []
    for position, course in enumerate(courses, start=1):
        if course.kind not in CourseRow.Kind.values:
            raise DomainError(f"第 {position} 行授课类型无效", field="courses")
        if course.minutes is None or course.minutes <= 0:
            raise DomainError(f"第 {position} 行时长须为正整数（分钟）", field="courses")
        rows.append(
            CourseRow(
                application=application,
                position=position,
                topic=course.topic.strip(),
                kind=course.kind,
                minutes=course.minutes,
                teacher_person=course.teacher_person,
                teacher_name=course.teacher_name.strip(),
                teacher_title=course.teacher_title,
                teacher_unit=course.teacher_unit.strip(),
                teacher_specialty=course.teacher_specialty,
                discipline=course.discipline,
            )
        )
    CourseRow.objects.bulk_create(rows)


@transaction.atomic
def application_create(*, by, call: Call, fields: dict[str, Any]) -> Application:
    """A PI starts an application in an open call; the leader is the PI's own person record.

    Side effects: an Application in ``draft``, an event and audit ``application.created``.
    """
    require(by, "projects.apply")
    person = by.person
    if person.unit_id is None:
        raise DomainError("您当前不属于任何单位，不能申报项目")
    if call.state != Call.State.OPEN:
        raise DomainError("该申报通知已截止")
    if call.kind != Call.Kind.PROJECT:
        raise DomainError("该通知征集的是培训计划，请由单位在“档案与计划”中填报培训计划")
    now = clock.now()
    application = Application(
        call=call, unit=person.unit, pi=person, created_by=by, created_at=now, updated_at=now
    )
    _apply_fields(application, fields)
    if not application.name.strip():
        raise DomainError("项目名称不能为空", field="name")
    application.save()
    log_event(application, by=by, action="created", before="")
    return application


@transaction.atomic
def application_save(
    *, by, application: Application, fields: dict[str, Any], courses: list[CourseInput] | None
) -> Application:
    """Save the draft (or a returned application being corrected): fields and schedule.

    Side effects: the Application row, its CourseRows replaced, audit ``application.saved``.
    """
    require(by, "projects.edit_application", application)
    _apply_fields(application, fields)
    application.updated_at = clock.now()
    application.save()
    if courses is not None:
        _replace_courses(application, courses)
    record("application.saved", actor=by, obj=application, data={"courses": len(courses or [])})
    return application


@transaction.atomic
def application_submit(*, by, application: Application) -> Application:
    """Submit (or resubmit) to the unit. Refused outside the call's window or with any error
    finding; warnings go along to the unit.

    Side effects: state ``submitted``, the findings, figures and pack hash stored, an event
    and audit ``application.submitted``.
    """
    require(by, "projects.submit_application", application)
    lock(application)
    call = application.call
    now = clock.now()
    if not call.accepts_at(now):
        raise DomainError(
            f"不在申报时间内：{call.opens_at:%Y-%m-%d %H:%M} 至 {call.closes_at:%Y-%m-%d %H:%M}"
            "（APP_WINDOW）"
        )
    outcome = check(application, at=now)
    errors = [f for f in outcome["findings"] if f["severity"] == "error"]
    if errors:
        raise DomainError("不能提交：" + "；".join(f"{f['code']} {f['message']}" for f in errors))
    policy = policy_for_decision(call.policy_id, used_by=f"申报:{application.name}")
    before = application.state
    transition(application, Application.State.SUBMITTED)
    application.submitted_at = now
    application.findings = outcome["findings"]
    application.figures = outcome["result"]
    application.policy_id = policy.id
    application.policy_hash = policy.content_hash
    application.save()
    log_event(
        application,
        by=by,
        action="resubmitted" if before == Application.State.RETURNED else "submitted",
        before=before,
    )
    return application


@transaction.atomic
def application_return(*, by, application: Application, reason: str) -> Application:
    """Return an application to the PI with reasons: the unit admin (from ``submitted`` or
    ``recommended``) or the office (from ``recommended`` or ``under_review``).

    Side effects: state ``returned``, an event with the reasons the PI sees, audit.
    """
    if not reason.strip():
        raise DomainError("退回须写明原因", field="reason")
    lock(application)
    State = Application.State
    unit_states = (State.SUBMITTED, State.RECOMMENDED)
    office_states = (State.RECOMMENDED, State.UNDER_REVIEW)
    if by.has_perm("projects.office_review", application) and application.state in office_states:
        pass
    elif application.state in unit_states:
        require(by, "projects.unit_review", application)
    else:
        raise DomainError(f"当前状态（{application.get_state_display()}）不能退回")
    before = application.state
    transition(application, State.RETURNED)
    application.save(update_fields=["state"])
    log_event(application, by=by, action="returned", before=before, note=reason)
    return application
