"""Eligibility through the workflow: sign-in/out, the watch log, corrections, the Excel."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jijiao.attendance.domain.corrections import correction_decide, correction_record
from jijiao.attendance.domain.scans import scan_session_code
from jijiao.attendance.domain.watchlog import WatchLogInvalid, watchlog_import
from jijiao.attendance.facts import eligibility
from jijiao.attendance.tokens import session_token
from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.common.errors import DomainError
from tests.attendance.conftest import register
from tests.jobs.helpers import run_job

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def second_admin(session, username="admin_two"):
    from jijiao.orgs.models import Role
    from tests.factories import AccountFactory, grant

    return grant(AccountFactory(username=username), Role.UNIT_ADMIN, session.project.host)


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
    correction = correction_record(
        by=hospital_admin,
        session=offline_session,
        person=trainee_zhao.person,
        field="sign_out",
        value_at=dt.datetime(2025, 5, 20, 16, 50, tzinfo=clock.SHANGHAI),
        reason="手机没电，纸质签退表有本人签名",
        evidence=SimpleUploadedFile("签到表.png", PNG),
    )
    # Not yet: the host unit's second admin has to agree.
    row = eligibility(offline_session)["rows"][0]
    assert (row.eligible, row.codes) == (False, ["ATT_NO_SIGN_OUT"])
    with pytest.raises(DomainError, match="更正须由登记人以外的单位管理员审核"):
        correction_decide(by=hospital_admin, correction=correction, approve=True)
    correction_decide(by=second_admin(offline_session), correction=correction, approve=True)
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
    client,
    hospital_admin,
    offline_session,
    trainee_li,
    trainee_zhao,
    lucheng_admin,
    django_capture_on_commit_callbacks,
):
    register(trainee_li, offline_session)
    register(trainee_zhao, offline_session)
    scan_at(trainee_li, offline_session, 8, 20)
    scan_at(trainee_li, offline_session, 16, 40)
    client.force_login(hospital_admin)
    url = reverse("attendance:eligibility", args=[offline_session.pk])
    assert "导出 Excel" in client.get(url).content.decode()
    job, content, page = run_job(client, url, django_capture_on_commit_callbacks)
    assert (job.kind, job.state, job.counts) == ("eligibility_export", "done", {"rows": 2})
    assert "学分授予名单共 2 人。" in page
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
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
    # Another unit neither starts the export nor downloads its result.
    client.force_login(lucheng_admin)
    assert client.post(url).status_code == 404
    assert client.get(f"/jobs/{job.pk}/result/").status_code == 404


def test_another_units_session_is_404(client, lucheng_admin, offline_session):
    client.force_login(lucheng_admin)
    for name in ("session", "eligibility", "checkin", "staff_scan", "scans", "watchlog"):
        response = client.get(reverse(f"attendance:{name}", args=[offline_session.pk]))
        assert response.status_code == 404, name
    response = client.get(reverse("hosting:session", args=[offline_session.pk]))
    assert response.status_code == 404


# ---------------------------------------------------------------- ATT_OVERLAP reads the ledger


def _second_session(hospital_admin, wenzhou_office, national_project):
    from tests.attendance.conftest import START, filed_session

    return filed_session(
        hospital_admin,
        wenzhou_office,
        national_project,
        "national-2024",
        start=START + dt.timedelta(hours=4),
    )


def _signed_both_ways(account, session):
    scan_at(account, session, 8, 20)
    scan_at(account, session, 16, 40)


def test_registered_for_two_overlapping_sessions_is_not_yet_an_overlap(
    hospital_admin, wenzhou_office, offline_session, national_project, trainee_li
):
    register(trainee_li, offline_session)
    _signed_both_ways(trainee_li, offline_session)
    assert summary(offline_session) == [("李明", True, [], [])]


def _grant(office, project, session, person):
    from decimal import Decimal

    from jijiao.credits.domain.grants import credits_grant_for_session

    with time_machine.travel(dt.datetime(2025, 5, 25, 9, 0, tzinfo=clock.SHANGHAI), tick=False):
        credits_grant_for_session(
            by=office,
            session_ref=f"{project.number} 第{session.sequence}期 #{session.pk}",
            project_number=project.number,
            title=project.name,
            activity_date=dt.date(2025, 5, 20),
            year=2025,
            level="national",
            attendees=[person],
            lecturers=[],
            hours=Decimal("6"),
            credits=Decimal("2"),
            policy_id="national-2024",
        )


def test_credits_granted_in_the_ledger_for_an_overlapping_session_cost_this_ones(
    hospital_admin, wenzhou_office, offline_session, national_project, trainee_li
):
    other = _second_session(hospital_admin, wenzhou_office, national_project)
    register(trainee_li, offline_session)
    _signed_both_ways(trainee_li, offline_session)
    _grant(wenzhou_office, national_project, other, trainee_li.person)
    assert summary(offline_session) == [("李明", False, ["ATT_OVERLAP"], [])]


def test_a_voided_grant_no_longer_costs_anything(
    hospital_admin, wenzhou_office, offline_session, national_project, trainee_li
):
    from jijiao.credits.models import LedgerEntry

    other = _second_session(hospital_admin, wenzhou_office, national_project)
    register(trainee_li, offline_session)
    _signed_both_ways(trainee_li, offline_session)
    _grant(wenzhou_office, national_project, other, trainee_li.person)
    assert summary(offline_session)[0][2] == ["ATT_OVERLAP"]
    LedgerEntry.objects.filter(person=trainee_li.person).update(valid=False)
    assert summary(offline_session) == [("李明", True, [], [])]


# ---------------------------------------------------------------- the unit approves corrections


def _pending(hospital_admin, session, person):
    return correction_record(
        by=hospital_admin,
        session=session,
        person=person,
        field="sign_in",
        value_at=dt.datetime(2025, 5, 20, 8, 40, tzinfo=clock.SHANGHAI),
        reason="签到时间设置错误，纸质签到表为证",
        evidence=SimpleUploadedFile("签到表.png", PNG),
    )


def test_the_pi_cannot_approve_and_a_refusal_needs_a_reason(
    hospital_admin, offline_session, trainee_zhao, pi_zhang
):
    from django.core.exceptions import PermissionDenied

    register(trainee_zhao, offline_session)
    correction = _pending(hospital_admin, offline_session, trainee_zhao.person)
    with pytest.raises(PermissionDenied):
        correction_decide(by=pi_zhang, correction=correction, approve=True)
    other = second_admin(offline_session)
    with pytest.raises(DomainError, match="不同意时请填写原因"):
        correction_decide(by=other, correction=correction, approve=False)
    correction_decide(by=other, correction=correction, approve=False, reason="无本人签名")
    correction.refresh_from_db()
    assert (correction.state, correction.decision_reason) == ("rejected", "无本人签名")
    assert AuditEntry.objects.filter(action="attendance.correction_rejected").count() == 1


def test_the_second_admin_approves_on_the_corrections_page(
    client, hospital_admin, offline_session, trainee_zhao
):
    register(trainee_zhao, offline_session)
    scan_at(trainee_zhao, offline_session, 16, 40)
    correction = _pending(hospital_admin, offline_session, trainee_zhao.person)
    url = f"/attendance/sessions/{offline_session.pk}/corrections/"
    client.force_login(hospital_admin)
    page = client.get(url).content.decode()
    assert "待单位审核" in page
    assert "correction_decide" not in page and f"/corrections/{correction.pk}/decide/" not in page
    client.force_login(second_admin(offline_session))
    page = client.get(url).content.decode()
    assert f"/corrections/{correction.pk}/decide/" in page
    response = client.post(
        f"/attendance/sessions/{offline_session.pk}/corrections/{correction.pk}/decide/",
        {"action": "approve"},
        follow=True,
    )
    assert "已同意 赵静 的考勤更正，名单已按规则重新计算。" in response.content.decode()
    assert summary(offline_session) == [("赵静", True, [], [])]
