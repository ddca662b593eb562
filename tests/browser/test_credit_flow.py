"""The credit ledger end to end, in Debian Chromium: a department admin enters a case discussion
(病例讨论) for five attendees through the pages; the unit admin approves four of them in one bulk
approval and returns the fifth with its reason; the city approves the four; the person sees the
rows on their transcript, with a project credit's certificate; the certificate's QR page — the
public verification page whose address the certificate prints under its QR code — verifies it,
to a visitor who is not signed in."""

import re
import subprocess
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from jijiao.common import clock
from jijiao.credits.domain.grants import credits_grant_for_session
from jijiao.credits.domain.years import credit_year_set
from jijiao.credits.models import Certificate, LedgerEntry
from jijiao.orgs.models import Role
from tests.browser.conftest import login, logout
from tests.factories import AccountFactory, PersonFactory, grant

TITLE = "急性心梗合并心源性休克病例讨论"
NAMES = ["赵一鸣", "钱二娜", "孙三强", "李四海", "周五洋"]
RETURNED = "周五洋"
REASON = "签到表上没有周五洋的签名，请核实是否参加"


@pytest.fixture
def ward(wenzhou_office, wenzhou_office_unit, city_hospital, cardiology):
    """This year's credit year, five cardiology staff, 赵一鸣's account and a national project
    credit of his with its certificate."""
    today = clock.today()
    credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=today.year, policy_id="wenzhou-2025"
    )
    people = [PersonFactory(name=n, unit=city_hospital, department=cardiology) for n in NAMES]
    zhao = people[0]
    grant(AccountFactory(username="zhao", person=zhao), Role.TRAINEE, city_hospital)
    credits_grant_for_session(
        by=wenzhou_office,
        session_ref="S-browser-1",
        project_number=f"{today.year}-03-01-001（国）",
        title="心血管疾病诊疗进展学习班",
        activity_date=today,
        year=today.year,
        level="national",
        attendees=[zhao],
        lecturers=[],
        hours=Decimal("18"),
        credits=Decimal("6"),
        policy_id="national-2024",
    )
    return people


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return "".join(done.stdout.decode("utf-8").split())


def enter_case_discussion(page: Page, live_server) -> None:
    """The department admin's pages: 学分 → 录入院内活动, five attendees ticked, submitted."""
    login(page, live_server, "dept_admin")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="学分").click()
    page.get_by_role("link", name="录入院内活动").click()
    expect(page.get_by_role("heading", name=re.compile("录入院内活动"))).to_be_visible()
    page.get_by_label("活动类型").select_option("病例讨论")
    page.get_by_label("活动名称").fill(TITLE)
    page.get_by_label("活动日期").fill(clock.today().isoformat())
    page.get_by_label("学时").fill("2")
    page.get_by_label("每人学分").fill("1")
    for name in NAMES:
        page.get_by_role("checkbox", name=re.compile(f"{name}（")).check()
    expect(page.get_by_role("checkbox", name=re.compile("李超（"))).not_to_be_checked()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("已录入 5 条学分记录，等待审核。")).to_be_visible()
    logout(page)


def approve_four_return_one(page: Page, live_server) -> None:
    """The unit admin's queue: all five ticked but one, approved in bulk; that one returned
    from its own page with the reason."""
    login(page, live_server, "hospital_admin")
    page.goto(f"{live_server.url}/credits/")
    page.get_by_role("link", name="审核学分").click()
    rows = page.get_by_role("row").filter(has_text=TITLE)
    expect(rows).to_have_count(5)
    for name in NAMES:
        if name != RETURNED:
            page.get_by_role("checkbox", name=f"选择 {name} {TITLE}").check()
    page.get_by_role("button", name="批量通过所选").click()
    expect(page.get_by_text("将通过所选 4 条学分记录")).to_be_visible()
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_text("已通过 4 条。")).to_be_visible()
    expect(rows).to_have_count(1)
    rows.filter(has_text=RETURNED).get_by_role("link", name=TITLE).click()
    page.get_by_label("意见/原因").fill(REASON)
    page.get_by_role("button", name="退回修改").click()
    expect(page.get_by_text("已退回。")).to_be_visible()
    trail = page.get_by_role("row").filter(has_text="退回")
    expect(trail).to_contain_text(REASON)
    page.goto(f"{live_server.url}/credits/review/")
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_have_count(0)
    logout(page)


def city_approves(page: Page, live_server) -> None:
    login(page, live_server, "wenzhou_office")
    page.goto(f"{live_server.url}/credits/review/")
    rows = page.get_by_role("row").filter(has_text=TITLE)
    expect(rows).to_have_count(4)
    for box in page.get_by_role("checkbox", name=re.compile(f"^选择 .+ {TITLE}$")).all():
        box.check()
    page.get_by_role("button", name="批量通过所选").click()
    expect(page.get_by_text("将通过所选 4 条学分记录")).to_be_visible()
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_text("已通过 4 条。")).to_be_visible()
    logout(page)


def test_case_discussion_entered_approved_seen_and_certificate_verified(
    new_page, live_server, ward, dept_admin, hospital_admin, wenzhou_office
):
    page = new_page()
    enter_case_discussion(page, live_server)
    approve_four_return_one(page, live_server)
    city_approves(page, live_server)

    statuses = dict(LedgerEntry.objects.filter(title=TITLE).values_list("person__name", "status"))
    assert statuses == {n: "returned" if n == RETURNED else "approved" for n in NAMES}

    # The person's transcript: the case discussion and the project credit, summed.
    login(page, live_server, "zhao")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="学分").click()
    page.get_by_role("link", name="学分档案").click()
    expect(page.get_by_role("heading", name="赵一鸣的学分档案")).to_be_visible()
    discussion = page.get_by_role("row").filter(has_text=TITLE)
    expect(discussion).to_contain_text("病例讨论")
    expect(discussion).to_contain_text("已通过")
    project = page.get_by_role("row").filter(has_text="心血管疾病诊疗进展学习班")
    expect(project).to_contain_text("Ⅰ类（国家级）")
    summary = page.get_by_role("table").first.get_by_role("row").nth(1).get_by_role("cell")
    # Ⅰ类（国家级）, Ⅰ类（省级）, Ⅱ类, 合计.
    expect(summary.nth(0)).to_have_text("6.0")
    expect(summary.nth(1)).to_have_text("0.0")
    expect(summary.nth(2)).to_have_text("1.0")
    expect(summary.nth(3)).to_have_text("7.0")

    # The certificate as the person downloads it; the address printed under its QR code.
    link = project.get_by_role("link", name="学分证书")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    certificate = Certificate.objects.get(person__name="赵一鸣")
    assert f"验证码：{certificate.code}" in text
    found = re.search(r"扫描二维码或访问(\S+?)核验本证书", text)
    assert found is not None, text
    verify_url = found[1]
    assert verify_url == f"{live_server.url}/credits/verify/{certificate.code}/"

    # A visitor who is not signed in (a hospital HR office scanning the QR code).
    visitor = new_page()
    visitor.goto(verify_url)
    expect(visitor.get_by_role("heading", name="证书验证")).to_be_visible()
    card = visitor.locator(".card")
    expect(card.get_by_role("heading")).to_contain_text("学分证书")
    expect(card.get_by_role("heading")).to_contain_text("有效")
    expect(card).to_contain_text("赵*鸣")
    expect(card).to_contain_text("心血管疾病诊疗进展学习班")
    expect(card).to_contain_text(f"{clock.today().year}-03-01-001（国）")
    expect(card).not_to_contain_text("赵一鸣")
    assert visitor.script_errors == [] and page.script_errors == []
