"""A trainee told 签到成功 for a scan that will not count (issue 19, item 8): a sign-in window
outside the session's time is refused when set (ATT_WINDOW_OUTSIDE_SESSION, error in the
shipped packs) or warned (a pack at warning), and a scan that is stored but will not count says
so on the phone, with the reason."""

import datetime as dt

import pytest
import time_machine

from jijiao.attendance.domain.registrations import window_add
from jijiao.attendance.facts import eligibility
from jijiao.attendance.tokens import session_token
from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.policy.domain.packs import pack_create
from tests.attendance.conftest import filed_session, register

pytestmark = pytest.mark.django_db

SH = clock.SHANGHAI
AFTERNOON = dt.datetime(2025, 5, 20, 13, 30, tzinfo=SH)


def moment(hour, minute=0):
    return dt.datetime(2025, 5, 20, hour, minute, tzinfo=SH)


def _afternoon(hospital_admin, wenzhou_office, project, policy_id="anyang-2022"):
    """13:30–17:00 on 2025-05-20."""
    return filed_session(
        hospital_admin,
        wenzhou_office,
        project,
        policy_id,
        start=AFTERNOON,
        ends_at=moment(17),
    )


def _pack(office, unit, pack_id, body):
    pack_create(
        by=office,
        office=unit,
        pack_id=pack_id,
        title=pack_id,
        extends="anyang-2022",
        text=f'id = "{pack_id}"\ntitle = "{pack_id}"\nextends = "anyang-2022"\n\n{body}',
    )


def test_a_morning_sign_in_window_for_an_afternoon_session_is_refused(
    hospital_admin, wenzhou_office, city_project
):
    session = _afternoon(hospital_admin, wenzhou_office, city_project)
    with time_machine.travel(moment(8), tick=False), pytest.raises(DomainError) as caught:
        window_add(
            by=hospital_admin, session=session, kind="in", opens_at=moment(9),
            closes_at=moment(9, 30),
        )  # fmt: skip
    assert caught.value.message == (
        "不能设置：签到时间 05-20 09:00–09:30 与举办时间 05-20 13:30–05-20 17:00 不重叠，"
        "在此时间扫码不计入学时（安阳市继委2022年项目通知 五）"
    )
    assert not session.windows.exists()


def test_the_host_page_says_why_the_window_is_refused(
    client, hospital_admin, wenzhou_office, city_project
):
    session = _afternoon(hospital_admin, wenzhou_office, city_project)
    with time_machine.travel(moment(8), tick=False):
        client.force_login(hospital_admin)
        page = client.post(
            f"/attendance/sessions/{session.pk}/",
            {"kind": "in", "opens_at": "2025-05-20T09:00", "closes_at": "2025-05-20T09:30"},
        ).content.decode()
    assert "不能设置：签到时间 05-20 09:00–09:30 与举办时间 05-20 13:30–05-20 17:00 不重叠" in page


def test_a_window_just_before_the_start_is_set(hospital_admin, wenzhou_office, city_project):
    session = _afternoon(hospital_admin, wenzhou_office, city_project)
    with time_machine.travel(moment(8), tick=False):
        window = window_add(
            by=hospital_admin, session=session, kind="in", opens_at=moment(13),
            closes_at=moment(13, 30),
        )  # fmt: skip
    assert window.warning == ""


def test_a_pack_with_a_lead_of_five_hours_accepts_the_morning_window(
    hospital_admin, wenzhou_office, wenzhou_office_unit, city_project
):
    _pack(
        wenzhou_office,
        wenzhou_office_unit,
        "anyang-lead-test",
        '[attendance.ATT_WINDOW_OUTSIDE_SESSION]\ncite = "测试通知 五"\nlead_minutes = 300\n',
    )
    session = _afternoon(hospital_admin, wenzhou_office, city_project, "anyang-lead-test")
    with time_machine.travel(moment(8), tick=False):
        window = window_add(
            by=hospital_admin, session=session, kind="in", opens_at=moment(9),
            closes_at=moment(9, 30),
        )  # fmt: skip
    assert window.warning == ""


def test_warned_by_the_pack_the_scan_is_recorded_and_the_phone_says_it_will_not_count(
    client, hospital_admin, wenzhou_office, wenzhou_office_unit, city_project, trainee_li
):
    _pack(
        wenzhou_office,
        wenzhou_office_unit,
        "anyang-warn-test",
        '[attendance.ATT_WINDOW_OUTSIDE_SESSION]\ncite = "测试通知 五"\nseverity = "warning"\n',
    )
    session = _afternoon(hospital_admin, wenzhou_office, city_project, "anyang-warn-test")
    with time_machine.travel(moment(8), tick=False):
        window = window_add(
            by=hospital_admin, session=session, kind="in", opens_at=moment(9),
            closes_at=moment(9, 30),
        )  # fmt: skip
    assert window.warning.startswith("签到时间 05-20 09:00–09:30 与举办时间")
    register(trainee_li, session)
    with time_machine.travel(moment(9, 10), tick=False):
        client.force_login(trainee_li)
        page = client.get(f"/attendance/c/{session_token(session.pk)}/").content.decode()
    assert "<h1>已记录，但不在签到时间内，不计入学时</h1>" in page
    assert "签到成功" not in page
    assert "与举办时间 05-20 13:30–05-20 17:00 不重叠" in page
    row = eligibility(session)["rows"][0]
    assert (row.eligible, row.codes[0]) == (False, "ATT_NO_SIGN_IN")


def test_a_scan_outside_every_window_says_recorded_but_not_counted(
    client, offline_session, trainee_li
):
    register(trainee_li, offline_session)
    with time_machine.travel(moment(11), tick=False):
        client.force_login(trainee_li)
        page = client.get(f"/attendance/c/{session_token(offline_session.pk)}/").content.decode()
    assert "<h1>已记录，但不在签到签退时间内，不计入学时</h1>" in page
    assert "05-20 11:00 不在签到或签退时间内" in page
