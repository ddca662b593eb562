"""Sign-in and sign-out end to end, in Debian Chromium: the host opens the check-in screen of a
filed session; two trainees on phones open the code's URL, log in and are signed in; one signs
out too; the eligibility list shows one earning credit and one with ATT_NO_SIGN_OUT."""

import datetime as dt

import time_machine
from playwright.sync_api import Page, expect

from jijiao import clock
from jijiao.attendance.domain.registrations import registration_create, window_add
from jijiao.attendance.models import CheckWindow
from jijiao.hosting.domain.filing import filing_review, filing_submit
from jijiao.hosting.domain.sessions import session_create
from jijiao.orgs.models import Role
from jijiao.projects.models import PublicationList, PublishedProject
from tests.browser.conftest import PASSWORD, PHONE, login
from tests.factories import AccountFactory, PersonFactory, grant
from tests.hosting.conftest import ready_to_file


def hosted_session(host, office, office_unit, hospital):
    """A city session under way now (real time: the browser's cookies follow it), filed and
    accepted 15 days before."""
    now = clock.now()
    publication = PublicationList.objects.create(
        level="city",
        year=now.year,
        title="市级项目",
        office=office_unit,
        published_at=now,
        published_by=office,
        imported=True,
    )
    project = PublishedProject.objects.create(
        publication=publication,
        level="city",
        year=now.year,
        number=f"{now.year}-03-01-001",
        name="基层心血管病规范化诊疗培训班",
        host_name=hospital.name,
        host=hospital,
        leader_name="张建华",
        venue="本院学术报告厅",
        enrollment=100,
        discipline="03-01",
    )
    start = now - dt.timedelta(hours=1)
    with time_machine.travel(start - dt.timedelta(days=15), tick=False):
        session = session_create(
            by=host,
            project=project,
            policy_id="anyang-2022",
            fields={
                "starts_at": start,
                "ends_at": start + dt.timedelta(hours=9),
                "venue": "本院学术报告厅",
                "format": "offline",
                "days": 1,
                "capacity": 100,
            },
        )
        ready_to_file(host, session)
        filing_submit(by=host, session=session)
        filing_review(by=office, session=session, accept=True)
    window_add(
        by=host,
        session=session,
        kind="in",
        opens_at=start,
        closes_at=now + dt.timedelta(minutes=30),
    )
    return session


def trainee(username, name, unit):
    account = AccountFactory(username=username, person=PersonFactory(name=name, unit=unit))
    return grant(account, Role.TRAINEE, unit)


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


def test_trainees_sign_in_and_out_on_phones_and_the_list_shows_who_earns_credit(
    new_page,
    live_server,
    hospital_admin,
    wenzhou_office,
    wenzhou_office_unit,
    city_hospital,
    lucheng_hospital,
):
    session = hosted_session(hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital)
    li = trainee("trainee_li", "李明", city_hospital)
    zhao = trainee("trainee_zhao", "赵静", lucheng_hospital)
    for account in (li, zhao):
        registration_create(by=account, session=session)

    host = new_page()
    login(host, live_server, "hospital_admin")
    url = scan_url(host, live_server, session)
    expect(host.get_by_text("现在是签到时间")).to_be_visible()
    assert url.startswith(f"{live_server.url}/attendance/c/{session.pk}-")

    li_phone, zhao_phone = new_page(**PHONE), new_page(**PHONE)
    phone_scan(li_phone, url, "trainee_li", "签到成功")
    phone_scan(zhao_phone, url, "trainee_zhao", "签到成功")
    phone_scan(zhao_phone, url, None, "已签到过")  # scanning twice records once

    # The host's sign-in time is over and the sign-out time begins.
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
