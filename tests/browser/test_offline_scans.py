"""Offline scanning on the staff phone page, in Debian Chromium: with the network off, staff
scan two trainees' codes (kept in the browser), the network comes back, the page uploads them,
and a second upload of the same scans records nothing twice."""

import datetime as dt

from playwright.sync_api import expect

from jijiao.attendance.domain.registrations import registration_create, window_add
from jijiao.attendance.models import Scan
from jijiao.attendance.tokens import person_code
from jijiao.common import clock
from jijiao.hosting.domain.filing import filing_submit
from jijiao.hosting.domain.sessions import session_create
from tests.browser.conftest import PHONE, login
from tests.browser.test_checkin_flow import published_project, trainee
from tests.hosting.conftest import ready_to_file


def session_under_way(host, office, office_unit, hospital):
    now = clock.now()
    project = published_project(office, office_unit, hospital)
    session = session_create(
        by=host,
        project=project,
        policy_id="national-2024",
        fields={
            "starts_at": now - dt.timedelta(hours=1),
            "ends_at": now + dt.timedelta(hours=8),
            "venue": "本院学术报告厅",
            "format": "offline",
            "days": 1,
            "capacity": 100,
        },
    )
    ready_to_file(host, session)
    filing_submit(by=host, session=session)
    window_add(
        by=host,
        session=session,
        kind="in",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(hours=1),
    )
    return session


def test_scans_kept_offline_are_uploaded_once_when_back_online(
    new_page, live_server, hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital
):
    session = session_under_way(hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital)
    li, zhao = (
        trainee("trainee_li", "李明", city_hospital),
        trainee("trainee_zhao", "赵静", city_hospital),
    )
    for account in (li, zhao):
        registration_create(by=account, session=session)

    phone = new_page(**PHONE)
    login(phone, live_server, "hospital_admin")
    phone.goto(f"{live_server.url}/attendance/sessions/{session.pk}/staff/")
    offline = phone.locator("#offline")
    phone.context.set_offline(True)
    for account in (li, zhao):
        offline.get_by_label("学员码").fill(person_code(account.person_id))
        offline.get_by_label("学员码").press("Enter")
    expect(phone.locator("#offline-count")).to_have_text("2")
    assert Scan.objects.count() == 0

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(phone.locator("#offline-count")).to_have_text("0")
    results = phone.locator("#offline-results")
    expect(results).to_contain_text("李明：已记录")
    expect(results).to_contain_text("赵静：已记录")
    assert sorted(Scan.objects.values_list("outcome", flat=True)) == ["accepted", "accepted"]

    # The same two scans again, as a device whose first upload's answer was lost would send.
    stored = list(Scan.objects.values_list("nonce", flat=True))
    phone.evaluate(
        """([key, items]) => localStorage.setItem(key, JSON.stringify(items))""",
        [
            f"jijiao-offline-scans-{session.pk}",
            [
                {"nonce": n, "code": "ignored", "scanned_at": clock.now().isoformat()}
                for n in stored
            ],
        ],
    )
    phone.get_by_role("button", name="上传").click()
    expect(phone.locator("#offline-count")).to_have_text("0")
    assert Scan.objects.count() == 2
    assert phone.script_errors == []
    assert phone.console_errors == []
