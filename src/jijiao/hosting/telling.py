"""Who is told what about sanctions: a proposal goes to the office that decides it (the nearest
office above the unit with an office account), a confirmed sanction to those it concerns (the
barred leader, the unit's administrators); nobody else, and never the person who acted."""

from collections.abc import Iterable

from django.urls import reverse

from jijiao.hosting.models import Sanction
from jijiao.notifications.domain.messages import notify
from jijiao.notifications.kinds import Kind
from jijiao.orgs.models import OFFICE_ROLES_SET, Account, Role, Unit


def _holding(role_set: Iterable[str], unit_id: int) -> list[Account]:
    return list(
        Account.objects.filter(
            roles__role__in=list(role_set), roles__unit_id=unit_id, roles__active=True
        ).distinct()
    )


def deciding_office_accounts(unit: Unit) -> list[Account]:
    """The accounts of the nearest office above ``unit`` (its supervisor, then theirs, up to the
    three levels an office's jurisdiction reaches) that has any."""
    current, depth = unit.supervisor, 0
    while current is not None and depth < 4:
        accounts = _holding(OFFICE_ROLES_SET, current.pk)
        if accounts:
            return accounts
        current, depth = current.supervisor, depth + 1
    return []


def _others(accounts: Iterable, by) -> list:
    by_pk = getattr(by, "pk", None)
    return [a for a in accounts if a is not None and a.pk != by_pk]


def _target(sanction: Sanction) -> str:
    return sanction.unit.name + (f"·{sanction.person.name}" if sanction.person_id else "")


def tell_proposed(sanctions: list[Sanction], *, by) -> None:
    """The office that decides learns of the proposals one event made for one unit: one message
    listing them, linking to 处理与考核."""
    if not sanctions:
        return
    first = sanctions[0]
    lines = "\n".join(
        f"· {_target(s)}：{s.effect_text}（{s.reason}"
        + (f"；依据 {s.cite}" if s.cite else "")
        + "）"
        for s in sanctions
    )
    notify(
        _others(deciding_office_accounts(first.unit), by),
        kind=Kind.SANCTION,
        title=f"处理建议待确认：{first.unit.name}"
        + (f"等 {len(sanctions)} 项" if len(sanctions) > 1 else f"·{first.get_kind_display()}"),
        what="按政策包的处理规则，系统提出以下处理建议：\n" + lines,
        next_step="请在“处理与考核”中逐项确认或撤销，并写明理由；确认前不生效。",
        url=reverse("execution:sanctions"),
    )


def tell_confirmed(sanction: Sanction, *, by) -> None:
    """Those a confirmed sanction concerns: the barred leader (their account), and the unit's
    administrators, each with where to see it."""
    office = str(by) if by else "主管部门"
    what = (
        f"{office}确认了对{_target(sanction)}的处理：{sanction.effect_text}。"
        f"原因：{sanction.reason}"
        + (f"；确认理由：{sanction.decision_reason}" if sanction.decision_reason else "")
    )
    title = f"处理决定：{sanction.get_kind_display()}（{_target(sanction)}）"
    leaders = (
        list(Account.objects.filter(person_id=sanction.person_id)) if sanction.person_id else []
    )
    if leaders:
        notify(
            _others(leaders, by),
            kind=Kind.SANCTION,
            title=title,
            what=what,
            next_step="处理期间不能作为项目负责人申报项目；如有异议请联系作出处理的主管部门。",
            url=reverse("home"),
        )
    notify(
        _others([a for a in _holding([Role.UNIT_ADMIN], sanction.unit_id) if a not in leaders], by),
        kind=Kind.SANCTION,
        title=title,
        what=what,
        next_step="处理在所列年度内计入申报资格、名额和年度考核；如有异议请联系作出处理的"
        "主管部门。",
        url=reverse("orgs:unit", args=[sanction.unit_id]),
    )
