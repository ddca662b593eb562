"""The promotion credit audit end to end, in Debian Chromium: 鹿城区人民医院's 科教科 submits two
candidates, one without any credits for 2019; 鹿城区卫健局 approves the complete one and returns
the other with its reason; 温州市继教办 passes the first; the registration form (附件1) printed
as PDF carries the per-year table."""

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from jijiao.audits.domain.campaigns import campaign_open
from jijiao.audits.models import AuditCase
from jijiao.credits.domain.years import credit_year_set
from tests.audits.conftest import NOTICE_SLOTS, PLACE
from tests.audits.helpers import actors_for, full_window
from tests.browser.conftest import login, logout, main_menu
from tests.credits.conftest import at
from tests.factories import PersonFactory

WINDOW = [2018, 2019, 2020, 2021, 2022]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(wenzhou_office, wenzhou_office_unit, lucheng_hospital, lucheng_admin, lucheng_office):
    with at("2018-01-02"):
        for year in range(2018, 2024):
            credit_year_set(
                by=wenzhou_office, office=wenzhou_office_unit, year=year, policy_id="wenzhou-2023"
            )
    actors = actors_for(lucheng_hospital, lucheng_admin, wenzhou_office, lucheng_office)
    complete = PersonFactory(name="林晓燕", unit=lucheng_hospital, title_series="护理")
    missing = PersonFactory(name="周海涛", unit=lucheng_hospital)
    full_window(complete, WINDOW, actors)
    full_window(missing, WINDOW, actors, skip=(2019,))
    with at("2023-08-21"):
        campaign = campaign_open(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            year=2023,
            title="2023年温州市卫技人员（晋升高级职称）继续医学教育学分审核",
            policy_id="wenzhou-2023",
            place=PLACE,
            slots=NOTICE_SLOTS,
        )
    return campaign, complete, missing


def open_campaign(page: Page) -> None:
    main_menu(page).get_by_role("link", name="晋升学分审核").click()
    expect(page.get_by_role("heading", name="晋升学分审核", exact=True)).to_be_visible()


def submit_candidate(page: Page, person) -> None:
    page.get_by_role("link", name="添加审核对象").click()
    page.get_by_label("审核对象").select_option(str(person.pk))
    page.get_by_role("button", name="加入审核名单").click()
    expect(page.get_by_role("heading", name=re.compile(person.name))).to_be_visible()
    page.get_by_role("button", name="同意并上报").click()
    expect(page.get_by_role("status")).to_contain_text(f"{person.name}的学分审核材料已上报")


def table_row(page: Page, year: int):
    return (
        page.get_by_role("table", name="各年度学分汇总")
        .get_by_role("row")
        .filter(has=page.get_by_role("cell", name=str(year), exact=True))
    )


def decide(page: Page, name: str, button: str, opinion: str) -> None:
    page.get_by_role("link", name=name).first.click()
    expect(page.get_by_role("heading", name=re.compile(name))).to_be_visible()
    page.get_by_role("textbox", name="审核意见").fill(opinion)
    page.get_by_role("button", name=button, exact=True).click()


def test_unit_submits_county_approves_one_returns_other_city_passes(
    live_server, page, world, lucheng_admin, lucheng_office, wenzhou_office
):
    campaign, complete, missing = world

    # The unit's 科教科 sees its intake day and submits both candidates.
    login(page, live_server, "lucheng_admin")
    open_campaign(page)
    page.get_by_role("link", name=campaign.title).click()
    expect(page.get_by_text("本单位送审日期：2023年9月5日")).to_be_visible()
    submit_candidate(page, complete)
    expect(table_row(page, 2022)).to_contain_text("26.0")
    expect(page.get_by_text("符合要求", exact=True)).to_be_visible()
    page.get_by_role("link", name="晋升学分审核").first.click()
    page.get_by_role("link", name=campaign.title).click()
    page.get_by_role("link", name="添加审核对象").click()
    page.get_by_label("审核对象").select_option(str(missing.pk))
    page.get_by_role("button", name="加入审核名单").click()
    expect(table_row(page, 2019)).to_contain_text("不达标")
    expect(table_row(page, 2019)).to_contain_text("2019 年度学分不达标")
    expect(table_row(page, 2019).locator(".rule-ref")).to_contain_text("AUD_YEAR_NONCOMPLIANT")
    expect(page.get_by_text("本审核对象有不符合要求的项目")).to_be_visible()
    page.get_by_role("button", name="同意并上报").click()
    expect(page.get_by_role("status")).to_contain_text("周海涛的学分审核材料已上报")
    logout(page)

    # 鹿城区卫健局 approves the complete one and returns the other with its reason.
    login(page, live_server, "lucheng_office")
    open_campaign(page)
    queue = page.get_by_role("table").first
    expect(queue).to_contain_text("林晓燕")
    expect(queue).to_contain_text("周海涛")
    decide(page, "林晓燕", "审核同意", "经审核，学分符合要求，同意")
    expect(page.get_by_role("status")).to_contain_text("林晓燕的学分审核：审核同意。")
    page.get_by_role("link", name="晋升学分审核").first.click()
    decide(page, "周海涛", "退回单位", "2019 年度无学分，请补充 2019 年学分证书及清单")
    expect(page.get_by_role("status")).to_contain_text("已将周海涛的学分审核退回单位")
    expect(page.get_by_role("table", name="审核意见")).to_contain_text(
        "2019 年度无学分，请补充 2019 年学分证书及清单"
    )
    logout(page)

    # 温州市继教办 passes the first; the case closes.
    login(page, live_server, "wenzhou_office")
    open_campaign(page)
    decide(page, "林晓燕", "审核合格", "学分审核合格")
    expect(page.get_by_role("status")).to_contain_text("林晓燕的学分审核：审核合格。")
    expect(page.locator("dl.facts")).to_contain_text("审核合格")

    # The registration form carries the per-year table.
    with page.expect_download() as download:
        page.get_by_role("link", name="打印学分登记汇总表（附件1）").click()
    content = Path(download.value.path()).read_bytes()
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode("utf-8")
    flat = re.sub(r"\s+", " ", text)
    assert "各年度获得学分汇总" in flat
    for year in WINDOW:
        assert f"{year}年 1月起至12月止 10.0 0.0 16.0 26.0 达标" in flat
    assert "合计 50.0 0.0 80.0 130.0 符合要求" in flat
    assert "经审核，学分符合要求，同意" in flat
    assert not page.script_errors

    statuses = dict(AuditCase.objects.values_list("person__name", "status"))
    assert statuses == {"林晓燕": "passed", "周海涛": "returned"}
