"""Scans: the rotating code, scanning twice, staff scanning, offline uploads with nonces."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from jijiao.attendance.domain.scans import (
    OfflineScan,
    scan_person_code,
    scan_session_code,
    scans_upload,
)
from jijiao.attendance.models import Mark, Scan
from jijiao.attendance.tokens import person_code, session_token
from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.hosting.models import Session
from tests.attendance.conftest import register

pytestmark = pytest.mark.django_db

SIGN_IN_TIME = dt.datetime(2025, 5, 20, 8, 30, tzinfo=clock.SHANGHAI)


def travel(moment):
    return time_machine.travel(moment, tick=False)


def test_scanning_twice_records_one_sign_in(offline_session, trainee_li):
    register(trainee_li, offline_session)
    with travel(SIGN_IN_TIME):
        token = session_token(offline_session.pk)
        first = scan_session_code(by=trainee_li, token=token)
    with travel(SIGN_IN_TIME + dt.timedelta(seconds=20)):
        second = scan_session_code(by=trainee_li, token=session_token(offline_session.pk))
    assert (first.outcome, first.kind) == ("accepted", "in")
    assert (second.outcome, second.reason_code) == ("duplicate", "SCAN_DUPLICATE")
    assert second.reason == "李明 在本时段已签到，重复扫码不重复记录"
    assert Mark.objects.filter(person=trainee_li.person).count() == 1  # the accepted scans
    assert Mark.objects.get().at == SIGN_IN_TIME
    assert Scan.objects.count() == 2
    assert not AuditEntry.objects.filter(action__startswith="scan").exists()


def test_scanning_twice_at_sign_out_keeps_the_repeat_as_a_sign_out(offline_session, trainee_li):
    """The repeat's reason names the window's kind (on PostgreSQL written by the statement)."""
    register(trainee_li, offline_session)
    sign_out = SIGN_IN_TIME.replace(hour=16, minute=45)
    with travel(sign_out):
        first = scan_session_code(by=trainee_li, token=session_token(offline_session.pk))
        second = scan_session_code(by=trainee_li, token=session_token(offline_session.pk))
    assert (first.outcome, first.kind, first.session) == ("accepted", "out", offline_session)
    assert (second.outcome, second.kind) == ("duplicate", "out")
    stored = Scan.objects.get(pk=second.pk)
    assert stored.reason == "李明 在本时段已签退，重复扫码不重复记录"
    assert (stored.session, stored.window) == (offline_session, first.window)


def test_a_session_not_filed_refuses_the_scan_and_keeps_why(offline_session, trainee_li):
    register(trainee_li, offline_session)
    Session.objects.filter(pk=offline_session.pk).update(state=Session.State.RETURNED)
    with travel(SIGN_IN_TIME):
        scan = scan_session_code(by=trainee_li, token=session_token(offline_session.pk))
    assert (scan.outcome, scan.reason_code) == ("refused", "SCAN_NOT_FILED")
    assert scan.reason == f"{offline_session} 尚未报备，不能签到"
    assert list(Scan.objects.values_list("outcome", "session", "window")) == [
        ("refused", offline_session.pk, None)
    ]


def test_expired_code_is_refused_and_the_refusal_kept(offline_session, trainee_li):
    register(trainee_li, offline_session)
    with travel(SIGN_IN_TIME):
        token = session_token(offline_session.pk)
    with travel(SIGN_IN_TIME + dt.timedelta(seconds=75)):
        scan = scan_session_code(by=trainee_li, token=token)
    assert (scan.outcome, scan.reason_code) == ("refused", "SCAN_EXPIRED")
    assert scan.reason.startswith("二维码已过期")
    assert scan.session == offline_session
    assert scan.person == trainee_li.person
    assert Scan.objects.filter(outcome="accepted").count() == 0


def test_code_replayed_after_a_minute_is_refused(offline_session, trainee_li, trainee_zhao):
    """A photo of the screen forwarded to someone not in the room."""
    register(trainee_li, offline_session)
    register(trainee_zhao, offline_session)
    with travel(SIGN_IN_TIME):
        token = session_token(offline_session.pk)
        assert scan_session_code(by=trainee_li, token=token).outcome == "accepted"
    with travel(SIGN_IN_TIME + dt.timedelta(minutes=5)):
        replay = scan_session_code(by=trainee_zhao, token=token)
    assert (replay.outcome, replay.reason_code) == ("refused", "SCAN_EXPIRED")
    assert Scan.objects.filter(outcome="refused").get() == replay


def test_forged_code_is_refused(offline_session, trainee_li):
    register(trainee_li, offline_session)
    with travel(SIGN_IN_TIME):
        token = session_token(offline_session.pk)
        step = token.split("-")[1]
        forged = scan_session_code(by=trainee_li, token=f"{offline_session.pk}-{step}-" + "0" * 24)
        other = scan_session_code(by=trainee_li, token="hello")
    assert (forged.outcome, forged.reason_code, forged.reason) == (
        "refused",
        "SCAN_FORGED",
        "二维码无效：签名不符",
    )
    assert (other.reason_code, other.session) == ("SCAN_FORGED", None)


def test_scan_outside_the_windows_is_refused_with_the_windows(offline_session, trainee_li):
    register(trainee_li, offline_session)
    moment = SIGN_IN_TIME.replace(hour=12)
    with travel(moment):
        scan = scan_session_code(by=trainee_li, token=session_token(offline_session.pk))
    assert scan.reason_code == "SCAN_OUTSIDE_WINDOW"
    assert scan.reason == (
        "05-20 12:30 不在签到或签退时间内（签到 05-20 08:00–09:30、签退 05-20 16:30–17:30）"
    )


def test_unregistered_trainee_is_refused(offline_session, trainee_zhao):
    with travel(SIGN_IN_TIME):
        scan = scan_session_code(by=trainee_zhao, token=session_token(offline_session.pk))
    assert (scan.reason_code, scan.reason) == (
        "SCAN_NOT_REGISTERED",
        f"赵静 未报名{offline_session}",
    )


def test_login_after_opening_the_code_keeps_the_moment_it_was_opened(
    client, offline_session, trainee_li
):
    register(trainee_li, offline_session)
    with travel(SIGN_IN_TIME):
        url = reverse("attendance:checkin_scan", args=[session_token(offline_session.pk)])
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")
    with travel(SIGN_IN_TIME + dt.timedelta(minutes=3)):  # the code itself expired meanwhile
        client.force_login(trainee_li)
        response = client.get(url)
    assert response.status_code == 200
    assert "签到成功" in response.text
    mark = Scan.objects.filter(outcome="accepted").get()
    assert mark.scanned_at == SIGN_IN_TIME


def test_anonymous_expired_code_is_kept_without_a_person(client, offline_session):
    with travel(SIGN_IN_TIME):
        url = reverse("attendance:checkin_scan", args=[session_token(offline_session.pk)])
    with travel(SIGN_IN_TIME + dt.timedelta(minutes=2)):
        response = client.get(url)
    assert response.status_code == 400
    assert "二维码已过期" in response.text
    scan = Scan.objects.get()
    assert (scan.person, scan.reason_code) == (None, "SCAN_EXPIRED")


def test_staff_scans_a_trainees_personal_code(offline_session, hospital_admin, trainee_li):
    register(trainee_li, offline_session)
    with travel(SIGN_IN_TIME):
        scan = scan_person_code(
            by=hospital_admin, session=offline_session, code=person_code(trainee_li.person_id)
        )
        bad = scan_person_code(by=hospital_admin, session=offline_session, code="12:nope")
    assert (scan.outcome, scan.source, scan.by) == ("accepted", "staff", hospital_admin)
    assert bad.reason_code == "SCAN_BAD_CODE"


def test_offline_upload_with_a_repeated_nonce_does_not_duplicate(
    offline_session, hospital_admin, trainee_li, trainee_zhao
):
    register(trainee_li, offline_session)
    register(trainee_zhao, offline_session)
    batch = [
        OfflineScan("n-1", person_code(trainee_li.person_id), SIGN_IN_TIME),
        OfflineScan("n-2", person_code(trainee_zhao.person_id), SIGN_IN_TIME),
        OfflineScan("n-3", "forged", SIGN_IN_TIME),
    ]
    with travel(SIGN_IN_TIME + dt.timedelta(hours=2)):
        first = scans_upload(by=hospital_admin, session=offline_session, scans=batch)
        again = scans_upload(by=hospital_admin, session=offline_session, scans=batch)
    assert [s.outcome for s in first] == ["accepted", "accepted", "refused"]
    assert [s.pk for s in again] == [s.pk for s in first]
    assert Scan.objects.count() == 3
    assert Scan.objects.filter(outcome="accepted").count() == 2
    assert (
        Scan.objects.filter(outcome="accepted").get(person=trainee_li.person).scanned_at
        == SIGN_IN_TIME
    )


def test_offline_upload_through_the_api(client, offline_session, hospital_admin, trainee_li):
    register(trainee_li, offline_session)
    client.force_login(hospital_admin)
    body = {
        "scans": [
            {
                "nonce": "abc",
                "code": person_code(trainee_li.person_id),
                "scanned_at": "2025-05-20T08:31:00+08:00",
            }
        ]
    }
    url = f"/api/v1/attendance/sessions/{offline_session.pk}/scans"
    with travel(SIGN_IN_TIME + dt.timedelta(hours=1)):
        first = client.post(url, body, content_type="application/json")
        second = client.post(url, body, content_type="application/json")
    assert first.status_code == 200
    assert first.json()["results"][0]["outcome"] == "accepted"
    assert second.json()["results"][0]["outcome"] == "accepted"
    assert Scan.objects.count() == 1


def test_api_upload_for_another_units_session_is_404(
    client, offline_session, lucheng_admin, trainee_li
):
    client.force_login(lucheng_admin)
    url = f"/api/v1/attendance/sessions/{offline_session.pk}/scans"
    response = client.post(url, {"scans": []}, content_type="application/json")
    assert response.status_code == 404
