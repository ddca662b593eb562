"""The workbench items of remote education: the city office's provider registrations, course
filings and completion lists to decide; a provider's returned courses."""

from django.db.models import Q
from django.urls import reverse

from jijiao.common.todo import Todo
from jijiao.orgs import roles
from jijiao.orgs.models import Role
from jijiao.remote.models import CompletionList, Course, Provider


def _city_items(user) -> list[Todo]:
    cities = roles.role_unit_ids(user, Role.CITY_OFFICE)
    if not cities:
        return []
    providers = Provider.objects.filter(
        office_id__in=cities, state=Provider.State.SUBMITTED
    ).select_related("unit")
    courses = Course.objects.filter(
        provider__office_id__in=cities, state=Course.State.SUBMITTED
    ).select_related("provider__unit")
    lists = CompletionList.objects.filter(
        provider__office_id__in=cities, state=CompletionList.State.SUBMITTED
    ).select_related("provider__unit")
    return (
        [
            Todo(
                kind="待审核的远程教育机构备案",
                title=f"{p.unit.name}申请备案",
                url=reverse("remote:provider", args=[p.pk]),
            )
            for p in providers
        ]
        + [
            Todo(
                kind="待审核的远程课程备案",
                title=f"{c.provider.unit.name}的课程“{c.title}”待备案审核",
                url=reverse("remote:course", args=[c.pk]),
            )
            for c in courses
        ]
        + [
            Todo(
                kind="待审核的远程学习完成名单",
                title=f"{cl.provider.unit.name}提交的完成名单待审核",
                url=reverse("remote:list", args=[cl.pk]),
            )
            for cl in lists
        ]
    )


def _provider_items(user) -> list[Todo]:
    units = roles.role_unit_ids(user, Role.PROVIDER)
    if not units:
        return []
    returned = Course.objects.filter(
        Q(state=Course.State.RETURNED) | Q(state=Course.State.DRAFT), provider__unit_id__in=units
    )
    return [
        Todo(
            kind="待提交的远程课程",
            title=f"课程“{c.title}”"
            + ("被退回，请修改后重新提交" if c.state == Course.State.RETURNED else "尚未提交备案"),
            url=reverse("remote:course", args=[c.pk]),
        )
        for c in returned
    ]


def todos_for(user, now) -> list[Todo]:
    return _city_items(user) + _provider_items(user)
