"""Filing through the workflow: the pack's deadline per level, the notice, the review."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.hosting.domain.filing import filing_attach_scan, filing_review, filing_submit
from jijiao.hosting.models import Filing, Session
from tests.hosting.conftest import START, at, make_session, ready_to_file

pytestmark = pytest.mark.django_db


def file_on(by, session, day: dt.date):
    with at(day):
        ready_to_file(by, session)
        return filing_submit(by=by, session=session)


def test_anyang_city_filed_ten_days_before_is_on_time(hospital_admin, city_project):
    session = make_session(hospital_admin, city_project, "anyang-2022")
    report = file_on(hospital_admin, session, START.date() - dt.timedelta(days=10))
    session.refresh_from_db()
    assert report["ok"] is True
    assert report["findings"] == []
    assert report["result"] == {"days_before": 10, "required_days": 10}
    assert session.state == Session.State.FILED
    assert session.filing.state == Filing.State.FILED
    assert session.filing.filed_on == dt.date(2025, 5, 10)
    assert session.filing.planned == {
        "start": "2025-05-20",
        "end": "2025-05-20",
        "starts_at": "2025-05-20T09:00:00+08:00",
        "ends_at": "2025-05-20T17:00:00+08:00",
        "venue": "本院学术报告厅",
        "scenic_area": False,
        "format": "offline",
        "days": 1.0,
        "hours": None,
        "teachers": ["张建华", "陈志强"],
    }


def test_anyang_city_filed_nine_days_before_is_refused_late(hospital_admin, city_project):
    session = make_session(hospital_admin, city_project, "anyang-2022")
    report = file_on(hospital_admin, session, START.date() - dt.timedelta(days=9))
    session.refresh_from_db()
    assert report["ok"] is False
    assert [(f["code"], f["severity"]) for f in report["findings"]] == [("FIL_LATE", "error")]
    assert report["findings"][0]["message"].startswith("举办前 9 天报备，应至少提前 10 天")
    assert session.state == Session.State.PLANNED
    assert session.filing.state == Filing.State.DRAFT
    assert session.filing.findings[0]["code"] == "FIL_LATE"
    refused = AuditEntry.objects.get(action="filing.refused")
    assert refused.data == {"codes": ["FIL_LATE"]}


def test_national_2024_filed_thirteen_days_before_is_filed_with_warning(
    hospital_admin, national_project
):
    session = make_session(hospital_admin, national_project, "national-2024")
    report = file_on(hospital_admin, session, START.date() - dt.timedelta(days=13))
    session.refresh_from_db()
    assert report["ok"] is True
    assert [(f["code"], f["severity"]) for f in report["findings"]] == [("FIL_LATE", "warning")]
    assert report["result"] == {"days_before": 13, "required_days": 14}
    assert session.state == Session.State.FILED
    assert session.filing.findings[0]["code"] == "FIL_LATE"


def test_national_2024_fourteen_days_before_has_no_finding(hospital_admin, national_project):
    session = make_session(hospital_admin, national_project, "national-2024")
    report = file_on(hospital_admin, session, START.date() - dt.timedelta(days=14))
    assert report["findings"] == []
    assert report["result"] == {"days_before": 14, "required_days": 14}


def test_anyang_notice_missing_contact_is_refused(hospital_admin, city_project):
    from jijiao.hosting.domain.filing import filing_save

    session = make_session(hospital_admin, city_project, "anyang-2022")
    with at(dt.date(2025, 5, 1)):
        ready_to_file(hospital_admin, session)
        filing_save(by=hospital_admin, session=session, fields={"contact": "", "phone": ""})
        report = filing_submit(by=hospital_admin, session=session)
    assert [f["code"] for f in report["findings"]] == ["FIL_NOTICE_FIELD_MISSING"]
    assert report["findings"][0]["message"].startswith("举办通知未注明联系人、联系电话")


def test_notice_with_another_number_is_refused_as_mismatch(hospital_admin, national_project):
    from jijiao.hosting.domain.filing import filing_save

    session = make_session(hospital_admin, national_project, "national-2024")
    with at(dt.date(2025, 5, 1)):
        ready_to_file(hospital_admin, session)
        filing_save(by=hospital_admin, session=session, fields={"notice_number": "2025-03-01-002"})
        report = filing_submit(by=hospital_admin, session=session)
    assert report["ok"] is False
    assert [f["code"] for f in report["findings"]] == ["FIL_NOTICE_MISMATCH"]


def test_filing_without_stamped_scan_is_refused(hospital_admin, city_project):
    from jijiao.hosting.domain.filing import filing_save

    session = make_session(hospital_admin, city_project, "anyang-2022")
    filing_save(by=hospital_admin, session=session, fields={"contact": "李超"})
    with pytest.raises(DomainError, match="加盖主办单位公章的举办通知扫描件"):
        filing_submit(by=hospital_admin, session=session)


def test_scan_that_is_not_pdf_jpg_or_png_is_refused_by_content(hospital_admin, city_project):
    session = make_session(hospital_admin, city_project, "anyang-2022")
    fake = SimpleUploadedFile("通知.pdf", b"PK\x03\x04 a zip file named .pdf")
    with pytest.raises(DomainError, match=r"只能上传 PDF、JPG、PNG 文件.*收到的是 ZIP 压缩文件"):
        filing_attach_scan(by=hospital_admin, session=session, upload=fake)


def test_scan_over_15_mb_is_refused(hospital_admin, city_project):
    session = make_session(hospital_admin, city_project, "anyang-2022")
    big = SimpleUploadedFile("通知.png", b"\x89PNG\r\n\x1a\n" + b"0" * (15 * 1024 * 1024))
    with pytest.raises(DomainError, match="超过 15 MB"):
        filing_attach_scan(by=hospital_admin, session=session, upload=big)


def test_office_accepts_and_returns_filings(hospital_admin, wenzhou_office, city_project):
    first = make_session(hospital_admin, city_project, "anyang-2022")
    second = make_session(
        hospital_admin, city_project, "anyang-2022", start=START + dt.timedelta(days=30)
    )
    file_on(hospital_admin, first, dt.date(2025, 5, 1))
    file_on(hospital_admin, second, dt.date(2025, 5, 1))
    filing_review(by=wenzhou_office, session=first, accept=True)
    with pytest.raises(DomainError, match="退回须填写原因"):
        filing_review(by=wenzhou_office, session=second, accept=False)
    filing_review(by=wenzhou_office, session=second, accept=False, note="日程缺少授课教师")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("accepted", "returned")
    assert second.filing.review_note == "日程缺少授课教师"


def test_host_cannot_review_own_filing(hospital_admin, city_project):
    session = make_session(hospital_admin, city_project, "anyang-2022")
    file_on(hospital_admin, session, dt.date(2025, 5, 1))
    with pytest.raises(PermissionDenied):
        filing_review(by=hospital_admin, session=session, accept=True)


def test_an_imported_projects_planned_hours_come_from_its_filing(hospital_admin, city_project):
    """附件4 1.2.4 for remote sessions compares 学时: an imported project (no application)
    takes them from what the host filed, and keeps them when the session changes later."""
    from jijiao.execution.facts import planned_hours
    from jijiao.hosting.models import Session as SessionModel

    assert city_project.application is None
    session = make_session(hospital_admin, city_project, "anyang-2022", hours="12")
    assert planned_hours(session) == 12.0
    file_on(hospital_admin, session, START.date() - dt.timedelta(days=10))
    SessionModel.objects.filter(pk=session.pk).update(hours="6")
    session.refresh_from_db()
    assert session.filing.planned["hours"] == 12.0
    assert planned_hours(session) == 12.0
