"""Changsha (seed 003 第十一条): half-year plans are due by 03-31 and 07-31 — the pack's
``plans.deadlines``; a plan call the office opens without a closing time closes on the next one,
and a pack with other days moves it."""

import datetime as dt

import pytest
import time_machine

from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.policy.domain.packs import pack_create
from jijiao.projects.domain.calls import call_open
from jijiao.projects.domain.plans import plan_half

pytestmark = pytest.mark.django_db
SH = clock.SHANGHAI


def _plan_call(office, office_unit, day: dt.date, policy_id="changsha-2022"):
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=SH), tick=False):
        return call_open(
            by=office,
            office=office_unit,
            title=f"{day.year}年市级继续医学教育计划申报",
            level="city",
            year=day.year,
            policy_id=policy_id,
            kind="plan",
        )


def test_a_plan_call_closes_on_the_packs_next_deadline(client, wenzhou_office, wenzhou_office_unit):
    first = _plan_call(wenzhou_office, wenzhou_office_unit, dt.date(2022, 3, 15))
    assert clock.local(first.closes_at) == dt.datetime(2022, 3, 31, 23, 59, 59, tzinfo=SH)
    assert clock.local(first.opens_at) == dt.datetime(2022, 3, 15, 9, tzinfo=SH)
    assert plan_half(first) == 1
    second = _plan_call(wenzhou_office, wenzhou_office_unit, dt.date(2022, 4, 1))
    assert clock.local(second.closes_at).date() == dt.date(2022, 7, 31)
    assert plan_half(second) == 2
    client.force_login(wenzhou_office)
    page = client.get(f"/projects/calls/{first.pk}/").content.decode()
    assert "至 2022-03-31 23:59" in page


def test_after_the_last_deadline_the_office_types_one(wenzhou_office, wenzhou_office_unit):
    with pytest.raises(DomainError) as refused:
        _plan_call(wenzhou_office, wenzhou_office_unit, dt.date(2022, 8, 1))
    assert refused.value.message == (
        "政策包 changsha-2022 未规定2022年尚未过去的计划提交截止日，请填写申报开始和截止时间"
    )


def test_a_pack_with_other_days_moves_the_close(wenzhou_office, wenzhou_office_unit):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="changsha-plans",
        title="计划 4 月 15 日、9 月 30 日前提交（测试）",
        extends="changsha-2022",
        text='id = "changsha-plans"\ntitle = "计划 4 月 15 日、9 月 30 日前提交（测试）"\n'
        'extends = "changsha-2022"\n\n[plans]\ncite = "测试通知 十一"\n'
        'deadlines = ["04-15", "09-30"]\n',
    )
    call = _plan_call(wenzhou_office, wenzhou_office_unit, dt.date(2022, 3, 15), "changsha-plans")
    assert clock.local(call.closes_at).date() == dt.date(2022, 4, 15)
    later = _plan_call(wenzhou_office, wenzhou_office_unit, dt.date(2022, 8, 1), "changsha-plans")
    assert clock.local(later.closes_at).date() == dt.date(2022, 9, 30)
