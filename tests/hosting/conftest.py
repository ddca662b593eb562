"""Published projects to host: one city project of our own list under the Anyang pack, one
national project imported into the list. Sessions start on 2025-05-20 09:00 (Shanghai)."""

import datetime as dt

import pytest
import time_machine

from jijiao.common import clock
from jijiao.hosting.domain.filing import filing_attach_scan, filing_save
from jijiao.hosting.domain.sessions import session_create
from tests.factories.projects import PublishedProjectFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
START = dt.datetime(2025, 5, 20, 9, 0, tzinfo=clock.SHANGHAI)


def at(day: dt.date, hour: int = 10):
    """Freeze the clock on a day (Shanghai)."""
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=clock.SHANGHAI), tick=False
    )


@pytest.fixture
def city_project(wenzhou_office_unit, wenzhou_office, city_hospital):
    return PublishedProjectFactory(
        publication__office=wenzhou_office_unit,
        publication__published_by=wenzhou_office,
        level="city",
        number="2025-03-01-007",
        name="基层心血管病规范化诊疗培训班",
        host=city_hospital,
        enrollment=120,
        note="共 2 期",
        credits="4.0",
    )


@pytest.fixture
def national_project(wenzhou_office_unit, wenzhou_office, city_hospital):
    return PublishedProjectFactory(
        publication__office=wenzhou_office_unit,
        publication__published_by=wenzhou_office,
        level="national",
        number="2025-03-01-001（国）",
        name="心力衰竭诊疗进展学习班",
        host=city_hospital,
        enrollment=200,
        credits="10.0",
    )


@pytest.fixture
def lucheng_project(wenzhou_office_unit, wenzhou_office, lucheng_hospital):
    return PublishedProjectFactory(
        publication__office=wenzhou_office_unit,
        publication__published_by=wenzhou_office,
        level="city",
        number="2025-10-01-003",
        name="基层护理技能培训班",
        host=lucheng_hospital,
        leader_name="王丽华",
        venue="鹿城区人民医院",
        enrollment=60,
        discipline="",
    )


def session_fields(start=START, **changes) -> dict:
    fields = {
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=8),
        "venue": "本院学术报告厅",
        "scenic_area": False,
        "format": "offline",
        "days": 1,
        "capacity": 120,
        "teachers": "张建华\n陈志强",
        "schedule": "09:00 开班\n09:30 高血压规范化管理",
    }
    fields.update(changes)
    return fields


def make_session(by, project, policy_id: str, **changes):
    return session_create(
        by=by, project=project, fields=session_fields(**changes), policy_id=policy_id
    )


def ready_to_file(by, session):
    """The notice as issued (every field the Anyang pack asks for) and its stamped scan."""
    project = session.project
    start = clock.local(session.starts_at).date()
    filing_save(
        by=by,
        session=session,
        fields={
            "notice_name": project.name,
            "notice_number": project.number,
            "notice_host": project.host_name,
            "fee_statement": "不收费",
            "registration_date": start,
            "notice_start": start,
            "notice_end": clock.local(session.ends_at).date(),
            "notice_format": "线下",
            "notice_venue": session.venue,
            "contact": "李超",
            "phone": "0577-88888888",
        },
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    filing_attach_scan(by=by, session=session, upload=SimpleUploadedFile("通知.pdf", PDF))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
