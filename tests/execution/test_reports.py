"""The report through the workflow: pre-filled from the filing and its changes, materials by
the pack, submission, the offices' review, and the grant of credits."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.credits.models import Certificate, LedgerEntry
from jijiao.execution.domain.common import report_for
from jijiao.execution.domain.reports import report_add_file, report_save, report_submit
from jijiao.execution.domain.review import report_review
from jijiao.execution.facts import planned_values
from jijiao.execution.models import ExecutionReport, SessionScore
from jijiao.hosting.domain.sessions import session_update
from jijiao.orgs.models import Role, Unit
from tests.execution.conftest import END, FILED, START
from tests.execution.helpers import (
    JPG,
    MP4,
    PDF,
    attend,
    full_report,
    plan_and_file,
    published,
    travel,
    upload,
)
from tests.factories import AccountFactory, OfficeFactory, grant

pytestmark = pytest.mark.django_db


def submitted(host, session, day=END + dt.timedelta(days=3), **fields):
    with travel(day):
        full_report(host, session, **fields)
        return report_submit(by=host, session=session)


def test_report_is_prefilled_from_the_filing_and_its_recorded_changes(hospital_admin, session):
    with travel(FILED + dt.timedelta(days=2)):
        session_update(
            by=hospital_admin,
            session=session,
            fields={"venue": "温州国际会展中心", "teachers": "张建华\n林晓东"},
            reason="报告厅维修",
        )
    report = report_for(session)
    assert report.pk is None
    assert (report.actual_start, report.actual_end) == (START, END)
    assert report.venue == "温州国际会展中心"
    assert report.venue_province == "浙江"
    planned = planned_values(session)
    assert planned["venue"] == "本院学术报告厅"
    assert planned["teachers"] == ["张建华", "陈志强"]
    with travel(END + dt.timedelta(days=1)):
        saved = report_save(by=hospital_admin, session=session, fields={"analysis": "达到预期"})
    assert [t.teacher_name for t in saved.topics.all()] == ["张建华", "林晓东"]


def test_a_report_is_submitted_only_after_the_session_ends(hospital_admin, held):
    with travel(END, 12):
        full_report(hospital_admin, held)
        with pytest.raises(DomainError, match="结束后才能上报"):
            report_submit(by=hospital_admin, session=held)


def test_missing_materials_refuse_the_submission_with_the_pack_s_list(
    hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital, pi_zhang_person
):
    project = published(wenzhou_office_unit, wenzhou_office, city_hospital, year=2022)
    session = plan_and_file(
        hospital_admin,
        wenzhou_office,
        project,
        "anyang-2022",
        start=dt.date(2022, 6, 10),
        end=dt.date(2022, 6, 11),
        filed_on=dt.date(2022, 5, 20),
    )
    with travel(dt.date(2022, 6, 12)):
        report_save(by=hospital_admin, session=session, fields={"analysis": "良好"})
        outcome = report_submit(by=hospital_admin, session=session)
    assert outcome["ok"] is False
    assert [f["code"] for f in outcome["findings"]] == ["EXE_MATERIAL_MISSING"]
    message = outcome["findings"][0]["message"]
    assert message.startswith(
        "执行情况缺少会场照片（显示会议条幅）、会场照片（学员全景）、会场视频、学员名册、"
        "教材使用情况、考试试题"
    )
    assert "安阳市继委2022年项目通知 五" in message
    report = ExecutionReport.objects.get(session=session)
    assert report.state == "draft" and report.reported_on is None
    assert AuditEntry.objects.filter(action="execution.report_refused").count() == 1


def test_uploads_are_checked_by_content_and_size(hospital_admin, held):
    with travel(END + dt.timedelta(days=1)):
        with pytest.raises(DomainError, match=r"只能上传 JPG、PNG 文件.*收到的是 PDF 文件"):
            report_add_file(
                by=hospital_admin, session=held, kind="banner_photo", upload=upload("条幅.jpg", PDF)
            )
        too_big = upload("全景.jpg", JPG + b"\x00" * (15 * 1024 * 1024))
        with pytest.raises(DomainError, match=r"且不超过 15 MB；收到的文件有 15\.0 MB"):
            report_add_file(by=hospital_admin, session=held, kind="full_view_photo", upload=too_big)
        video = report_add_file(
            by=hospital_admin, session=held, kind="video", upload=upload("会场.bin", MP4)
        )
    assert (video.content_type, video.file.name.endswith(".mp4")) == ("video/mp4", True)
    assert len(video.sha256) == 64


def test_accepting_grants_each_attendee_and_the_lecturer_once(
    hospital_admin, wenzhou_office, held, people, pi_zhang_person
):
    assert submitted(hospital_admin, held)["ok"] is True
    with travel(END + dt.timedelta(days=5)):
        report = report_review(by=wenzhou_office, session=held, action="accept")
        again = report_review(by=wenzhou_office, session=held, action="accept")
    assert report.state == again.state == "accepted"
    assert report.credited is True
    attendee_rows = LedgerEntry.objects.filter(source_type="session")
    assert sorted(attendee_rows.values_list("person_id", flat=True)) == sorted(p.pk for p in people)
    for row in attendee_rows:
        assert (row.credits, row.credit_class, row.credit_level) == (
            Decimal("6.0"),
            "I",
            "national",
        )
        assert row.hours == Decimal("3.00")  # two topics of 1.5 学时
        assert row.activity_date == END and row.year == 2024
    lecturer = LedgerEntry.objects.get(source_type="session_lecture")
    # 张建华 is the leader the system knows; 1.5 学时 at national-2024's 2 credits per 学时.
    assert (lecturer.person, lecturer.credits) == (pi_zhang_person, Decimal("3.0"))
    assert LedgerEntry.objects.count() == len(people) + 1
    assert Certificate.objects.count() == len(people) + 1
    assert report.grant == {
        "attendees": 6,
        "lecturers": 1,
        "created": 7,
        "existing": 0,
        "credits": "6.0",
    }
    assert AuditEntry.objects.filter(action="credits.session_granted").count() == 2


def test_a_late_report_under_anyang_is_accepted_but_grants_nothing(
    hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital, pi_zhang_person
):
    project = published(wenzhou_office_unit, wenzhou_office, city_hospital, year=2022)
    session = plan_and_file(
        hospital_admin,
        wenzhou_office,
        project,
        "anyang-2022",
        start=dt.date(2022, 6, 10),
        end=dt.date(2022, 6, 11),
        filed_on=dt.date(2022, 5, 20),
    )
    attend(hospital_admin, session, [pi_zhang_person])
    outcome = submitted(hospital_admin, session, day=dt.date(2022, 6, 26), video=True)
    assert outcome["ok"] is True
    assert [(f["code"], f["severity"]) for f in outcome["findings"]] == [("EXE_LATE", "error")]
    assert outcome["findings"][0]["message"].startswith("举办结束后 15 天上报执行情况，超过 14 天")
    with travel(dt.date(2022, 6, 28)):
        report = report_review(by=wenzhou_office, session=session, action="accept")
    assert report.state == "accepted" and report.credited is False
    assert report.no_credit_reason.startswith("逾期上报执行情况，按政策包不授予学分：EXE_LATE")
    assert LedgerEntry.objects.count() == 0
    assert AuditEntry.objects.filter(action="execution.credits_withheld").count() == 1


def test_a_late_report_under_national_2024_only_loses_score_points(
    hospital_admin, wenzhou_office, held, people
):
    outcome = submitted(hospital_admin, held, day=END + dt.timedelta(days=20))
    assert [(f["code"], f["severity"]) for f in outcome["findings"]] == [("EXE_LATE", "warning")]
    with travel(END + dt.timedelta(days=21)):
        report = report_review(by=wenzhou_office, session=held, action="accept")
    assert report.credited is True
    assert LedgerEntry.objects.filter(source_type="session").count() == len(people)
    score = SessionScore.objects.get(session=held)
    assert score.items["1.1.2"] == 5
    assert score.policy_id == "national-2024"


def test_a_returned_report_is_resubmitted_with_its_first_report_date(
    hospital_admin, wenzhou_office, held
):
    submitted(hospital_admin, held, day=END + dt.timedelta(days=3))
    with travel(END + dt.timedelta(days=4)):
        with pytest.raises(DomainError, match="须填写审核意见"):
            report_review(by=wenzhou_office, session=held, action="return")
        report_review(by=wenzhou_office, session=held, action="return", note="请补充试题答案")
    with travel(END + dt.timedelta(days=30)):
        report_save(by=hospital_admin, session=held, fields={"problems": "已补充"})
        outcome = report_submit(by=hospital_admin, session=held)
    report = ExecutionReport.objects.get(session=held)
    assert outcome["findings"] == []
    assert report.reported_on == END + dt.timedelta(days=3)
    assert list(report.decisions.values_list("action", "note")) == [("returned", "请补充试题答案")]


def test_a_rejected_report_grants_nothing(hospital_admin, wenzhou_office, held):
    submitted(hospital_admin, held)
    with travel(END + dt.timedelta(days=5)):
        report = report_review(by=wenzhou_office, session=held, action="reject", note="材料虚假")
        with pytest.raises(PermissionDenied):
            report_review(by=wenzhou_office, session=held, action="accept")
    assert report.state == "rejected"
    assert LedgerEntry.objects.count() == 0


def test_national_reports_go_to_the_city_then_the_province(
    hospital_admin, wenzhou_office, wenzhou_office_unit, held, people
):
    province_unit = OfficeFactory(
        name="浙江省继委办",
        office_level=Unit.OfficeLevel.PROVINCE,
        division=wenzhou_office_unit.division.parent,
    )
    wenzhou_office_unit.supervisor = province_unit
    wenzhou_office_unit.save()
    province = grant(
        AccountFactory(username="zhejiang_office"), Role.PROVINCE_OFFICE, province_unit
    )
    submitted(hospital_admin, held)
    report = ExecutionReport.objects.get(session=held)
    assert [s["name"] for s in report.chain] == ["温州市继教办", "浙江省继委办"]
    with travel(END + dt.timedelta(days=5)):
        with pytest.raises(PermissionDenied):
            report_review(by=province, session=held, action="accept")
        report = report_review(by=wenzhou_office, session=held, action="accept")
        assert (report.state, report.stage["name"]) == ("submitted", "浙江省继委办")
        assert LedgerEntry.objects.count() == 0
        report = report_review(by=province, session=held, action="accept")
    assert report.state == "accepted"
    assert LedgerEntry.objects.filter(source_type="session").count() == len(people)


def test_only_the_host_writes_and_only_the_office_at_the_stage_reviews(
    hospital_admin, lucheng_admin, wenzhou_office, held
):
    with travel(END + dt.timedelta(days=1)):
        with pytest.raises(PermissionDenied):
            report_save(by=lucheng_admin, session=held, fields={"analysis": "x"})
        with pytest.raises(PermissionDenied):
            report_save(by=wenzhou_office, session=held, fields={"analysis": "x"})
    submitted(hospital_admin, held)
    with pytest.raises(PermissionDenied):
        report_review(by=hospital_admin, session=held, action="accept")
    with pytest.raises(DomainError, match="已上报，审核中，不能修改"):
        report_save(by=hospital_admin, session=held, fields={"analysis": "改"})


def test_planned_is_the_arrangement_kept_with_the_filing_or_the_changes_undone(
    hospital_admin, session
):
    with travel(FILED + dt.timedelta(days=2)):
        session_update(
            by=hospital_admin,
            session=session,
            fields={"venue": "温州国际会展中心", "days": "2.5"},
            reason="报告厅维修",
        )
    kept = planned_values(session)
    session.filing.planned = {}  # a filing made before hosting kept the arrangement
    session.filing.save(update_fields=["planned"])
    undone = planned_values(session)
    assert kept == undone
    assert (kept["venue"], kept["days"], kept["format"]) == (
        "本院学术报告厅",
        Decimal("3"),
        "offline",
    )
    assert kept["starts_at"].isoformat() == "2024-05-10T09:00:00+08:00"
