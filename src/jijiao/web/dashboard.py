"""What waits for each role: the cards of the home page, built from the visibility queries."""

from dataclasses import dataclass

from django.urls import reverse

from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.credits.models import CreditYear
from jijiao.orgs import roles
from jijiao.orgs.models import Account, Person, Role, UnitRenameRequest
from jijiao.orgs.queries import (
    people_for_user,
    transfers_for_user,
    unit_applications_for_user,
    units_for_user,
)
from jijiao.policy.access import pack_choices, pack_ids_for_area, pack_title
from jijiao.projects.models import Call


@dataclass
class Card:
    title: str
    count: int | str
    note: str
    url: str = ""


def cards_for(user) -> list[Card]:
    held = {a.role for a in roles.active_roles(user)}
    cards: list[Card] = []
    if user.person_id:
        person = user.person
        cards.append(
            Card(
                "我的信息",
                person.name,
                f"{person.unit or person.declared_unit_name}",
                reverse("orgs:person", args=[person.pk]),
            )
        )
    if Role.UNIT_ADMIN in held:
        people = people_for_user(user).filter(
            unit_id__in=roles.role_unit_ids(user, Role.UNIT_ADMIN)
        )
        cards.append(
            Card("本单位人员", people.count(), "在职人员名单、导入与调动", reverse("orgs:people"))
        )
        waiting = people.filter(confirmed_by_unit=False).count()
        cards.append(
            Card(
                "待确认的自行注册学员",
                waiting,
                "确认后方可参加本单位管理",
                reverse("orgs:people") + "?confirmed=no",
            )
        )
        released = transfers_for_user(user).filter(state="released").count()
        cards.append(
            Card("调出待调入", released, "已调出、尚未被新单位调入", reverse("orgs:transfers"))
        )
    if held & {Role.CITY_OFFICE, Role.COUNTY_OFFICE}:
        # A county office acts on submitted ones (forwarding), the city office on both.
        waiting = ["submitted", "forwarded"] if Role.CITY_OFFICE in held else ["submitted"]
        pending = unit_applications_for_user(user).filter(state__in=waiting).count()
        cards.append(
            Card("待办单位账号申请", pending, "开通、退回", reverse("orgs:unit_applications"))
        )
        if Role.CITY_OFFICE in held:
            renames = UnitRenameRequest.objects.filter(
                state="submitted", unit__in=units_for_user(user)
            ).count()
            cards.append(Card("待办单位更名", renames, "附件4", reverse("orgs:unit_applications")))
        cards.append(
            Card(
                "辖区单位",
                units_for_user(user).exclude(kind="office").count(),
                "单位、执业状态",
                reverse("orgs:units"),
            )
        )
    if held & {*roles.OFFICE_ROLES_SET, Role.UNIT_ADMIN}:
        year = clock.today().year - 1
        cards.append(
            Card(
                "统计概览",
                f"{year} 年度",
                "学分达标、项目执行与质量的图表，点击直至每个人",
                reverse("overview:home"),
            )
        )
    if Role.SECURITY_ADMIN in held:
        locked = Account.objects.filter(locked_until__gt=clock.now()).count()
        cards.append(Card("被锁定的账号", locked, "连续登录失败", reverse("orgs:security")))
    if Role.AUDIT_ADMIN in held:
        since = clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
        cards.append(
            Card(
                "今日审计记录",
                AuditEntry.objects.filter(at__gte=since).count(),
                "登录与全部写操作",
                reverse("audit_log:entries"),
            )
        )
    if Role.SYSTEM_ADMIN in held:
        cards.append(
            Card("人员总数", Person.objects.count(), "系统运行状态", reverse("web:system"))
        )
    return cards


@dataclass
class Step:
    """One step of the city office's first-run check-list."""

    title: str
    done: bool
    note: str
    url: str = ""
    choices: list[tuple[str, str]] | None = None  # the credit year's packs, set right here
    year: int | None = None


def first_run_for(user) -> list[Step]:
    """What the city office sets once before anyone else can work: the year's credit pack
    (nobody can enter a credit before), and a call for applications. Empty once all is done."""
    held = {a.role for a in roles.active_roles(user)}
    if Role.CITY_OFFICE not in held:
        return []
    city = next(iter(roles.role_units(user, Role.CITY_OFFICE)), None)
    if city is None:
        return []
    year = clock.today().year
    current = CreditYear.objects.filter(office=city, year=year).first()
    steps = [
        Step(
            f"设置 {year} 年度的学分政策包",
            current is not None,
            (
                f"已设置：{pack_title(current.policy_id)}。"
                if current
                else "设置前，本市任何人都不能录入、审核该年度的学分。"
            ),
            reverse("credits:years"),
            None if current else pack_choices(pack_ids_for_area(city.division_id)),
            year,
        ),
        Step(
            "发布项目申报通知",
            Call.objects.filter(office=city).exists(),
            "申报人只能在申报通知的时间内申报项目。",
            reverse("projects:call_open"),
        ),
    ]
    return [] if all(step.done for step in steps) else steps
