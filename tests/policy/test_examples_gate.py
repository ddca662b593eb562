"""A pack whose worked example fails cannot be made the policy of a call or of a credit year
(issue 22): refused in the domain function, in Chinese, naming the example; nothing written."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from jijiao.common.errors import DomainError
from jijiao.credits.domain.years import credit_year_set
from jijiao.credits.models import CreditYear
from jijiao.policy.domain.packs import pack_create
from jijiao.policy.models import StoredPack
from jijiao.projects.domain.calls import call_open
from jijiao.projects.models import Call

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")

TEXT = """id = "wenzhou-2026"
title = "温州市2026年市级项目申报（草稿）"
extends = "wenzhou-2025"

[application.city.APP_PI_AGE]
cite = "温继委办发〔2026〕1号 一.1"
max = {age}

[[examples]]
name = "负责人 52 周岁"
note = "不超过 50 周岁"
cite = "温继委办发〔2026〕1号 一.1"
kind = "application"
like = "申报书齐全"
fires = ["APP_PI_AGE"]
"""


def _pack(by, office, age: int) -> StoredPack:
    return pack_create(
        by=by,
        office=office,
        pack_id="wenzhou-2026",
        title="温州市2026年市级项目申报（草稿）",
        extends="wenzhou-2025",
        text=TEXT.format(age=age),
    )


def _open(by, office):
    return call_open(
        by=by,
        office=office,
        title="2026年市级项目申报",
        level="city",
        year=2026,
        policy_id="wenzhou-2026",
        opens_at=dt.datetime(2026, 1, 20, 12, tzinfo=SH),
        closes_at=dt.datetime(2026, 2, 27, 17, tzinfo=SH),
    )


def test_a_pack_with_a_failing_example_cannot_be_chosen_for_a_call(
    wenzhou_office, wenzhou_office_unit
):
    # The office wrote 55 where its own example (a 52-year-old PI refused) says 50.
    _pack(wenzhou_office, wenzhou_office_unit, age=55)
    with pytest.raises(DomainError) as caught:
        _open(wenzhou_office, wenzhou_office_unit)
    message = caught.value.message
    assert message.startswith("政策包 wenzhou-2026 有 1 个例子试算未通过，不能用作申报通知的政策包")
    assert (
        "负责人 52 周岁：应触发：项目负责人年龄（周岁）不超过上限 APP_PI_AGE，实际未触发" in message
    )
    assert not Call.objects.exists()
    assert not StoredPack.objects.get(pack_id="wenzhou-2026").is_locked


def test_once_the_example_holds_the_call_opens(wenzhou_office, wenzhou_office_unit):
    _pack(wenzhou_office, wenzhou_office_unit, age=50)
    call = _open(wenzhou_office, wenzhou_office_unit)
    assert call.policy_id == "wenzhou-2026"


def test_a_pack_with_a_failing_example_cannot_be_a_credit_years_policy(
    wenzhou_office, wenzhou_office_unit
):
    _pack(wenzhou_office, wenzhou_office_unit, age=55)
    with pytest.raises(DomainError) as caught:
        credit_year_set(
            by=wenzhou_office, office=wenzhou_office_unit, year=2026, policy_id="wenzhou-2026"
        )
    assert "不能用作2026年度学分的政策包" in caught.value.message
    assert "负责人 52 周岁" in caught.value.message
    assert not CreditYear.objects.exists()


def test_the_packs_page_shows_its_examples_and_the_try_button_runs_them(client, lucheng_office):
    client.force_login(lucheng_office)
    page = client.get("/policy/wenzhou-2025/").content.decode()
    assert "例子（36）" in page
    assert "<h3>负责人 56 周岁 <small" in page
    assert "项目负责人年龄（周岁）不超过上限 <small" in page  # the rule's name, its code after
    assert 'action="/policy/wenzhou-2025/examples/#examples"' in page
    assert "试算实际" not in page
    page = client.post("/policy/wenzhou-2025/examples/").content.decode()
    assert '<span class="badge ok">全部通过</span> 共 36 个例子。' in page
    assert page.count('<span class="badge ok">通过</span>') == 36
    assert client.get("/policy/wenzhou-2025/examples/").status_code == 405


def test_try_shows_what_differed(client, wenzhou_office, wenzhou_office_unit):
    _pack(wenzhou_office, wenzhou_office_unit, age=55)
    client.force_login(wenzhou_office)
    page = client.post("/policy/wenzhou-2026/examples/").content.decode()
    assert '<span class="badge err">1 个未通过</span> 共 1 个例子。' in page
    assert "<li>应触发：项目负责人年龄（周岁）不超过上限 APP_PI_AGE，实际未触发</li>" in page
    assert "以“申报书齐全”为基础" in page


def test_only_offices_try_examples(client, hospital_admin):
    client.force_login(hospital_admin)
    assert client.post("/policy/wenzhou-2025/examples/").status_code in (302, 403)
