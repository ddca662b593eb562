"""The workbench items of applications: a PI's drafts and returned applications, a unit admin's
applications to recommend, an office's paper receipts, expert assignment, decisions and
publication, an expert's reviews. A fixed number of queries, whatever the number of items."""

from django.db.models import Count, Q
from django.urls import reverse

from jijiao.common.todo import Todo
from jijiao.orgs import roles
from jijiao.orgs.models import Role
from jijiao.projects.models import Application, PaperReceipt, ReviewAssignment
from jijiao.projects.queries import applications_for_user, assignments_for_user, handled_by

State = Application.State


def _link(application: Application) -> str:
    return reverse("projects:application", args=[application.pk])


def _leader_items(user) -> list[Todo]:
    q = Q(created_by=user)
    if user.person_id:
        q |= Q(pi_id=user.person_id)
    mine = Application.objects.filter(q, state__in=(State.DRAFT, State.RETURNED))
    items = []
    for application in mine.select_related("call").order_by("pk"):
        returned = application.state == State.RETURNED
        items.append(
            Todo(
                kind="被退回的申报" if returned else "未提交的申报草稿",
                title=f"“{application.name}”"
                + ("已退回，请修改后重新提交" if returned else "尚未提交"),
                url=_link(application),
                deadline=application.call.closes_at,
                note=f"{application.call.title}，申报截止",
            )
        )
    return items


def _unit_admin_items(user) -> list[Todo]:
    units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    if not units:
        return []
    waiting = list(
        Application.objects.filter(unit_id__in=units, state=State.SUBMITTED)
        .select_related("call", "unit")
        .order_by("call__closes_at", "pk")
    )
    recommended = {
        (row["call_id"], row["unit_id"]): row["n"]
        for row in Application.objects.filter(
            unit_id__in=units,
            state__in=(State.RECOMMENDED, State.UNDER_REVIEW, State.APPROVED, State.REJECTED),
        )
        .values("call_id", "unit_id")
        .annotate(n=Count("pk"))
    }
    return [
        Todo(
            kind="待推荐的申报",
            title=f"“{a.name}”（{a.unit.name}）待单位审核推荐",
            url=reverse("projects:unit_applications") + f"?call={a.call_id}",
            deadline=a.call.closes_at,
            note=f"本次已推荐 {recommended.get((a.call_id, a.unit_id), 0)} 项",
        )
        for a in waiting
    ]


def _office_items(user, now) -> list[Todo]:
    offices = roles.office_ids(user)
    if not offices:
        return []
    visible = applications_for_user(user).filter(handled_by(offices))
    received = set(
        PaperReceipt.objects.filter(
            Q(call__office_id__in=offices) | Q(call__tcm_office_id__in=offices)
        ).values_list("call_id", "unit_id")
    )
    items = []
    recommended = visible.filter(state=State.RECOMMENDED).order_by("call__closes_at", "pk")
    for a in recommended:
        if (a.call_id, a.unit_id) not in received:
            if a.call.office_id not in offices:
                continue  # a TCM office waits for the call's office to record the paper set
            items.append(
                Todo(
                    kind="待登记纸质材料",
                    title=f"“{a.name}”（{a.unit.name}）纸质材料未登记收到",
                    url=reverse("projects:paper_receipts", args=[a.call_id]),
                    deadline=a.call.paper_deadline,
                    note="纸质材料截止",
                )
            )
        else:
            items.append(
                Todo(
                    kind="待受理的申报",
                    title=f"“{a.name}”（{a.unit.name}）已推荐，待受理进入评审",
                    url=_link(a),
                )
            )
    reviewing = visible.filter(state=State.UNDER_REVIEW).annotate(
        assigned=Count("assignments", distinct=True),
        open_reviews=Count(
            "assignments",
            filter=Q(assignments__state=ReviewAssignment.State.ASSIGNED),
            distinct=True,
        ),
    )
    for a in reviewing.order_by("pk"):
        if not a.assigned:
            items.append(
                Todo(
                    kind="待分配评审专家",
                    title=f"“{a.name}”（{a.unit.name}）尚未分配评审专家",
                    url=_link(a),
                )
            )
        elif not a.open_reviews:
            items.append(
                Todo(
                    kind="待作出批准决定",
                    title=f"“{a.name}”（{a.unit.name}）评审已完成，待批准或不批准",
                    url=_link(a),
                )
            )
    overdue = (
        ReviewAssignment.objects.filter(
            application__in=visible.filter(state=State.UNDER_REVIEW),
            state=ReviewAssignment.State.ASSIGNED,
            due_at__lt=now,
        )
        .select_related("application", "reviewer")
        .order_by("due_at", "pk")
    )
    items += [
        Todo(
            kind="逾期未评的专家评审",
            title=f"{r.reviewer}未按时评审“{r.application.name}”，可催办或改派其他专家",
            url=_link(r.application),
            deadline=r.due_at,
            note="评审截止",
        )
        for r in overdue
    ]
    unpublished = visible.filter(state=State.APPROVED, published__isnull=True).count()
    if unpublished:
        items.append(
            Todo(
                kind="待公布的项目",
                title=f"{unpublished} 个已批准的项目尚未公布",
                url=reverse("projects:office_applications") + "?state=approved",
            )
        )
    return items


def _expert_items(user) -> list[Todo]:
    waiting = (
        assignments_for_user(user)
        .filter(state=ReviewAssignment.State.ASSIGNED)
        .select_related("application")
    )
    return [
        Todo(
            kind="待评审的申报",
            title=f"评审“{assignment.application.name}”",
            url=reverse("projects:review", args=[assignment.pk]),
            deadline=assignment.due_at,
            note="评审截止",
        )
        for assignment in waiting.order_by("assigned_at", "pk")
    ]


def todos_for(user, now) -> list[Todo]:
    return (
        _leader_items(user)
        + _unit_admin_items(user)
        + _office_items(user, now)
        + _expert_items(user)
    )
