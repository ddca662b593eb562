"""Impact preview in Debian Chromium, at 390 px: the city office opens its draft pack, starts
the preview of last year from the pack's page, reads the per-rule counts and drills into the
PI age rule's list; 试算 on the same page runs the pack's examples."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, login
from tests.overview.test_impact import last_year  # noqa: F401 — the 2025 world and the draft


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} 宽 {width}px"


def test_the_office_previews_its_draft_and_drills_into_a_rule(
    live_server,
    new_page,
    last_year,  # noqa: F811 — the fixture imported above
    wenzhou_office,
):
    page = new_page(**PHONE)
    login(page, live_server, "wenzhou_office")
    page.goto(f"{live_server.url}/policy/wenzhou-2025/")
    page.get_by_role("button", name="试算").click()
    expect(page.get_by_text("共 36 个例子。")).to_contain_text("全部通过")
    expect(page.locator(".example .badge.ok")).to_have_count(36)
    _fits(page)
    page.goto(f"{live_server.url}/policy/wenzhou-2026/")
    page.get_by_role("link", name="影响预览").click()
    expect(page.get_by_role("heading", name="影响预览")).to_be_visible()
    page.get_by_label("年度").select_option("2025")
    page.get_by_role("button", name="开始预览").click()
    expect(page.get_by_role("heading", name="政策包影响预览")).to_be_visible()
    page.get_by_role("link", name="查看影响预览").click()
    expect(page.get_by_text("重新检查 6 项决定")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="APP_PI_AGE")
    expect(row).to_contain_text("2")
    _fits(page)
    row.get_by_role("link", name="项目负责人年龄（周岁）不超过上限").click()
    expect(page.get_by_role("heading", name="项目负责人年龄（周岁）不超过上限")).to_be_visible()
    listed = page.locator("table.impact-list tbody tr")
    expect(listed).to_have_count(2)
    expect(listed.first).to_contain_text("新触发")
    expect(page.get_by_text(last_year["52 岁"].name)).to_be_visible()
    expect(page.get_by_text(last_year["45 岁"].name)).to_have_count(0)
    _fits(page)
    assert not page.script_errors
