"""The workbench items of the promotion audit: a unit's cases still to submit before its intake
day, and the cases waiting at a county or city office."""

from django.urls import reverse

from jijiao.audits.models import AuditCase, UnitIntake
from jijiao.audits.queries import queue_for_user
from jijiao.common import clock
from jijiao.common.todo import Todo, end_of_day
from jijiao.orgs import roles
from jijiao.orgs.models import Role


def _unit_items(user) -> list[Todo]:
    units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    if not units:
        return []
    open_cases = AuditCase.objects.filter(
        unit_id__in=units, status__in=AuditCase.EDITABLE, campaign__state="open"
    ).select_related("person", "campaign")
    days = {
        (d.campaign_id, d.unit_id): d.day
        for d in UnitIntake.objects.filter(unit_id__in=units, campaign__state="open")
    }
    items = []
    for case in open_cases.order_by("pk"):
        day = days.get((case.campaign_id, case.unit_id))
        returned = case.status == AuditCase.Status.RETURNED
        items.append(
            Todo(
                kind="待报送的晋升学分审核",
                title=f"{case.person.name}的学分审核材料"
                + ("被退回，请补正后重新报送" if returned else "尚未报送"),
                url=reverse("audits:case", args=[case.pk]),
                deadline=end_of_day(day, clock.SHANGHAI) if day else None,
                note="本单位送审日",
            )
        )
    return items


def _office_items(user) -> list[Todo]:
    return [
        Todo(
            kind="待审核的晋升学分审核",
            title=f"{case.person.name}（{case.unit.name}）{case.get_status_display()}",
            url=reverse("audits:case", args=[case.pk]),
        )
        for case in queue_for_user(user)
    ]


def todos_for(user, now) -> list[Todo]:
    return _unit_items(user) + _office_items(user)
