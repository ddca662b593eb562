"""Hosting and attendance end to end, in Debian Chromium: the host plans a session of a
published national project and files it (the stamped notice uploaded; national-2024 only warns
when filed late), sets the sign-in time and opens the check-in screen; two trainees on phones
register, open the code's URL, log in and are signed in; one signs out too; the eligibility
list shows one earning credit and one with ATT_NO_SIGN_OUT."""

import datetime as dt

from playwright.sync_api import Page, expect

from jijiao.attendance.domain.registrations import window_add
from jijiao.attendance.models import CheckWindow
from jijiao.common import clock
from jijiao.hosting.models import Session
from jijiao.orgs.models import Role
from jijiao.projects.models import PublishedProject
from tests.browser.conftest import PASSWORD, PHONE, login
from tests.browser.crawl import assert_fits_phone
from tests.factories import AccountFactory, PersonFactory, grant
from tests.factories.projects import PublishedProjectFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def published_project(office, office_unit, hospital) -> PublishedProject:
    year = clock.now().year
    return PublishedProjectFactory(
        publication__office=office_unit,
        publication__published_by=office,
        publication__title="国家级项目（导入）",
        level="national",
        year=year,
        number=f"{year}-03-01-001（国）",
        name="心力衰竭诊疗进展学习班",
        host=hospital,
    )


def local_input(moment: dt.datetime) -> str:
    return clock.local(moment).strftime("%Y-%m-%dT%H:%M")


def plan_and_file(host: Page, live_server, project) -> Session:
    """The host's pages: plan a session under way now, fill the notice, upload its scan, file."""
    now = clock.now()
    host.goto(f"{live_server.url}/hosting/")
    host.get_by_role("row", name=project.name).get_by_role("link", name="安排新一期").click()
    host.get_by_label("开始时间").fill(local_input(now - dt.timedelta(hours=1)))
    host.get_by_label("结束时间").fill(local_input(now + dt.timedelta(hours=8)))
    host.get_by_label("授课教师").fill("张建华\n陈志强")
    host.get_by_label("政策包").select_option("national-2024")
    host.get_by_role("button", name="保存").click()
    expect(host.get_by_text("已安排第1期")).to_be_visible()
    session = Session.objects.get(project=project)

    host.get_by_role("link", name="举办报备").click()
    host.get_by_label("盖章通知扫描件").set_input_files(
        files=[{"name": "举办通知.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    host.get_by_role("button", name="上传").click()
    expect(host.get_by_text("扫描件已上传")).to_be_visible()
    host.get_by_label("是否收费").fill("不收费")
    host.get_by_label("联系人").fill("李超")
    host.get_by_label("联系电话").fill("0577-88888888")
    host.get_by_role("button", name="提交报备").click()
    expect(host.get_by_text("已报备，等待审核")).to_be_visible()
    expect(host.locator(".findings")).to_contain_text("FIL_LATE")  # a warning only
    return session


def set_window(host: Page, live_server, session, kind: str, opens, closes) -> None:
    host.goto(f"{live_server.url}/attendance/sessions/{session.pk}/")
    form = host.locator("form", has_text="新增签到或签退时间")
    form.get_by_label("类型").select_option(label=kind)
    form.get_by_label("开始").fill(local_input(opens))
    form.get_by_label("结束").fill(local_input(closes))
    form.get_by_role("button", name="添加").click()
    expect(host.get_by_text("已设置")).to_be_visible()


def trainee(username, name, unit):
    account = AccountFactory(username=username, person=PersonFactory(name=name, unit=unit))
    return grant(account, Role.TRAINEE, unit)


def register_on_phone(page: Page, live_server, username: str, project) -> None:
    login(page, live_server, username)
    page.goto(f"{live_server.url}/attendance/")
    assert_fits_phone(page)  # 报名 within the screen, not beyond its right edge
    page.get_by_role("row", name=project.name).get_by_role("button", name="报名").click()
    expect(page.get_by_role("status")).to_contain_text("已报名")


def scan_url(host_page: Page, live_server, session) -> str:
    host_page.goto(f"{live_server.url}/attendance/sessions/{session.pk}/checkin/")
    qr = host_page.locator("#checkin-qr")
    expect(qr.locator("svg")).to_be_visible()
    return qr.get_attribute("data-scan-url")


def phone_scan(page: Page, url: str, username: str | None, expected: str) -> None:
    page.goto(url)
    if username:
        expect(page.get_by_role("heading", name="登录")).to_be_visible()
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("heading", name=expected)).to_be_visible()
    assert page.script_errors == []


def test_host_files_and_trainees_sign_in_and_out_on_phones(
    new_page,
    live_server,
    hospital_admin,
    wenzhou_office,
    wenzhou_office_unit,
    city_hospital,
    lucheng_hospital,
):
    project = published_project(wenzhou_office, wenzhou_office_unit, city_hospital)
    trainee("trainee_li", "李明", city_hospital)
    trainee("trainee_zhao", "赵静", lucheng_hospital)

    host = new_page()
    login(host, live_server, "hospital_admin")
    session = plan_and_file(host, live_server, project)
    now = clock.now()
    set_window(
        host,
        live_server,
        session,
        "签到",
        now - dt.timedelta(hours=1),
        now + dt.timedelta(minutes=30),
    )

    li_phone, zhao_phone = new_page(**PHONE), new_page(**PHONE)
    register_on_phone(li_phone, live_server, "trainee_li", project)
    li_phone.get_by_role("button", name="退出").click()  # the code's URL asks to log in
    register_on_phone(zhao_phone, live_server, "trainee_zhao", project)

    url = scan_url(host, live_server, session)
    expect(host.get_by_text("现在是签到时间")).to_be_visible()
    assert url.startswith(f"{live_server.url}/attendance/c/{session.pk}-")
    phone_scan(li_phone, url, "trainee_li", "签到成功")
    phone_scan(zhao_phone, url, None, "签到成功")
    phone_scan(zhao_phone, url, None, "已签到过")  # scanning twice records once

    # The sign-in time ends now and the sign-out time begins.
    now = clock.now()
    CheckWindow.objects.filter(session=session).update(closes_at=now)
    window_add(
        by=hospital_admin,
        session=session,
        kind="out",
        opens_at=now + dt.timedelta(seconds=1),
        closes_at=now + dt.timedelta(hours=2),
    )
    host.wait_for_timeout(1100)
    url = scan_url(host, live_server, session)
    expect(host.get_by_text("现在是签退时间")).to_be_visible()
    expect(host.locator("#signed-in")).to_have_text("2")
    phone_scan(li_phone, url, None, "签退成功")

    host.goto(f"{live_server.url}/attendance/sessions/{session.pk}/eligibility/")
    expect(host.locator("#eligible-count")).to_have_text("1")
    expect(host.locator("#ineligible-count")).to_have_text("1")
    rows = host.locator("#eligibility tbody tr")
    expect(rows.filter(has_text="李明")).to_contain_text("授予学分")
    expect(rows.filter(has_text="赵静")).to_contain_text("ATT_NO_SIGN_OUT")
    assert host.script_errors == []
    assert host.console_errors == []
