"""Executed sessions built through the domain functions: a published project, its session
planned and filed (the office accepts the filing), changes recorded, trainees registered and
signed in and out (an offline device's upload), the evaluation answered, the report written."""

import datetime as dt
import itertools

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.attendance.domain.registrations import registration_create, window_add
from jijiao.attendance.domain.scans import OfflineScan, scans_upload
from jijiao.attendance.models import CheckWindow
from jijiao.attendance.tokens import person_code
from jijiao.common import clock
from jijiao.execution.domain.reports import report_add_file, report_add_textbook, report_save
from jijiao.execution.domain.surveys import survey_answer
from jijiao.hosting.domain.filing import filing_review, filing_submit
from jijiao.hosting.domain.sessions import session_create
from jijiao.orgs.models import Account, Division, Person, Role, Unit
from tests.factories import AccountFactory, PersonFactory, UnitFactory, grant
from tests.factories.projects import PublishedProjectFactory
from tests.hosting.conftest import ready_to_file

SH = clock.SHANGHAI
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_nonces = itertools.count(1)


def moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SH)


def travel(day: dt.date, hour: int = 10, minute: int = 0):
    return time_machine.travel(moment(day, hour, minute), tick=False)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def published(office_unit, office, host: Unit, *, level="national", year=2024, **fields):
    values = {
        "number": f"{year}-03-01-001（国）",
        "name": "心力衰竭诊疗进展学习班",
        "credits": "6.0",
        "enrollment": 200,
    }
    values.update(fields)
    return PublishedProjectFactory(
        publication__office=office_unit,
        publication__published_by=office,
        level=level,
        year=year,
        host=host,
        **values,
    )


def plan_and_file(
    host,
    office,
    project,
    policy_id: str,
    *,
    start: dt.date,
    end: dt.date,
    filed_on: dt.date,
    teachers=("张建华", "陈志强"),
    venue="本院学术报告厅",
    days=None,
    capacity=500,
):
    """A session from ``start`` 09:00 to ``end`` 17:00, filed on ``filed_on`` and accepted."""
    with travel(filed_on):
        session = session_create(
            by=host,
            project=project,
            policy_id=policy_id,
            fields={
                "starts_at": moment(start, 9),
                "ends_at": moment(end, 17),
                "venue": venue,
                "scenic_area": False,
                "format": "offline",
                "days": days if days is not None else (end - start).days + 1,
                "capacity": capacity,
                "teachers": "\n".join(teachers),
            },
        )
        ready_to_file(host, session)
        filing_submit(by=host, session=session)
        filing_review(by=office, session=session, accept=True)
    session.refresh_from_db()
    return session


_units: dict[str, Unit] = {}


def unit_in(province: str) -> Unit:
    """A hospital in a province (by its short name), made once per test database."""
    division = Division.objects.get(level="province", name__startswith=province)
    unit = Unit.objects.filter(division=division, name=f"{province}某医院").first()
    return unit or UnitFactory(name=f"{province}某医院", division=division)


def trainees(province_counts: dict[str, int], host_unit: Unit | None = None) -> list[Person]:
    """People per province; those of the host's province work at the host."""
    people = []
    for province, count in province_counts.items():
        if host_unit is not None and host_unit.division.province.name.startswith(province):
            unit = host_unit
        else:
            unit = unit_in(province)
        people += [PersonFactory(name=f"{province}学员{i}", unit=unit) for i in range(count)]
    return people


def account_for(person: Person):
    """The person's trainee account (made on first use)."""
    existing = Account.objects.filter(person=person).first()
    if existing is not None:
        return existing
    account = AccountFactory(username=f"t{person.pk}", person=person)
    return grant(account, Role.TRAINEE, person.unit)


def add_windows(host, session, start: dt.date, end: dt.date) -> None:
    window_add(
        by=host,
        session=session,
        kind="in",
        opens_at=moment(start, 8),
        closes_at=moment(start, 9, 30),
    )
    window_add(
        by=host,
        session=session,
        kind="out",
        opens_at=moment(end, 16, 30),
        closes_at=moment(end, 17, 30),
    )


def attend(host, session, people, *, sign_out=True) -> None:
    """Register before the start, one sign-in window on the first day and one sign-out window
    on the last; the offline device uploads everyone's scans."""
    start = clock.local(session.starts_at).date()
    end = clock.local(session.ends_at).date()
    before = start - dt.timedelta(days=1)
    with travel(before):
        if not CheckWindow.objects.filter(session=session).exists():
            add_windows(host, session, start, end)
        for person in people:
            registration_create(by=host, session=session, person=person)
    with travel(start, 9, 45):
        scans_upload(
            by=host,
            session=session,
            scans=[
                OfflineScan(f"n{next(_nonces)}", person_code(p.pk), moment(start, 8, 30))
                for p in people
            ],
        )
    if sign_out:
        with travel(end, 17, 35):
            scans_upload(
                by=host,
                session=session,
                scans=[
                    OfflineScan(f"n{next(_nonces)}", person_code(p.pk), moment(end, 17, 0))
                    for p in people
                ],
            )


def answers_for(counts: dict[str, list[int]]) -> list[dict]:
    """Answer sheets giving exactly these counts per option (question 7: options 1 and 2)."""
    total = sum(counts["q1"])
    sheets = [{"q7": [0, 1]} for _ in range(total)]
    for question, per_option in counts.items():
        assert sum(per_option) == total, f"{question} 的人数合计须为 {total}"
        options = [i for i, n in enumerate(per_option) for _ in range(n)]
        for sheet, option in zip(sheets, options, strict=True):
            sheet[question] = option
    return sheets


def evaluate(survey, people, sheets) -> None:
    for person, sheet in zip(people, sheets, strict=False):
        survey_answer(by=account_for(person), survey=survey, answers=sheet)


def full_report(host, session, *, topics=None, video=False, **fields) -> None:
    """The report as a host files it: the actual facts, topics, the summary, photos, exam
    questions and a textbook."""
    values = {"analysis": "学员反映内容实用，达到预期效果。", "problems": "建议增加病例讨论。"}
    values.update(fields)
    if topics is None:
        topics = [
            {"topic": f"专题{i}", "teacher_name": name, "hours": "1.5"}
            for i, name in enumerate(session.teacher_names, start=1)
        ]
    report_save(by=host, session=session, fields=values, topics=topics)
    report_add_file(by=host, session=session, kind="banner_photo", upload=upload("条幅.jpg", JPG))
    report_add_file(
        by=host, session=session, kind="full_view_photo", upload=upload("全景.png", PNG)
    )
    report_add_file(by=host, session=session, kind="exam_questions", upload=upload("试题.pdf", PDF))
    if video:
        report_add_file(by=host, session=session, kind="video", upload=upload("会场.mp4", MP4))
    report_add_textbook(
        by=host,
        session=session,
        fields={
            "name": "心力衰竭诊疗进展讲义",
            "written_on": dt.date(2024, 3, 1),
            "authors": "温州市第一人民医院心内科",
            "form": "text",
            "word_count": 50000,
            "hours": "6",
            "contents": "一、心力衰竭的分型；二、药物治疗进展；三、器械治疗。",
        },
    )
