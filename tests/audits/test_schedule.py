"""The intake schedule of seed 002 二: each unit's slot and day; the city's expected and
received cases per day; a schedule that places a district twice is refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.audits.domain.campaigns import SlotSpec, campaign_open, unit_intake_day_set
from jijiao.audits.domain.cases import case_create
from jijiao.audits.domain.decisions import case_receive, case_submit
from jijiao.audits.schedule import district_label, schedule_days, unit_day
from jijiao.common.errors import DomainError
from tests.audits.conftest import HOURS
from tests.credits.conftest import at
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_each_unit_falls_in_the_notices_slot(
    campaign, city_hospital, lucheng_hospital, ruian_hospital
):
    assert unit_day(campaign, city_hospital).day == dt.date(2023, 9, 5)
    assert unit_day(campaign, lucheng_hospital).day == dt.date(2023, 9, 5)
    assert unit_day(campaign, ruian_hospital).day == dt.date(2023, 9, 10)
    assert unit_day(campaign, ruian_hospital).slot.hours == HOURS
    assert [district_label(u) for u in (city_hospital, lucheng_hospital, ruian_hospital)] == [
        "市直属单位",
        "鹿城区",
        "瑞安市",
    ]


def test_a_unit_chooses_a_day_inside_its_slot_only(campaign, ruian_admin, ruian_hospital):
    with at("2023-08-25"):
        unit_intake_day_set(
            by=ruian_admin, campaign=campaign, unit=ruian_hospital, day=dt.date(2023, 9, 12)
        )
        with pytest.raises(DomainError, match="2023-09-10 至 2023-09-14，2023-09-08 不在其中"):
            unit_intake_day_set(
                by=ruian_admin, campaign=campaign, unit=ruian_hospital, day=dt.date(2023, 9, 8)
            )
    placed = unit_day(campaign, ruian_hospital)
    assert (placed.day, placed.chosen) == (dt.date(2023, 9, 12), True)


def test_the_city_sees_each_days_expected_and_received_cases(
    campaign,
    credit_years,
    chen,
    lin,
    ruian_person,
    hospital_admin,
    lucheng_admin,
    ruian_admin,
    ruian_hospital,
    wenzhou_office,
):
    with at("2023-09-01"):
        unit_intake_day_set(
            by=ruian_admin, campaign=campaign, unit=ruian_hospital, day=dt.date(2023, 9, 11)
        )
        cases = [
            case_create(by=admin, campaign=campaign, person=person)
            for admin, person in (
                (hospital_admin, chen),
                (lucheng_admin, lin),
                (ruian_admin, ruian_person),
            )
        ]
        for admin, case in zip((hospital_admin, lucheng_admin, ruian_admin), cases, strict=True):
            case_submit(by=admin, case=case, opinion="同意上报")
    # A candidate still being filled in at the unit is not expected yet.
    case_create(by=hospital_admin, campaign=campaign, person=PersonFactory(unit=chen.unit))
    with at("2023-09-05", hour=9):
        case_receive(by=wenzhou_office, case=cases[0])
    with at("2023-09-11", hour=15):
        case_receive(by=wenzhou_office, case=cases[2])
    days, unplaced = schedule_days(campaign)
    assert [d.day.day for d in days] == [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    counts = {d.day.day: (d.expected, d.received) for d in days if d.expected or d.received}
    assert counts == {5: (2, 1), 11: (1, 1)}
    assert days[0].units == ["温州市第一人民医院（1）", "鹿城区人民医院（1）"]
    assert days[0].weekday == "二"
    assert unplaced == []


def test_a_schedule_placing_a_district_twice_is_refused(wenzhou_office, wenzhou_office_unit):
    slots = [
        SlotSpec(dt.date(2023, 9, 5), dt.date(2023, 9, 9), HOURS, district_codes=("330302",)),
        SlotSpec(dt.date(2023, 9, 10), dt.date(2023, 9, 14), HOURS, district_codes=("330302",)),
    ]
    with pytest.raises(DomainError, match="鹿城区已在第 1 个时间段，第 2 个受理时间段不能重复安排"):
        campaign_open(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            year=2023,
            title="",
            policy_id="wenzhou-2023",
            slots=slots,
        )


def test_a_district_of_another_city_is_refused(wenzhou_office, wenzhou_office_unit):
    slots = [SlotSpec(dt.date(2023, 9, 5), dt.date(2023, 9, 9), HOURS, district_codes=("430102",))]
    with pytest.raises(DomainError, match="不属于温州市继教办所辖区县"):
        campaign_open(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            year=2023,
            title="",
            policy_id="wenzhou-2023",
            slots=slots,
        )


def test_only_a_city_office_opens_a_campaign(lucheng_office, wenzhou_office_unit):
    with pytest.raises(PermissionDenied):
        campaign_open(
            by=lucheng_office,
            office=wenzhou_office_unit,
            year=2023,
            title="",
            policy_id="wenzhou-2023",
            slots=[SlotSpec(dt.date(2023, 9, 5), dt.date(2023, 9, 9), HOURS, city_direct=True)],
        )


def test_a_pack_without_audit_rules_cannot_run_an_audit(wenzhou_office, wenzhou_office_unit):
    with pytest.raises(DomainError, match="未规定晋升学分审核"):
        campaign_open(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            year=2025,
            title="",
            policy_id="national-2024",
            slots=[SlotSpec(dt.date(2025, 9, 5), dt.date(2025, 9, 9), HOURS, city_direct=True)],
        )
