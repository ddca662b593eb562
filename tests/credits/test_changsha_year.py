"""Changsha (seed 003 第二十三条、第二十五条): credits are entered by year — a year's credits are
entered in that year and reviewed in it, the unit confirming its list from the next year; a pack
that gives a later date moves the close. The year locks at the review close without the city
typing a date."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from jijiao.common.errors import DomainError
from jijiao.credits.domain.approval import ledger_entry_approve
from jijiao.credits.domain.entries import credits_enter_in_unit
from jijiao.credits.domain.years import credit_year_set
from jijiao.credits.models import LedgerEntry
from jijiao.policy.domain.packs import pack_create
from tests.credits.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def changsha_2023(wenzhou_office, wenzhou_office_unit):
    return credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2023, policy_id="changsha-2022"
    )


def enter(by, unit, people, day="2023-12-18"):
    return credits_enter_in_unit(
        by=by,
        unit=unit,
        activity_type="大查房",
        title="心内科教学查房",
        activity_date=dt.date.fromisoformat(day),
        hours=Decimal("2"),
        credits=Decimal("1.0"),
        attendees=people,
    )


def test_a_years_credits_are_entered_and_reviewed_in_that_year(
    hospital_admin, city_hospital, staff, changsha_2023
):
    with at("2023-12-31"):
        first, second = enter(hospital_admin, city_hospital, staff[:2])
        ledger_entry_approve(by=hospital_admin, entry=first)
    with at("2024-01-02"), pytest.raises(DomainError) as refused:
        ledger_entry_approve(by=hospital_admin, entry=second)
    # The review close of the pack locks the year without the city typing a date.
    assert refused.value.message == "2023 年度学分已于 2023-12-31 锁定，只有市继教办可以修改"
    assert changsha_2023.locks_on is None
    with at("2024-01-02"), pytest.raises(DomainError) as closed:
        enter(hospital_admin, city_hospital, staff[2:3])
    assert "CRD_ENTRY_CLOSED" in closed.value.message
    assert "大查房（2023-12-18）的学分最迟应于 2023-12-31 录入" in closed.value.message
    assert "长沙市继续医学教育管理办法（试行）第二十三条" in closed.value.message


def test_a_pack_with_a_january_close_takes_january_entries(
    wenzhou_office, wenzhou_office_unit, hospital_admin, city_hospital, staff
):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="changsha-january",
        title="次年 1 月底前录入（测试）",
        extends="changsha-2022",
        text='id = "changsha-january"\ntitle = "次年 1 月底前录入（测试）"\n'
        'extends = "changsha-2022"\n\n[credit_entry.groups.all]\ncite = "测试通知 二十三"\n'
        'deadline = { year = "next", day = "01-31" }\n\n[credit_entry.CRD_REVIEW_CLOSED]\n'
        'cite = "测试通知 二十五"\nuntil = { year = "next", day = "01-31" }\n',
    )
    credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2023, policy_id="changsha-january"
    )
    with at("2024-01-02"):
        (entry,) = enter(hospital_admin, city_hospital, staff[:1])
        ledger_entry_approve(by=hospital_admin, entry=entry)
    entry.refresh_from_db()
    assert entry.status != "pending_unit"


def test_the_entry_page_says_the_year_is_closed(client, hospital_admin, staff, changsha_2023):
    client.force_login(hospital_admin)
    with at("2024-01-05"):
        answer = client.post(
            reverse("credits:in_unit_new"),
            {
                "activity_type": "科内业务学习",
                "title": "科内学习",
                "activity_date": "2023-12-18",
                "credits": "1.0",
                "attendees": [staff[0].pk],
            },
        )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "科内业务学习（2023-12-18）的学分最迟应于 2023-12-31 录入" in page
    assert LedgerEntry.objects.count() == 0
