"""Anyang (seed 004 五、六): an online session's list of trainees sorted by accumulated time, high
to low — from the pack (``attendance.eligibility_list``); a pack that keeps registration order
keeps it."""

import datetime as dt

import pytest

from jijiao.attendance.domain.watchlog import watchlog_import
from jijiao.attendance.facts import eligibility
from jijiao.common import clock
from jijiao.policy.domain.packs import pack_create
from tests.attendance.conftest import filed_session, register
from tests.hosting.conftest import at

pytestmark = pytest.mark.django_db

LOG = (
    "账号,进入时间,离开时间\n"
    "trainee_li,2025-06-01 08:00,2025-06-01 09:00\n"
    "trainee_zhao,2025-06-01 08:00,2025-06-01 13:00\n"
).encode()


def _online(hospital_admin, wenzhou_office, project, policy_id):
    start = dt.datetime(2025, 6, 1, 8, 0, tzinfo=clock.SHANGHAI)
    return filed_session(
        hospital_admin,
        wenzhou_office,
        project,
        policy_id=policy_id,
        start=start,
        ends_at=start + dt.timedelta(hours=8),
        format="online",
        venue="线上直播",
    )


def _attended(hospital_admin, session, *trainees):
    for account in trainees:
        register(account, session)
    with at(dt.date(2025, 6, 2)):
        watchlog_import(by=hospital_admin, session=session, name="直播.csv", content=LOG)


def test_anyang_lists_online_trainees_by_time_high_to_low(
    client,
    hospital_admin,
    wenzhou_office,
    city_project,
    trainee_li,
    trainee_zhao,
    trainee_sun,
):
    session = _online(hospital_admin, wenzhou_office, city_project, "anyang-2022")
    _attended(hospital_admin, session, trainee_sun, trainee_li, trainee_zhao)
    report = eligibility(session)
    assert [(r.person.name, r.minutes) for r in report["rows"]] == [
        ("赵静", 300),
        ("李明", 60),
        ("孙燕", 0),
    ]
    client.force_login(hospital_admin)
    page = client.get(f"/attendance/sessions/{session.pk}/eligibility/").content.decode()
    assert "按累计在线学习时长从高到低排序（安阳市继委2022年项目通知 五、六）" in page
    assert page.index("赵静") < page.index("李明") < page.index("孙燕")


def test_a_pack_keeping_registration_order_keeps_it(
    hospital_admin,
    wenzhou_office,
    wenzhou_office_unit,
    city_project,
    trainee_li,
    trainee_zhao,
    trainee_sun,
):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="anyang-registration-order",
        title="按报名顺序（测试）",
        extends="anyang-2022",
        text='id = "anyang-registration-order"\ntitle = "按报名顺序（测试）"\n'
        'extends = "anyang-2022"\n\n[attendance.eligibility_list]\n'
        'cite = "测试通知 五"\nonline_order = "registration"\n',
    )
    session = _online(hospital_admin, wenzhou_office, city_project, "anyang-registration-order")
    _attended(hospital_admin, session, trainee_sun, trainee_li, trainee_zhao)
    report = eligibility(session)
    assert [r.person.name for r in report["rows"]] == ["孙燕", "李明", "赵静"]
    assert report["order"] is None
