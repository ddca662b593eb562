"""The attendance pages: query counts that do not grow with the rows; the trainee's pages."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jijiao.attendance.domain.scans import scan_session_code
from jijiao.attendance.tokens import session_token
from jijiao.common import clock
from tests.attendance.conftest import register, trainee

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def attendees(session, hospital, count, prefix="t"):
    for index in range(count):
        account = trainee(f"{prefix}{index}", f"学员{prefix}{index}", hospital)
        register(account, session)
        moment = dt.datetime(2025, 5, 20, 8, 10 + index, tzinfo=clock.SHANGHAI)
        with time_machine.travel(moment, tick=False):
            scan_session_code(by=account, token=session_token(session.pk))


@pytest.mark.parametrize("name", ["session", "eligibility", "scans"])
def test_list_queries_do_not_grow_with_rows(
    client, hospital_admin, offline_session, city_hospital, name
):
    client.force_login(hospital_admin)
    url = reverse(f"attendance:{name}", args=[offline_session.pk])
    attendees(offline_session, city_hospital, 1)
    one = queries(client, url)
    attendees(offline_session, city_hospital, 2, prefix="u")  # three rows now
    assert queries(client, url) == one


def test_trainee_registers_from_the_page_and_sees_the_warning(client, offline_session, trainee_sun):
    client.force_login(trainee_sun)
    with time_machine.travel(dt.datetime(2025, 5, 5, 10, tzinfo=clock.SHANGHAI), tick=False):
        page = client.get(reverse("attendance:home"))
        assert offline_session.project.name in page.text
        response = client.post(
            reverse("attendance:register", args=[offline_session.pk]), follow=True
        )
    assert "已报名" in response.text
    # The sentence first, the rule's code small after it.
    assert (
        '专业与项目学科不对口 <small class="rule-ref"><code>ATT_DISCIPLINE_MISMATCH</code></small>'
        in response.text
    )


def test_trainee_cannot_open_the_hosts_pages(client, offline_session, trainee_li):
    register(trainee_li, offline_session)
    client.force_login(trainee_li)
    for name in ("session", "checkin", "eligibility"):
        url = reverse(f"attendance:{name}", args=[offline_session.pk])
        assert client.get(url).status_code == 404, name


def test_my_code_page_shows_a_qr_code_and_no_id_number(client, trainee_li):
    client.force_login(trainee_li)
    page = client.get(reverse("attendance:my_code"))
    assert "<svg" in page.text
    assert trainee_li.person.reveal_id_number() not in page.text


def test_host_registers_a_walk_in_by_id_number(
    client, hospital_admin, offline_session, trainee_zhao
):
    client.force_login(hospital_admin)
    url = reverse("attendance:walk_in", args=[offline_session.pk])
    number = trainee_zhao.person.reveal_id_number()
    with time_machine.travel(dt.datetime(2025, 5, 20, 8, 0, tzinfo=clock.SHANGHAI), tick=False):
        response = client.post(url, {"id_number": number}, follow=True)
        missing = client.post(url, {"id_number": "110101199001011234"}, follow=True)
    assert f"已为 赵静（{trainee_zhao.person.id_masked}）报名" in response.text
    assert number not in response.text
    assert "系统中没有身份证号为 110101********1234 的人员" in missing.text
    assert offline_session.registrations.get().registered_by == hospital_admin


def test_staff_phone_camera_opens_a_trainees_code_for_the_chosen_session(
    client, hospital_admin, offline_session, trainee_li
):
    from jijiao.attendance.models import Scan
    from jijiao.attendance.tokens import person_code

    register(trainee_li, offline_session)
    client.force_login(hospital_admin)
    code_url = reverse("attendance:person_code", args=[person_code(trainee_li.person_id)])
    morning = dt.datetime(2025, 5, 20, 8, 0, tzinfo=clock.SHANGHAI)
    with time_machine.travel(morning, tick=False):
        client.get(reverse("attendance:staff_scan", args=[offline_session.pk]))
    with time_machine.travel(morning + dt.timedelta(minutes=5), tick=False):
        response = client.get(code_url)
    assert "签到成功" in response.text
    assert Scan.objects.get().source == "staff"
    with time_machine.travel(morning + dt.timedelta(hours=13), tick=False):
        client.force_login(hospital_admin)
        late = client.get(code_url)
    assert late.status_code == 302  # the phone's choice of session has lapsed
    assert Scan.objects.count() == 1
