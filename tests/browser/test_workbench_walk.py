"""Issue 24 in Debian Chromium, on the demo world: every demo login's workbench lists what the
world leaves waiting for it — the items the workbench query gives, most urgent first, with their
deadlines and days left — each item's link opens the page where it is done, and doing it there
removes the item."""

import re

from playwright.sync_api import Page, expect

from jijiao.common import clock
from jijiao.demo import DEMO_PASSWORD
from jijiao.demo.admins import LOCKED
from jijiao.orgs.models import Account
from jijiao.web.workbench import workbench_for
from tests.browser.conftest import login

LOGINS = [
    "wz_office",
    "lc_office",
    "ra_office",
    "h1_admin",
    "h2_admin",
    "h3_admin",
    "h4_admin",
    "h5_admin",
    "pi_zhang",
    "dept_admin",
    "trainee_li",
    "expert_lc",
    "expert_ra",
    "provider_wz",
    "inspector_wz",
    "sysadmin",
    "secadmin",
    "auditadmin",
]


def when(row) -> str:
    """How the workbench words an item's time left."""
    if row.days_left < 0:
        return f"已逾期 {-row.days_left} 天"
    return "今天截止" if row.days_left == 0 else f"还剩 {row.days_left} 天"


def signed_in(new_page, live_server, username: str) -> Page:
    page = new_page()
    login(page, live_server, username, DEMO_PASSWORD)
    return page


def items(page: Page, base: str):
    page.goto(base + "/")
    return page.locator(".todo-item")


def titles(page: Page, base: str) -> list[str]:
    return items(page, base).get_by_role("link").all_inner_texts()


def test_each_login_finds_its_items_with_deadlines_and_each_link_opens(
    demo_world, live_server, new_page
):
    base = live_server.url
    for username in LOGINS:
        expected = workbench_for(Account.objects.get(username=username), clock.now()).rows
        assert expected, f"{username}: the demo leaves nothing waiting"
        page = signed_in(new_page, live_server, username)
        shown = items(page, base)
        expect(shown).to_have_count(len(expected))
        for index, row in enumerate(expected):
            item = shown.nth(index)
            expect(item.get_by_role("link")).to_have_text(row.item.title)
            expect(item).to_contain_text(row.item.kind)
            if row.item.deadline is not None:
                deadline = clock.local(row.item.deadline)
                expect(item).to_contain_text(f"{deadline:%Y-%m-%d %H:%M}")
                expect(item).to_contain_text(when(row))
        for url in sorted({row.item.url for row in expected}):
            response = page.request.get(base + url)
            assert response.ok, f"{username}: {url} {response.status}"
            if response.headers["content-type"].startswith("application/pdf"):
                assert response.body().startswith(b"%PDF-")  # a certificate to print
                continue
            page.goto(base + url)
            expect(page.locator("main h1").first, f"{username}: {url}").to_be_visible()
        page.context.close()


def test_doing_the_item_removes_it(demo_world, live_server, new_page):
    base = live_server.url

    # The security admin unlocks the locked account.
    page = signed_in(new_page, live_server, "secadmin")
    locked = [t for t in titles(page, base) if "连续登录失败被锁定" in t]
    assert len(locked) == 1
    items(page, base).get_by_role("link", name=locked[0]).click()
    page.get_by_role("row").filter(has_text=LOCKED).get_by_role("button", name="解锁").click()
    expect(page.locator(".messages")).to_contain_text("已解锁")
    assert not [t for t in titles(page, base) if "连续登录失败被锁定" in t]

    # The audit admin runs the first check of the chain.
    page = signed_in(new_page, live_server, "auditadmin")
    assert titles(page, base) == ["审计日志从未校验完整性"]
    items(page, base).get_by_role("link").first.click()
    page.get_by_role("button", name="立即校验").click()
    expect(page.locator("main")).to_contain_text("审计日志链完整")
    assert titles(page, base) == []

    # The expert scores the application waiting for them.
    page = signed_in(new_page, live_server, "expert_lc")
    reviews = [t for t in titles(page, base) if t.startswith("评审“")]
    assert reviews
    items(page, base).get_by_role("link", name=reviews[0]).click()
    form = page.locator("form").filter(has=page.get_by_role("heading", name="评分"))
    for score in form.locator("input[name^='score_']").all():
        score.fill("1")
    form.get_by_label("评审意见").fill("内容实用，同意立项。")
    form.get_by_role("button", name="提交评分").click()
    expect(page.locator("main")).to_contain_text("内容实用，同意立项。")
    assert reviews[0] not in titles(page, base)

    # The city office records a unit's paper set.
    page = signed_in(new_page, live_server, "wz_office")
    paper = [t for t in titles(page, base) if t.endswith("纸质材料未登记收到")]
    assert paper
    items(page, base).get_by_role("link", name=paper[0]).click()
    unit = re.search(r"（(.+?)）纸质材料未登记收到", paper[0]).group(1)
    page.get_by_role("button", name=f"登记 {unit} 的纸质材料").click()
    page.wait_for_load_state()
    assert not [t for t in titles(page, base) if f"（{unit}）纸质材料未登记收到" in t]
