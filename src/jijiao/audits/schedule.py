"""The intake schedule (seed 002 二), read side: which slot and day a unit brings its material
on, and, for the city, each day's expected and received cases."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from jijiao.audits.models import AuditCase, Campaign, IntakeSlot, UnitIntake
from jijiao.common import clock
from jijiao.orgs.models import Division, Unit

CITY_DIRECT_LABEL = "市直属医疗卫生单位、市属民营医疗单位"
# How far up the supervisor links to look for the county office (unit → county → city).
MAX_DEPTH = 4


def district_of(unit: Unit) -> Division | None:
    """The district (区县) of a unit: the division of the county office above it; ``None`` for
    a unit directly under the city office (市直属)."""
    current, depth = unit.supervisor, 0
    while current is not None and depth <= MAX_DEPTH:
        if current.is_office and current.office_level == Unit.OfficeLevel.COUNTY:
            return current.division
        if current.is_office and current.office_level == Unit.OfficeLevel.CITY:
            return None
        current, depth = current.supervisor, depth + 1
    return None


def district_label(unit: Unit) -> str:
    district = district_of(unit)
    return district.name if district is not None else "市直属单位"


def slot_targets(slot: IntakeSlot) -> str:
    """``市直属医疗卫生单位、市属民营医疗单位、鹿城区、龙湾区`` — as the notice's table says it."""
    names = [CITY_DIRECT_LABEL] if slot.city_direct else []
    names += [d.name for d in slot.districts.all()]
    return "、".join(names)


def slot_for_unit(campaign: Campaign, unit: Unit, slots=None) -> IntakeSlot | None:
    district = district_of(unit)
    for slot in slots if slots is not None else campaign.slots.prefetch_related("districts"):
        if district is None and slot.city_direct:
            return slot
        if district is not None and any(d.pk == district.pk for d in slot.districts.all()):
            return slot
    return None


@dataclass(frozen=True)
class UnitDay:
    slot: IntakeSlot | None
    day: dt.date | None
    chosen: bool


def unit_day(campaign: Campaign, unit: Unit, *, slots=None, chosen=None) -> UnitDay:
    """The unit's intake day: the day it chose within its slot, else the slot's first day."""
    slot = slot_for_unit(campaign, unit, slots)
    if chosen is None:
        picked = UnitIntake.objects.filter(campaign=campaign, unit=unit).first()
        chosen_day = picked.day if picked else None
    else:
        chosen_day = chosen.get(unit.pk)
    if slot is None:
        return UnitDay(None, chosen_day, chosen_day is not None)
    if chosen_day is not None and slot.starts_on <= chosen_day <= slot.ends_on:
        return UnitDay(slot, chosen_day, True)
    return UnitDay(slot, slot.starts_on, False)


@dataclass
class DayRow:
    day: dt.date
    slot: IntakeSlot
    expected: int = 0
    received: int = 0
    units: list[str] = field(default_factory=list)

    @property
    def weekday(self) -> str:
        return "一二三四五六日"[self.day.weekday()]


def schedule_days(campaign: Campaign) -> tuple[list[DayRow], list[AuditCase]]:
    """Each day of the schedule with the cases expected (submitted by units whose intake day it
    is) and received (material received by the city that day); and the cases of units that no
    slot covers, which the city must place."""
    slots = list(campaign.slots.prefetch_related("districts"))
    rows: dict[dt.date, DayRow] = {}
    for slot in slots:
        for day in slot.days:
            rows.setdefault(day, DayRow(day=day, slot=slot))
    chosen = dict(UnitIntake.objects.filter(campaign=campaign).values_list("unit_id", "day"))
    cases = list(
        campaign.cases.exclude(status=AuditCase.Status.DRAFT).select_related(
            "person", "unit__supervisor__supervisor__division", "unit__division"
        )
    )
    days_of_units: dict[int, UnitDay] = {}
    unplaced = []
    units_by_day: dict[dt.date, Counter] = {}
    for case in cases:
        if case.unit_id not in days_of_units:
            days_of_units[case.unit_id] = unit_day(campaign, case.unit, slots=slots, chosen=chosen)
        placed = days_of_units[case.unit_id]
        if placed.day in rows:
            rows[placed.day].expected += 1
            units_by_day.setdefault(placed.day, Counter())[case.unit.name] += 1
        else:
            unplaced.append(case)
        if case.received_at is not None:
            received_on = clock.local(case.received_at).date()
            if received_on in rows:
                rows[received_on].received += 1
    for day, counter in units_by_day.items():
        rows[day].units = [f"{name}（{count}）" for name, count in sorted(counter.items())]
    return [rows[day] for day in sorted(rows)], unplaced
