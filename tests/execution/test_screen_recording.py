"""Anyang (seed 004 五): a session held online reports the live platform's screen recording, from
its home page to the trainees' accumulated time — a material of its own kind, checked by content
and size like the other videos, required by the pack (``online_materials``), seen by the office."""

import datetime as dt

import pytest

from jijiao.common.errors import DomainError
from jijiao.execution.domain.reports import report_add_file, report_submit
from jijiao.policy.domain.packs import pack_create
from tests.execution.helpers import MP4, PDF, full_report, plan_and_file, published, travel, upload

pytestmark = pytest.mark.django_db

START, END = dt.date(2022, 6, 10), dt.date(2022, 6, 11)
AFTER = dt.date(2022, 6, 12)
MISSING = "执行情况缺少直播平台录屏（首页至学员累计学时数）（安阳市继委2022年项目通知 五）"


def _session(host, office, office_unit, unit, policy_id="anyang-2022"):
    project = published(office_unit, office, unit, year=2022)
    return plan_and_file(
        host, office, project, policy_id, start=START, end=END, filed_on=dt.date(2022, 5, 20)
    )


def _report(host, session, held_as: str):
    full_report(host, session, video=True, format=held_as)
    report_add_file(by=host, session=session, kind="attendee_list", upload=upload("名册.pdf", PDF))


def test_an_online_session_cannot_report_without_the_recording(
    hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital
):
    session = _session(hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital)
    with travel(AFTER):
        _report(hospital_admin, session, "online")
        outcome = report_submit(by=hospital_admin, session=session)
        assert outcome["ok"] is False
        assert [(f["code"], f["message"]) for f in outcome["findings"]] == [
            ("EXE_MATERIAL_MISSING", MISSING)
        ]
        with pytest.raises(DomainError, match=r"只能上传 MP4、MOV、WebM 文件.*收到的是 PDF 文件"):
            report_add_file(
                by=hospital_admin,
                session=session,
                kind="screen_recording",
                upload=upload("录屏.mp4", PDF),
            )
        report_add_file(
            by=hospital_admin,
            session=session,
            kind="screen_recording",
            upload=upload("录屏.mp4", MP4),
        )
        assert report_submit(by=hospital_admin, session=session)["ok"] is True


def test_an_offline_session_owes_no_recording(
    hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital
):
    session = _session(hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital)
    with travel(AFTER):
        _report(hospital_admin, session, "offline")
        assert report_submit(by=hospital_admin, session=session)["ok"] is True


def test_a_pack_without_the_recording_lets_an_online_session_report(
    hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital
):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="anyang-no-recording",
        title="线上不要求录屏（测试）",
        extends="anyang-2022",
        text='id = "anyang-no-recording"\ntitle = "线上不要求录屏（测试）"\n'
        'extends = "anyang-2022"\n\n[execution.national.EXE_MATERIAL_MISSING]\n'
        'cite = "测试通知 五"\nonline_materials = []\n',
    )
    session = _session(
        hospital_admin,
        wenzhou_office,
        wenzhou_office_unit,
        city_hospital,
        policy_id="anyang-no-recording",
    )
    with travel(AFTER):
        _report(hospital_admin, session, "online")
        assert report_submit(by=hospital_admin, session=session)["ok"] is True


def test_the_host_uploads_it_on_the_page_and_the_office_sees_it(
    client, hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital
):
    session = _session(hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital)
    with travel(AFTER):
        _report(hospital_admin, session, "online")
        client.force_login(hospital_admin)
        form = client.get(f"/execution/sessions/{session.pk}/edit/").content.decode()
        assert "直播平台录屏（线上举办：首页至学员累计学时数）" in form
        detail = client.get(f"/execution/sessions/{session.pk}/").content.decode()
        assert "执行情况缺少直播平台录屏（首页至学员累计学时数）" in detail
        response = client.post(
            f"/execution/sessions/{session.pk}/files/",
            {"kind": "screen_recording", "file": upload("录屏.mp4", MP4)},
        )
        assert response.status_code == 302
        assert report_submit(by=hospital_admin, session=session)["ok"] is True
        client.force_login(wenzhou_office)
        page = client.get(f"/execution/sessions/{session.pk}/").content.decode()
    assert "直播平台录屏（线上举办：首页至学员累计学时数）" in page
    assert "录屏.mp4" in page
