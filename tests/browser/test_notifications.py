"""Issue 25 in Debian Chromium, in the demo city: the PI watches the unread count in the header
rise when the hospital's admin returns the PI's application, opens the message from 我的消息
and lands on the application, now marked read. Also at 390 px."""

import re

import pytest
from playwright.sync_api import Page, expect

from jijiao.demo import DEMO_PACK, DEMO_PASSWORD
from jijiao.demo.applications import RETURNED
from jijiao.orgs.models import Account
from jijiao.projects.domain.applications import application_submit
from jijiao.projects.models import Application
from tests.browser.conftest import PHONE, login

NAME = RETURNED


@pytest.fixture
def submitted(demo_world):
    """The demo, and pi_zhang's application the hospital returned, corrected and submitted
    again."""
    account = Account.objects.get(username="pi_zhang")
    application = Application.objects.get(pi=account.person, call__policy_id=DEMO_PACK)
    assert application.state == "returned"
    return application_submit(by=account, application=application)


def unread(page: Page):
    return page.get_by_role("banner").get_by_role("link", name=re.compile("^我的消息"))


@pytest.mark.parametrize("device", [{}, PHONE], ids=["desktop", "phone"])
def test_the_pi_sees_the_return_arrive_and_opens_it(new_page, live_server, submitted, device):
    pi = new_page(**device)
    login(pi, live_server, "pi_zhang", DEMO_PASSWORD)
    before = Account.objects.get(username="pi_zhang").messages.filter(read_at=None).count()
    assert before  # the demo's first return is waiting unread
    expect(unread(pi)).to_have_attribute(
        "aria-label", f"我的消息，{before} 条未读" if before else "我的消息"
    )

    unit = new_page(**device)
    login(unit, live_server, "h1_admin", DEMO_PASSWORD)
    unit.goto(f"{live_server.url}/projects/applications/{submitted.pk}/")
    unit.get_by_label("退回原因").fill("请补充授课教师的职称证明")
    unit.get_by_role("button", name="退回修改").click()
    expect(unit.get_by_role("status")).to_contain_text("已退回")

    pi.reload()
    expect(unread(pi)).to_have_attribute("aria-label", f"我的消息，{before + 1} 条未读")
    expect(unread(pi).locator(".unread-count")).to_have_text(str(before + 1))
    unread(pi).click()
    expect(pi.get_by_role("heading", name="我的消息", exact=True)).to_be_visible()
    # The demo's first return of the same application is in the inbox too, with its reason.
    item = pi.locator(".inbox-item").filter(has_text="意见：请补充授课教师的职称证明")
    expect(item).to_contain_text(f"申报“{NAME}”已被退回")
    expect(item).to_contain_text("请按意见修改后重新提交")
    item.get_by_role("button", name=re.compile("已被退回")).click()

    expect(pi).to_have_url(f"{live_server.url}/projects/applications/{submitted.pk}/")
    expect(pi.get_by_role("heading", name=NAME)).to_contain_text("已退回修改")
    expect(unread(pi)).to_have_attribute(
        "aria-label", f"我的消息，{before} 条未读" if before else "我的消息"
    )
    assert pi.evaluate("document.documentElement.scrollWidth") <= pi.viewport_size["width"]
    assert not pi.script_errors and not unit.script_errors
