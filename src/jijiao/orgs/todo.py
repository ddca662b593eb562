"""The workbench items of organisations: self-registered staff to confirm, people transferred
to the unit waiting to be taken in, unit account applications an office must decide, accounts
the security admin may unlock."""

from django.urls import reverse

from jijiao.common.todo import Todo
from jijiao.orgs import roles
from jijiao.orgs.models import (
    Account,
    Role,
    Transfer,
    UnitAccountApplication,
    UnitRenameRequest,
)
from jijiao.orgs.queries import people_for_user, unit_applications_for_user, units_for_user


def _unit_admin_items(user) -> list[Todo]:
    units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    if not units:
        return []
    items = []
    waiting = people_for_user(user).filter(unit_id__in=units, confirmed_by_unit=False).count()
    if waiting:
        items.append(
            Todo(
                kind="待确认的自行注册人员",
                title=f"{waiting} 名自行注册的人员待本单位确认",
                url=reverse("orgs:people") + "?confirmed=no",
            )
        )
    for transfer in Transfer.objects.filter(
        to_unit_id__in=units, state=Transfer.State.RELEASED
    ).select_related("person", "from_unit"):
        items.append(
            Todo(
                kind="待调入的人员",
                title=f"{transfer.person.name}已由{transfer.from_unit.name}调出，待本单位调入",
                url=reverse("orgs:transfer_in"),
            )
        )
    return items


def _office_items(user) -> list[Todo]:
    held = {a.role for a in roles.active_roles(user)}
    if not held & {Role.CITY_OFFICE, Role.COUNTY_OFFICE}:
        return []
    states = (
        [UnitAccountApplication.State.SUBMITTED, UnitAccountApplication.State.FORWARDED]
        if Role.CITY_OFFICE in held
        else [UnitAccountApplication.State.SUBMITTED]
    )
    items = [
        Todo(
            kind="待办的单位账号申请",
            title=f"{application.unit_name}申请开通单位账号（{application.get_state_display()}）",
            url=reverse("orgs:unit_applications"),
        )
        for application in unit_applications_for_user(user).filter(state__in=states)
    ]
    if Role.CITY_OFFICE in held:
        renames = UnitRenameRequest.objects.filter(
            state=UnitRenameRequest.State.SUBMITTED, unit__in=units_for_user(user)
        ).select_related("unit")
        items += [
            Todo(
                kind="待办的单位更名",
                title=f"{r.unit.name}申请更名为{r.new_name}",
                url=reverse("orgs:unit_applications"),
            )
            for r in renames
        ]
    return items


def _security_items(user, now) -> list[Todo]:
    """Accounts locked by repeated failed logins: the security admin confirms who it was and
    unlocks them (or lets the lock run out, which also removes the item)."""
    if not roles.has_role(user, Role.SECURITY_ADMIN):
        return []
    locked = Account.objects.filter(locked_until__gt=now).order_by("locked_until", "username")
    return [
        Todo(
            kind="被锁定的账号",
            title=f"{account.display_name or account.username}（{account.username}）连续登录失败"
            "被锁定，核实本人后可解锁",
            url=reverse("orgs:security"),
            deadline=account.locked_until,
            note="自动解锁",
        )
        for account in locked
    ]


def todos_for(user, now) -> list[Todo]:
    return _unit_admin_items(user) + _office_items(user) + _security_items(user, now)
