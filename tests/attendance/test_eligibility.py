"""Eligibility through the workflow: sign-in/out, the watch log, corrections, the Excel."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jijiao.attendance.domain.corrections import correction_record
from jijiao.attendance.domain.scans import scan_session_code
from jijiao.attendance.domain.watchlog import WatchLogInvalid, watchlog_import
from jijiao.attendance.facts import eligibility
from jijiao.attendance.tokens import session_token
from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.common.errors import DomainError
from tests.attendance.conftest import register

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def scan_at(account, session, hour, minute=0):
    moment = dt.datetime(2025, 5, 20, hour, minute, tzinfo=clock.SHANGHAI)
    with time_machine.travel(moment, tick=False):
        return scan_session_code(by=account, token=session_token(session.pk))


def summary(session):
    return [(r.person.name, r.eligible, r.codes, r.warnings) for r in eligibility(session)["rows"]]


def test_signed_in_and_out_earns_credit_signed_in_only_does_not(
    offline_session, trainee_li, trainee_zhao
):
    register(trainee_li, offline_session)
    register(trainee_zhao, offline_session)
    scan_at(trainee_li, offline_session, 8, 20)
    scan_at(trainee_zhao, offline_session, 8, 25)
    scan_at(trainee_li, offline_session, 16, 40)
    assert summary(offline_session) == [
        ("李明", True, [], []),
        ("赵静", False, ["ATT_NO_SIGN_OUT"], []),
    ]


def test_a_correction_with_reason_and_evidence_is_read_by_the_rules(
    hospital_admin, offline_session, trainee_zhao
):
    register(trainee_zhao, offline_session)
    scan_at(trainee_zhao, offline_session, 8, 25)
    with pytest.raises(DomainError, match="请填写更正原因"):
        correction_record(
            by=hospital_admin,
            session=offline_session,
            person=trainee_zhao.person,
            field="sign_out",
            value_at=dt.datetime(2025, 5, 20, 16, 50, tzinfo=clock.SHANGHAI),
            reason=" ",
            evidence=SimpleUploadedFile("签到表.png", PNG),
        )
    correction_record(
        by=hospital_admin,
        session=offline_session,
        person=trainee_zhao.person,
        field="sign_out",
        value_at=dt.datetime(2025, 5, 20, 16, 50, tzinfo=clock.SHANGHAI),
        reason="手机没电，纸质签退表有本人签名",
        evidence=SimpleUploadedFile("签到表.png", PNG),
    )
    row = eligibility(offline_session)["rows"][0]
    assert (row.eligible, row.codes, row.corrected) == (True, [], ["sign_out"])
    entry = AuditEntry.objects.get(action="attendance.corrected")
    assert entry.data["reason"] == "手机没电，纸质签退表有本人签名"


def watch_log(*rows: str, header: str = "身份证号,进入时间,离开时间") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def test_watch_log_overlaps_are_merged_not_summed(hospital_admin, online_session, trainee_li):
    register(trainee_li, online_session)
    number = trainee_li.person.reveal_id_number()
    content = watch_log(
        f"{number},2025-06-01 08:00:00,2025-06-01 10:00:00",
        f"{number},2025-06-01 09:00:00,2025-06-01 11:00:00",
    )
    watchlog_import(by=hospital_admin, session=online_session, name="直播.csv", content=content)
    report = eligibility(online_session)
    row = report["rows"][0]
    assert row.minutes == 180
    assert report["required_minutes"] == 360
    assert (row.eligible, row.codes) == (False, ["ATT_ONLINE_DURATION"])


def test_watch_log_by_account_with_gaps_reaching_the_minutes(
    hospital_admin, online_session, trainee_li
):
    register(trainee_li, online_session)
    content = watch_log(
        "trainee_li,2025-06-01 08:00,2025-06-01 12:00",
        "trainee_li,2025-06-01 14:00,2025-06-01 15:00",
        "trainee_li,2025-06-02 08:00,2025-06-02 09:00",
        header="账号,进入时间,离开时间",
    )
    watchlog_import(by=hospital_admin, session=online_session, name="直播.csv", content=content)
    row = eligibility(online_session)["rows"][0]
    assert (row.minutes, row.eligible) == (360, True)


def test_an_excel_watch_log_is_read_like_the_csv(hospital_admin, online_session, trainee_li):
    register(trainee_li, online_session)
    book = openpyxl.Workbook()
    book.active.append(["账号", "进入时间", "离开时间"])
    book.active.append(["trainee_li", dt.datetime(2025, 6, 1, 8), dt.datetime(2025, 6, 1, 12)])
    book.active.append(["trainee_li", "2025-06-01 14:00", "2025-06-01 16:00"])
    out = io.BytesIO()
    book.save(out)
    watchlog_import(
        by=hospital_admin, session=online_session, name="直播.xlsx", content=out.getvalue()
    )
    row = eligibility(online_session)["rows"][0]
    assert (row.minutes, row.eligible) == (360, True)


def test_a_watch_log_that_is_neither_csv_nor_excel_is_refused(hospital_admin, online_session):
    with pytest.raises(DomainError) as error:
        watchlog_import(
            by=hospital_admin, session=online_session, name="直播.csv", content=b"%PDF-1.7 x"
        )
    assert error.value.message == (
        "文件“直播.csv”：只能上传 CSV、Excel 文件，且不超过 20 MB；收到的是 PDF 文件"
    )


def test_watch_log_problems_are_listed_by_row_and_nothing_imported(
    hospital_admin, online_session, trainee_li, trainee_zhao
):
    register(trainee_li, online_session)
    number = trainee_li.person.reveal_id_number()
    other = trainee_zhao.person.reveal_id_number()
    content = watch_log(
        f"{number},2025-06-01 10:00:00,2025-06-01 09:00:00",
        f"{other},2025-06-01 08:00:00,2025-06-01 09:00:00",
        "110101199001011234,2025-06-01 08:00:00,2025-06-01 09:00:00",
    )
    with pytest.raises(WatchLogInvalid) as error:
        watchlog_import(by=hospital_admin, session=online_session, name="x.csv", content=content)
    assert error.value.problems == [
        "第 2 行：离开时间 2025-06-01 09:00 早于进入时间 10:00",
        f"第 3 行：赵静（{trainee_zhao.person.id_masked}）未报名本期",
        "第 4 行：找不到人员「110101********1234」",
    ]
    assert online_session.watch_intervals.count() == 0


def test_online_trainee_absent_from_the_log_earns_nothing(online_session, trainee_li):
    register(trainee_li, online_session)
    row = eligibility(online_session)["rows"][0]
    assert (row.minutes, row.codes) == (0, ["ATT_ONLINE_DURATION"])


def test_eligibility_excel_columns(
    client, hospital_admin, offline_session, trainee_li, trainee_zhao
):
    register(trainee_li, offline_session)
    register(trainee_zhao, offline_session)
    scan_at(trainee_li, offline_session, 8, 20)
    scan_at(trainee_li, offline_session, 16, 40)
    client.force_login(hospital_admin)
    url = reverse("attendance:eligibility", args=[offline_session.pk]) + "?export=xlsx"
    response = client.get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "序号",
        "姓名",
        "身份证号",
        "单位",
        "签到时间",
        "签退时间",
        "在线时长（分钟）",
        "结果",
        "原因代码",
        "原因",
        "提示",
        "人工更正",
    ]
    assert rows[1][:9] == [
        1,
        "李明",
        trainee_li.person.id_masked,
        "温州市第一人民医院",
        "2025-05-20 08:20",
        "2025-05-20 16:40",
        None,
        "授予学分",
        None,
    ]
    assert rows[2][1] == "赵静"
    assert rows[2][7:10] == [
        "不授予学分",
        "ATT_NO_SIGN_IN、ATT_NO_SIGN_OUT",
        "未在规定时间内签到（ATT_NO_SIGN_IN）；未在规定时间内签退（ATT_NO_SIGN_OUT）",
    ]
    assert "*" in rows[1][2]


def test_another_units_session_is_404(client, lucheng_admin, offline_session):
    client.force_login(lucheng_admin)
    for name in ("session", "eligibility", "checkin", "staff_scan", "scans", "watchlog"):
        response = client.get(reverse(f"attendance:{name}", args=[offline_session.pk]))
        assert response.status_code == 404, name
    response = client.get(reverse("hosting:session", args=[offline_session.pk]))
    assert response.status_code == 404
