"""The workbench items of hosting: sessions the host must file before the pack's deadline,
filings an office must accept or return, inspections to assign and record."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from jijiao.common.todo import Todo
from jijiao.hosting.models import Inspection, Sanction, Session
from jijiao.hosting.queries import inspections_for_user, sanctions_for_user
from jijiao.orgs import roles
from jijiao.orgs.models import Role
from jijiao.policy.access import policy_memo


def filing_deadline(session: Session, policy) -> dt.datetime:
    """The last moment to file: the pack's ``FIL_LATE`` days before the session starts (the
    start itself where the pack sets none)."""
    pack = policy(session.policy_id)
    rule = pack.rule("filing", session.project.level, "FIL_LATE") if pack else None
    days = (rule.get("min_days") if rule else None) or 0
    return session.starts_at - dt.timedelta(days=days)


def hosted_sessions_q(user) -> Q:
    """Sessions the account hosts: of its units as unit admin, or of projects it leads."""
    q = Q(pk__in=[])
    units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    if units:
        q |= Q(project__host_id__in=units)
    if user.person_id:
        q |= Q(project__application__pi_id=user.person_id)
    return q


def _host_items(user, now, policy) -> list[Todo]:
    to_file = (
        Session.objects.filter(
            hosted_sessions_q(user),
            state__in=(Session.State.PLANNED, Session.State.RETURNED),
            ends_at__gte=now,
        )
        .select_related("project")
        .order_by("starts_at", "pk")
    )
    return [
        Todo(
            kind="待报备的举办期次",
            title=f"“{s.project.name}”第 {s.sequence} 期"
            + ("报备被退回，请修改后重新报备" if s.state == Session.State.RETURNED else "尚未报备"),
            url=reverse("hosting:filing", args=[s.pk]),
            deadline=filing_deadline(s, policy),
            note=f"{s.starts_at:%Y-%m-%d} 举办，报备截止",
        )
        for s in to_file
    ]


def _office_items(user) -> list[Todo]:
    offices = roles.office_ids(user)
    if not offices:
        return []
    over = Q(project__publication__office_id__in=offices) | roles.jurisdiction_q(
        offices, prefix="project__host__"
    )
    filed = (
        Session.objects.filter(over, state=Session.State.FILED)
        .select_related("project")
        .distinct()
        .order_by("starts_at", "pk")
    )
    items = [
        Todo(
            kind="待审核的举办报备",
            title=f"“{s.project.name}”第 {s.sequence} 期（{s.project.host_name}）已报备，待审核",
            url=reverse("hosting:filing_review", args=[s.pk]),
            deadline=s.starts_at,
            note="举办开始",
        )
        for s in filed
    ]
    open_visits = (
        inspections_for_user(user)
        .filter(draw__office_id__in=offices)
        .exclude(state=Inspection.State.RECORDED)
        .order_by("session__starts_at", "pk")
    )
    for inspection in open_visits:
        assigned = inspection.state == Inspection.State.ASSIGNED
        items.append(
            Todo(
                kind="待记录的现场督导" if assigned else "待分派的现场督导",
                title=f"“{inspection.session.project.name}”第 {inspection.session.sequence} 期"
                + ("督导结果待记录" if assigned else "待分派督导员"),
                url=reverse("hosting:inspection", args=[inspection.pk]),
                deadline=inspection.session.ends_at,
                note="期次结束",
            )
        )
    return items


def _sanction_items(user, now) -> list[Todo]:
    """Proposed sanctions the office confirms or dismisses; confirmed ones in force that concern
    the person (a PI barred) or the unit they administer."""
    items = [
        Todo(
            kind="待确认的处理建议",
            title=f"{s.unit.name}{('·' + s.person.name) if s.person else ''}："
            f"{s.get_kind_display()}（{s.reason}）",
            url=reverse("execution:sanctions"),
        )
        for s in sanctions_for_user(user).filter(state=Sanction.State.PROPOSED).order_by("at")
    ]
    concern = Q(pk__in=[])
    if user.person_id:
        concern |= Q(person_id=user.person_id)
    units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    if units:
        concern |= Q(unit_id__in=units)
    year = now.year
    in_force = Sanction.objects.filter(
        concern, state=Sanction.State.CONFIRMED, first_year__lte=year + 1, last_year__gte=year
    ).select_related("unit", "person")
    items += [
        Todo(
            kind="涉及本人或本单位的处理",
            title=f"{s.get_kind_display()}（{s.first_year}–{s.last_year} 年）：{s.reason}",
            url=reverse("orgs:unit", args=[s.unit_id]) if units else reverse("home"),
        )
        for s in in_force
    ]
    return items


def _inspector_items(user) -> list[Todo]:
    mine = (
        Inspection.objects.filter(inspector=user, state=Inspection.State.ASSIGNED)
        .select_related("session", "session__project")
        .order_by("session__starts_at", "pk")
    )
    return [
        Todo(
            kind="我的现场督导",
            title=f"督导“{i.session.project.name}”第 {i.session.sequence} 期",
            url=reverse("hosting:inspection", args=[i.pk]),
            deadline=i.session.ends_at,
            note="期次结束",
        )
        for i in mine
    ]


def todos_for(user, now) -> list[Todo]:
    policy = policy_memo()
    return (
        _host_items(user, now, policy)
        + _office_items(user)
        + _sanction_items(user, now)
        + _inspector_items(user)
    )
