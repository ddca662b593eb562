"""Approval chains and credit years: who reviews a row, which pack decides it, when it locks.

Chains follow each unit's supervising authority (domain.md §5): a unit under a county office
goes unit → county → city; a unit directly under the city goes unit → city. Only reads here.
"""

import datetime as dt

from jijiao.common.errors import DomainError
from jijiao.credits.models import CreditYear, LedgerEntry
from jijiao.engine.packs.model import Policy
from jijiao.engine.rules.credits import deadline_for
from jijiao.orgs.models import Unit

# How far up the supervisor links a chain looks for the city office (unit → county → city).
MAX_DEPTH = 4

STATUS_OF_STAGE = {
    "unit": LedgerEntry.Status.PENDING_UNIT,
    "county": LedgerEntry.Status.PENDING_COUNTY,
    "city": LedgerEntry.Status.PENDING_CITY,
    "province": LedgerEntry.Status.PENDING_PROVINCE,
}


def _stage(stage: str, unit: Unit) -> dict:
    return {"stage": stage, "office": unit.pk, "name": unit.name}


def city_office_of(unit: Unit | None) -> Unit:
    """The city office above a unit (the unit itself when it is one)."""
    current, depth = unit, 0
    while current is not None and depth <= MAX_DEPTH:
        if current.is_office and current.office_level == Unit.OfficeLevel.CITY:
            return current
        current, depth = current.supervisor, depth + 1
    name = unit.name if unit is not None else "（无单位）"
    raise DomainError(f"{name}的上级主管部门中没有市级继教办，无法确定学分审核流程")


def review_chain(unit: Unit, *, city_only: bool = False) -> list[dict]:
    """The stages a row entered at ``unit`` passes: the unit, each county office above it, the
    city office. ``city_only``: rows the city alone approves (remote lists, pledged late
    entries)."""
    city = city_office_of(unit)
    if city_only:
        return [_stage("city", city)]
    stages = [_stage("unit", unit)]
    current = unit.supervisor
    while current is not None and current.pk != city.pk:
        if current.is_office and current.office_level == Unit.OfficeLevel.COUNTY:
            stages.append(_stage("county", current))
        current = current.supervisor
    stages.append(_stage("city", city))
    return stages


def is_county_level(unit: Unit | None) -> bool:
    """Staff of a unit under a county office (for a pack's ``compliance.county_staff``)."""
    if unit is None:
        return False
    return any(stage["stage"] == "county" for stage in review_chain(unit))


def county_level_of(unit: Unit | None) -> bool | None:
    """``is_county_level`` as a fact for a pack's ``cases`` (``unit.county_level``) of an
    application or a filing: ``None`` — left out — when it cannot be said (no unit, or no city
    office above it)."""
    if unit is None:
        return None
    try:
        return is_county_level(unit)
    except DomainError:
        return None


def credit_year_missing(city: Unit, year: int, blocked: str = "的学分暂不能录入") -> str:
    """What anyone who cannot enter (or judge) a year's credits yet reads: why, and who must
    act."""
    return (
        f"{year} 年度{blocked}：须由{city.name}先设置该年度的学分政策包"
        "（市继教办在工作台的“首次使用清单”中设置）"
    )


def credit_year_pending(unit: Unit | None, year: int, blocked: str = "的学分暂不能录入") -> str:
    """The sentence above when the year is not set yet for the unit's city, else empty."""
    try:
        city = city_office_of(unit)
    except DomainError:
        return ""
    if CreditYear.objects.filter(office=city, year=year).exists():
        return ""
    return credit_year_missing(city, year, blocked)


def credit_year_of(unit: Unit | None, year: int) -> CreditYear:
    """The city's settings for the year; a clear error when the city has not set them."""
    city = city_office_of(unit)
    found = CreditYear.objects.filter(office=city, year=year).first()
    if found is None:
        raise DomainError(credit_year_missing(city, year))
    return found


def lock_date(credit_year: CreditYear | None, policy: Policy, year: int) -> dt.date | None:
    """The day after which only the city changes the year's rows: the city's own date, else
    the pack's review deadline (``CRD_REVIEW_CLOSED``: 03-31 of the next year)."""
    if credit_year is not None and credit_year.locks_on is not None:
        return credit_year.locks_on
    rule = policy.rule("credit_entry", "CRD_REVIEW_CLOSED")
    if rule is None or rule.get("until") is None:
        return None
    return deadline_for(dt.date(year, 1, 1), rule.get("until"))


def entry_credit_year(entry: LedgerEntry) -> CreditYear | None:
    if not entry.chain:
        return None
    city_id = entry.chain[-1]["office"]
    return CreditYear.objects.filter(office_id=city_id, year=entry.year).first()
