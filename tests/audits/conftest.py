"""The audit's shared world: Wenzhou's credit years 2017–2023 on pack ``wenzhou-2023``, the 2023
campaign with the notice's schedule (seed 002 二), and candidates of the hospital directly under
the city and of 鹿城区人民医院 under its county office."""

import datetime as dt

import pytest

from jijiao.audits.domain.campaigns import SlotSpec, campaign_open
from jijiao.credits.domain.years import credit_year_set
from jijiao.orgs.models import Role
from tests.credits.conftest import at
from tests.factories import AccountFactory, OfficeFactory, PersonFactory, UnitFactory, grant

HOURS = "上午8:30-11:30，下午14:00-17:00"
# Seed 002 二: the city's own units and 鹿城 龙湾 瓯海 洞头 first, the other eight districts after.
FIRST = ("330302", "330303", "330304", "330305")
SECOND = ("330381", "330382", "330383", "330327", "330326", "330324", "330328", "330329")
NOTICE_SLOTS = [
    SlotSpec(
        dt.date(2023, 9, 5), dt.date(2023, 9, 9), HOURS, city_direct=True, district_codes=FIRST
    ),
    SlotSpec(dt.date(2023, 9, 10), dt.date(2023, 9, 14), HOURS, district_codes=SECOND),
]
PLACE = "温州市鹿城区百里东路“百榕大厦”11栋三至四单元2楼202大会议室"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def credit_years(wenzhou_office, wenzhou_office_unit):
    with at("2017-01-02"):
        return [
            credit_year_set(
                by=wenzhou_office, office=wenzhou_office_unit, year=year, policy_id="wenzhou-2023"
            )
            for year in range(2017, 2024)
        ]


@pytest.fixture
def campaign(wenzhou_office, wenzhou_office_unit):
    with at("2023-08-21"):
        return campaign_open(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            year=2023,
            title="2023年温州市卫技人员（晋升高级职称）继续医学教育学分审核",
            policy_id="wenzhou-2023",
            place=PLACE,
            slots=NOTICE_SLOTS,
        )


@pytest.fixture
def chen(city_hospital, cardiology):
    """A candidate of the hospital directly under the city (chain unit → city)."""
    return PersonFactory(name="陈明远", unit=city_hospital, department=cardiology)


@pytest.fixture
def lin(lucheng_hospital):
    """A candidate of 鹿城区人民医院 (chain unit → 鹿城区卫健局 → city)."""
    return PersonFactory(name="林晓燕", unit=lucheng_hospital, title_series="护理")


@pytest.fixture
def ruian_person(ruian_hospital):
    return PersonFactory(name="郑海波", unit=ruian_hospital)


@pytest.fixture
def other_city_admin(db):
    """A unit admin of a hospital in another city (outside everything here)."""
    from jijiao.orgs.models import Division

    office = OfficeFactory(
        name="长沙市继教办",
        office_level="city",
        division=Division.objects.get(code="430100"),
    )
    unit = UnitFactory(name="长沙市第一医院", supervisor=office)
    return grant(AccountFactory(username="cs_admin"), Role.UNIT_ADMIN, unit)
