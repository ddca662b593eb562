"""The credits area's shared world: Wenzhou's 2023 credit year on pack ``wenzhou-2023``, staff
of the hospital directly under the city (心血管内科) and of 鹿城区人民医院 under its county office,
and a clock set inside the year."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from jijiao.common import clock
from jijiao.credits.domain.common import Upload
from jijiao.credits.domain.years import credit_year_set
from jijiao.orgs.models import Role
from tests.factories import AccountFactory, PersonFactory, grant

SH = clock.SHANGHAI


def at(day: str, hour: int = 10):
    """Travel to a Shanghai date (``"2024-01-31"``) for the block."""
    moment = dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SH)
    return time_machine.travel(moment, tick=False)


def pdf_upload(name: str = "证明.pdf") -> Upload:
    return Upload(name=name, content=b"%PDF-1.4 test evidence " + name.encode())


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def in_2023():
    with at("2023-11-20"):
        yield


@pytest.fixture
def credit_year_2023(wenzhou_office, wenzhou_office_unit):
    return credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2023, policy_id="wenzhou-2023"
    )


@pytest.fixture
def credit_year_2025(wenzhou_office, wenzhou_office_unit):
    return credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2025, policy_id="wenzhou-2023"
    )


@pytest.fixture
def credit_year_2024(wenzhou_office, wenzhou_office_unit):
    return credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2024, policy_id="wenzhou-2023"
    )


@pytest.fixture
def staff(city_hospital, cardiology):
    """Five cardiology staff of the hospital directly under the city."""
    names = ["赵一鸣", "钱二娜", "孙三强", "李四海", "周五洋"]
    return [PersonFactory(name=n, unit=city_hospital, department=cardiology) for n in names]


@pytest.fixture
def zhao(staff):
    return staff[0]


@pytest.fixture
def zhao_account(zhao, city_hospital):
    return grant(AccountFactory(username="zhao", person=zhao), Role.TRAINEE, city_hospital)


@pytest.fixture
def nurse_wang_account(nurse_wang, lucheng_hospital):
    return grant(
        AccountFactory(username="nurse_wang", person=nurse_wang), Role.TRAINEE, lucheng_hospital
    )


ONE = Decimal("1.0")
