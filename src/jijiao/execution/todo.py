"""The workbench items of execution: reports a host must send within the pack's days after a
session, reports an office must review, evaluations a trainee can still answer."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from jijiao.common import clock
from jijiao.common.todo import Todo, end_of_day
from jijiao.execution.models import ExecutionReport, SurveyResponder, WorkReport
from jijiao.execution.queries import attended_registrations, review_queue_for_user
from jijiao.hosting.models import Session
from jijiao.hosting.todo import hosted_sessions_q
from jijiao.orgs import roles
from jijiao.orgs.models import Role
from jijiao.policy.access import policy_memo


def report_deadline(session: Session, policy) -> dt.datetime:
    """The last moment to report: the pack's ``EXE_LATE`` days after the session ends."""
    pack = policy(session.policy_id)
    rule = pack.rule("execution", session.project.level, "EXE_LATE") if pack else None
    days = (rule.get("max_days") if rule else None) or 0
    return session.ends_at + dt.timedelta(days=days)


def _host_items(user, now) -> list[Todo]:
    unreported = (
        Session.objects.filter(
            hosted_sessions_q(user), state=Session.State.ACCEPTED, ends_at__lt=now
        )
        .filter(
            Q(execution_report__isnull=True)
            | Q(
                execution_report__state__in=(
                    ExecutionReport.State.DRAFT,
                    ExecutionReport.State.RETURNED,
                )
            )
        )
        .select_related("project", "execution_report")
        .order_by("ends_at", "pk")
    )
    policy = policy_memo()
    items = []
    for session in unreported:
        report = getattr(session, "execution_report", None)
        returned = report is not None and report.state == ExecutionReport.State.RETURNED
        items.append(
            Todo(
                kind="待上报的执行情况",
                title=f"“{session.project.name}”第 {session.sequence} 期"
                + (
                    "执行情况报告被退回，请修改后重新上报" if returned else "已举办，执行情况待上报"
                ),
                url=reverse("execution:session", args=[session.pk]),
                deadline=report_deadline(session, policy),
                note=f"{session.ends_at:%Y-%m-%d} 结束，上报截止",
            )
        )
    return items


def _office_items(user) -> list[Todo]:
    return [
        Todo(
            kind="待审核的执行情况报告",
            title=f"“{s.project.name}”第 {s.sequence} 期（{s.project.host_name}）执行情况待审核",
            url=reverse("execution:review", args=[s.pk]),
        )
        for s in review_queue_for_user(user)
    ]


def _trainee_items(user) -> list[Todo]:
    if not user.person_id:
        return []
    answered = set(
        SurveyResponder.objects.filter(person_id=user.person_id).values_list(
            "survey__session_id", flat=True
        )
    )
    items = []
    for registration in attended_registrations(user.person)[:100]:
        session = registration.session
        survey = getattr(session, "survey", None)
        if survey is None or not survey.is_open or registration.session_id in answered:
            continue
        items.append(
            Todo(
                kind="待填写的评估问卷",
                title=f"评估“{session.project.name}”第 {session.sequence} 期",
                url=reverse("execution:answer", args=[survey.token]),
            )
        )
    return items


def _work_report_items(user) -> list[Todo]:
    """The yearly CME work report a unit (or district office) owes its office by the due day."""
    units = roles.role_unit_ids(user, Role.UNIT_ADMIN) | roles.office_ids(user)
    if not units:
        return []
    due = WorkReport.objects.filter(unit_id__in=units, state=WorkReport.State.DUE).select_related(
        "unit"
    )
    return [
        Todo(
            kind="待报送的年度继教工作报告",
            title=f"{report.unit.name} {report.year} 年度继续医学教育工作报告待报送",
            url=reverse("execution:work_reports"),
            deadline=end_of_day(report.due, clock.SHANGHAI),
            note="报送截止",
        )
        for report in due.order_by("due", "pk")
    ]


def todos_for(user, now) -> list[Todo]:
    return (
        _host_items(user, now)
        + _office_items(user)
        + _trainee_items(user)
        + _work_report_items(user)
    )
