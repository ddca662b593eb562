"""Campaigns: the city opens the audit of a year with its pack, intake schedule and material
list (seed 002 二、三), changes the schedule, and closes the round; units choose their day."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.audits.models import AuditCase, Campaign, IntakeSlot, UnitIntake
from jijiao.audits.schedule import slot_for_unit, slot_targets
from jijiao.audits.vocab import GENERAL_MATERIAL
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.credits.chain import city_office_of
from jijiao.engine.packs.model import Policy
from jijiao.orgs.models import Division, Unit
from jijiao.policy.access import UnknownPack, get_policy, policy_for_decision


@dataclass(frozen=True)
class SlotSpec:
    """One line of the notice's schedule table."""

    starts_on: dt.date
    ends_on: dt.date
    hours: str
    city_direct: bool = False
    district_codes: tuple[str, ...] = ()
    note: str = ""


def default_material(policy: Policy) -> list[str]:
    """The material list of the notice: the general items, then each type the pack says needs
    evidence with what the pack asks for."""
    kinds = policy.get("evidence", "kinds", default={})
    return [*GENERAL_MATERIAL, *(f"{kind}：{text}" for kind, text in kinds.items())]


def _pack(policy_id: str) -> Policy:
    try:
        policy = get_policy(policy_id)
    except UnknownPack:
        raise DomainError(f"未知的政策包：{policy_id}", field="policy_id") from None
    if policy.get("audit", "window_years") is None:
        raise DomainError(
            f"政策包 {policy_id} 未规定晋升学分审核（audit.window_years），不能用于学分审核",
            field="policy_id",
        )
    return policy


def _checked_slots(office: Unit, slots: list[SlotSpec]) -> list[tuple[SlotSpec, list[Division]]]:
    """Each slot with its districts; every district and the city's own units in one slot only,
    and only districts of the office's city."""
    if not slots:
        raise DomainError("请至少填写一个受理时间段", field="slots")
    city_codes = set(
        Division.objects.filter(parent_id=office.division_id).values_list("code", flat=True)
    )
    seen: dict[str, int] = {}
    direct_in = None
    checked = []
    for number, slot in enumerate(slots, start=1):
        where = f"第 {number} 个受理时间段"
        if slot.ends_on < slot.starts_on:
            raise DomainError(f"{where}的结束日期早于开始日期", field="slots")
        if not slot.hours.strip():
            raise DomainError(f"{where}未填写受理时间（如 上午8:30-11:30，下午14:00-17:00）")
        if not slot.city_direct and not slot.district_codes:
            raise DomainError(f"{where}未选择审核对象（市直属单位或区县）", field="slots")
        if slot.city_direct:
            if direct_in is not None:
                raise DomainError(f"市直属单位已在第 {direct_in} 个时间段，{where}不能重复安排")
            direct_in = number
        divisions = list(Division.objects.filter(code__in=slot.district_codes))
        for division in divisions:
            if division.code not in city_codes:
                raise DomainError(f"{division.name}不属于{office.name}所辖区县（{where}）")
            if division.code in seen:
                raise DomainError(
                    f"{division.name}已在第 {seen[division.code]} 个时间段，{where}不能重复安排"
                )
            seen[division.code] = number
        checked.append((slot, divisions))
    return checked


def _write_slots(campaign: Campaign, checked) -> None:
    for spec, divisions in checked:
        slot = IntakeSlot.objects.create(
            campaign=campaign,
            starts_on=spec.starts_on,
            ends_on=spec.ends_on,
            hours=spec.hours.strip(),
            city_direct=spec.city_direct,
            note=spec.note.strip(),
        )
        slot.districts.set(divisions)


def _slot_summary(campaign: Campaign) -> list[dict]:
    return [
        {
            "from": slot.starts_on.isoformat(),
            "to": slot.ends_on.isoformat(),
            "hours": slot.hours,
            "targets": slot_targets(slot),
        }
        for slot in campaign.slots.prefetch_related("districts")
    ]


@transaction.atomic
def campaign_open(
    *,
    by,
    office: Unit,
    year: int,
    title: str,
    policy_id: str,
    place: str = "",
    slots: list[SlotSpec],
    material: list[str] | None = None,
) -> Campaign:
    """The city office opens the promotion audit of ``year`` under pack ``policy_id``.

    Side effects: the :class:`Campaign` with the pack pinned (id and hash; a stored pack is
    locked on first use), its intake slots, the material list (the pack's when none is given),
    audit ``audits.campaign_opened``.
    """
    require(by, "audits.open_campaign", office)
    if not (office.is_office and office.office_level == Unit.OfficeLevel.CITY):
        raise DomainError(f"{office.name}不是市级继教办，不能组织晋升学分审核")
    if Campaign.objects.filter(office=office, year=year).exists():
        raise DomainError(f"{office.name}已开启 {year} 年度的晋升学分审核", field="year")
    _pack(policy_id)
    checked = _checked_slots(office, slots)
    policy = policy_for_decision(policy_id, used_by=f"晋升学分审核:{office.name}:{year}")
    lines = [line.strip() for line in (material or []) if line.strip()]
    campaign = Campaign.objects.create(
        office=office,
        year=year,
        title=title.strip() or f"{year} 年晋升高级职称继续医学教育学分审核",
        policy_id=policy.id,
        policy_hash=policy.content_hash,
        place=place.strip(),
        evidence_list=lines or default_material(policy),
        opened_by=by,
        opened_at=clock.now(),
    )
    _write_slots(campaign, checked)
    record(
        "audits.campaign_opened",
        actor=by,
        obj=campaign,
        data={
            "year": year,
            "policy": policy.id,
            "policy_hash": policy.content_hash,
            "slots": _slot_summary(campaign),
        },
    )
    return campaign


@transaction.atomic
def campaign_schedule_set(*, by, campaign: Campaign, slots: list[SlotSpec]) -> Campaign:
    """Replace the intake schedule. Units' chosen days outside their new slot fall back to the
    slot's first day. Side effects: the slots, audit ``audits.schedule_set`` with before and
    after."""
    require(by, "audits.manage_campaign", campaign)
    if campaign.state != Campaign.State.OPEN:
        raise DomainError("本次审核已结束，不能修改受理安排")
    checked = _checked_slots(campaign.office, slots)
    before = _slot_summary(campaign)
    campaign.slots.all().delete()
    _write_slots(campaign, checked)
    record(
        "audits.schedule_set",
        actor=by,
        obj=campaign,
        data={"before": before, "after": _slot_summary(campaign)},
    )
    return campaign


@transaction.atomic
def campaign_close(*, by, campaign: Campaign) -> Campaign:
    """End the round once no case waits at an office. Side effects: state ``closed``, audit
    ``audits.campaign_closed`` with the counts per status."""
    require(by, "audits.manage_campaign", campaign)
    if campaign.state == Campaign.State.CLOSED:
        raise DomainError("本次审核已结束")
    waiting = campaign.cases.filter(
        status__in=(AuditCase.Status.PENDING_COUNTY, AuditCase.Status.PENDING_CITY)
    ).count()
    if waiting:
        raise DomainError(f"尚有 {waiting} 名审核对象在区县或市级审核中，不能结束本次审核")
    transition(campaign, Campaign.State.CLOSED)
    campaign.closed_at = clock.now()
    campaign.save(update_fields=["state", "closed_at"])
    counts = {status: campaign.cases.filter(status=status).count() for status in AuditCase.Status}
    record("audits.campaign_closed", actor=by, obj=campaign, data={"cases": counts})
    return campaign


@transaction.atomic
def unit_intake_day_set(*, by, campaign: Campaign, unit: Unit, day: dt.date) -> UnitIntake:
    """A unit chooses the day within its slot on which it brings its material.

    Side effects: the :class:`UnitIntake`, audit ``audits.intake_day_set`` with before and
    after."""
    require(by, "audits.choose_intake_day", unit)
    if campaign.state != Campaign.State.OPEN:
        raise DomainError("本次审核已结束")
    if city_office_of(unit).pk != campaign.office_id:
        raise DomainError(f"{unit.name}不属于{campaign.office.name}，不参加本次审核")
    slot = slot_for_unit(campaign, unit)
    if slot is None:
        raise DomainError(f"受理安排中没有{unit.name}所在区县的时间段，请联系市继教办")
    if not slot.starts_on <= day <= slot.ends_on:
        raise DomainError(
            f"{unit.name}的受理时间为 {slot.starts_on:%Y-%m-%d} 至 {slot.ends_on:%Y-%m-%d}，"
            f"{day:%Y-%m-%d} 不在其中",
            field="day",
        )
    current = UnitIntake.objects.select_for_update().filter(campaign=campaign, unit=unit).first()
    before = current.day.isoformat() if current else None
    if current is None:
        current = UnitIntake(campaign=campaign, unit=unit)
    current.day = day
    current.chosen_by = by
    current.chosen_at = clock.now()
    current.save()
    record(
        "audits.intake_day_set",
        actor=by,
        obj=campaign,
        data={"unit": unit.name, "before": before, "after": day.isoformat()},
    )
    return current
