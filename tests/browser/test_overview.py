"""Issue 27 in Debian Chromium on a 390 px phone, in the demo world: the city's overview of
2024 shows each figure group as charts with their tables, a click on a unit's bar opens that
unit's list with as many rows as the bar counts, the Excel export holds the chart's numbers,
and no request leaves the machine."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from jijiao.demo import DEMO_PASSWORD
from tests.browser.conftest import PHONE, login, main_menu


def test_the_city_overview_on_a_phone_down_to_a_units_list(demo_world, live_server, new_page):
    page = new_page(**PHONE)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    login(page, live_server, "wz_office", DEMO_PASSWORD)
    page.get_by_text("菜单", exact=True).click()
    main_menu(page).get_by_role("link", name="统计概览").click()
    page.get_by_label("年度").select_option("2024")
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2024 年度统计概览")
    for heading in ("学分达标", "项目执行", "执行质量", "学分来源与审核"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    assert page.locator("svg.chart").count() >= 8
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width} px)"
    # Each chart fits the phone.
    for box in page.locator("svg.chart").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().right)"
    ):
        assert box <= 390

    # The projects by county: 鹿城区 holds the city hospital's projects of 2024.
    chart = page.locator("figure", has_text="各区划项目执行").locator("svg")
    chart.get_by_role("link", name="鹿城区", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("鹿城区 2024 年度统计概览")
    chart = page.locator("figure", has_text="各单位项目执行").locator("svg")
    segment = chart.locator("a", has=page.locator("rect")).first
    tooltip = segment.locator("title").text_content()
    assert tooltip.startswith("温州市第一人民医院")
    count = int(re.search(r"：(\d+)", tooltip).group(1))
    segment.locator("rect").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("项目名单")
    expect(page.locator(".list-count")).to_have_text(str(count))
    cards = page.locator("table.overview-list > tbody > tr")
    expect(cards).to_have_count(count)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The Excel of the city's overview holds the numbers of its projects table.
    page.go_back()
    page.get_by_role("link", name="温州市继续医学教育委员会办公室").first.click()
    page.get_by_label("年度").select_option("2024")
    page.get_by_role("button", name="查看").click()
    shown = [
        int(t)
        for t in page.locator("#projects table")
        .first.locator("tr", has_text="合计")
        .locator("td")
        .all_inner_texts()
    ]
    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出 Excel").click()
    with open(download_info.value.path(), "rb") as stored:
        book = load_workbook(io.BytesIO(stored.read()))
    total = list(book["项目执行"].iter_rows(values_only=True))[-1]
    assert total[0] == "合计" and list(total[1:6]) == shown
    assert shown[0] >= 1, "the demo's 2024 projects show"

    outside = [u for u in requests if not u.startswith((live_server.url, "data:", "blob:"))]
    assert not outside, f"requests left the machine: {outside}"
    assert not page.script_errors
