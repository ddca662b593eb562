"""From the records to the plain documents the pure rules read: the execution report of
``rules.execution`` (EXE_*) and the ``execution-score`` document of contract.md.

This module only gathers facts; the rules decide. "Planned" is the session as filed: the
arrangement hosting keeps with the filing (for older filings, the current values with every
change recorded since undone — hosting records the value before each change). "Actual" is what
the report states, pre-filled from the session as it now stands (the filing plus its recorded
changes); before a report exists the session as it stands is taken as held so far.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Count

from jijiao.attendance.facts import eligibility
from jijiao.attendance.models import AttendanceCorrection, Mark, Registration, WatchInterval
from jijiao.common import clock
from jijiao.engine.rules.execution import ExecutionReport as ExecutionFacts
from jijiao.execution.models import ExecutionReport, ReportFile, Survey, SurveyAnswer
from jijiao.execution.vocab import (
    FORMAT_MODE,
    Q7_OPTIONS,
    QUESTIONS,
    UNKNOWN_PROVINCE,
    province_short,
)
from jijiao.hosting.models import Filing, Session
from jijiao.orgs.models import Person
from jijiao.projects.models import Format

_FORMAT_BY_LABEL = {str(label): value for value, label in Format.choices}


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _names(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def current_values(session: Session) -> dict[str, Any]:
    return {
        "starts_at": clock.local(session.starts_at),
        "ends_at": clock.local(session.ends_at),
        "venue": session.venue,
        "scenic_area": session.scenic_area,
        "format": session.format,
        "days": session.days,
        "teachers": session.teacher_names,
    }


def _parse_before(field: str, text: str) -> Any:
    """A value as hosting shows it in a SessionChange (``_shown``), back to the value."""
    if field in ("starts_at", "ends_at"):
        return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=clock.SHANGHAI)
    if field == "scenic_area":
        return text == "是"
    if field == "format":
        return _FORMAT_BY_LABEL.get(text, text)
    if field == "days":
        return Decimal(text)
    if field == "teachers":
        return [name.strip() for name in text.split("、") if name.strip()]
    return text


def filing_of(session: Session) -> Filing | None:
    return Filing.objects.filter(session=session).first()


def planned_values(session: Session, filing: Filing | None = None) -> dict[str, Any]:
    """The session as filed: the arrangement hosting keeps with the filing, or — for a filing
    made before it kept one — the session with the changes recorded since the filing undone,
    latest first."""
    filing = filing or filing_of(session)
    kept = filing.planned if filing is not None else None
    if kept:
        return {
            "starts_at": clock.local(dt.datetime.fromisoformat(kept["starts_at"])),
            "ends_at": clock.local(dt.datetime.fromisoformat(kept["ends_at"])),
            "venue": kept["venue"],
            "scenic_area": kept["scenic_area"],
            "format": kept["format"],
            "days": Decimal(str(kept["days"])),
            "teachers": list(kept["teachers"]),
        }
    values = current_values(session)
    changes = session.changes.order_by("-at", "-id")
    if filing is not None and filing.filed_at is not None:
        changes = changes.filter(at__gte=filing.filed_at)
    for change in changes:
        values[change.field] = _parse_before(change.field, change.before)
    return values


def format_change(planned: str, actual: str) -> str:
    """附件4 1.2.3: the same format is not adjusted; offline ↔ online is fully adjusted; a move
    to or from blended is partly adjusted."""
    if planned == actual:
        return "none"
    if {planned, actual} == {Format.OFFLINE, Format.ONLINE}:
        return "full"
    return "partial"


def leader_name(session: Session) -> str:
    application = getattr(session.project, "application", None)
    if application is not None:
        return application.pi.name
    return session.project.leader_name


def host_province(session: Session) -> str:
    host = session.project.host
    return province_short(host.division.province.name) if host is not None else ""


def person_province(person: Person) -> str:
    return province_short(person.province_name) or UNKNOWN_PROVINCE


def attended(session: Session, person: Person) -> bool:
    """Registered and seen at the session: a sign-in or sign-out, watched minutes, or a
    correction by the host."""
    registered = Registration.objects.filter(
        session=session, person=person, state=Registration.State.REGISTERED
    ).exists()
    if not registered:
        return False
    return (
        Mark.objects.filter(session=session, person=person).exists()
        or WatchInterval.objects.filter(session=session, person=person).exists()
        or AttendanceCorrection.objects.filter(session=session, person=person).exists()
    )


def attendee_rows(session: Session) -> list:
    """The attendance list with each attendee's eligibility (the ATT_* rules)."""
    return eligibility(session)["rows"]


def eligible_people(rows) -> list[Person]:
    return [row.person for row in rows if row.eligible]


def trainees_by_province(rows) -> tuple[dict[str, int], int]:
    """Eligible attendees per province (short names), and how many have no known province
    (left out of the rubric's shares)."""
    counts = Counter(person_province(p) for p in eligible_people(rows))
    unknown = counts.pop(UNKNOWN_PROVINCE, 0)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))), unknown


def survey_counts(survey: Survey | None) -> dict[str, Any] | None:
    """Counts per option of questions 1–6 (form order), of the five options of question 7, and
    the number of answers."""
    if survey is None:
        return None
    counts: dict[str, Any] = {}
    answers = SurveyAnswer.objects.filter(survey=survey)
    for name, _text, options in QUESTIONS:
        found = dict(answers.values_list(name).annotate(n=Count("pk")).values_list(name, "n"))
        counts[name] = [found.get(i, 0) for i in range(len(options))]
    q7 = [0] * len(Q7_OPTIONS)
    for column in ("q7a", "q7b"):
        for option, n in (
            answers.values_list(column).annotate(n=Count("pk")).values_list(column, "n")
        ):
            q7[option] += n
    counts["q7"] = q7
    counts["answers"] = sum(counts["q1"])
    return counts


def report_of(session: Session) -> ExecutionReport | None:
    return ExecutionReport.objects.filter(session=session).first()


def teacher_names(report: ExecutionReport) -> list[str]:
    """The distinct teachers of the report's topics, in order."""
    seen: list[str] = []
    for topic in report.topics.all():
        if topic.teacher_name and topic.teacher_name not in seen:
            seen.append(topic.teacher_name)
    return seen


def planned_hours(session: Session) -> int | float | None:
    """The planned 学时 附件4 1.2.4 compares (remote): the application's teaching hours, else —
    for an imported project, the usual case — the 学时 of the imported list when it gives
    them, else those the host gave when filing (kept with the filing), else the session's
    own. None when none is known (the item then scores as the pack says for a missing value);
    no minutes-per-学时 is assumed."""
    application = getattr(session.project, "application", None)
    hours = (application.figures or {}).get("teaching_hours") if application else None
    if isinstance(hours, int | float):
        return hours
    if session.project.planned_hours is not None:
        return _number(session.project.planned_hours)
    filing = filing_of(session)
    kept = (filing.planned or {}).get("hours") if filing is not None else None
    if isinstance(kept, int | float):
        return kept
    return float(session.hours) if session.hours is not None else None


def planned_days(session: Session, planned: dict[str, Any]) -> int | float | None:
    """The planned days 附件4 1.2.4 compares (face-to-face): the imported list's days when it
    gives them, else the days as filed."""
    if session.project.planned_days is not None:
        return _number(session.project.planned_days)
    return _number(planned["days"])


def score_mode(session: Session, planned_format: str) -> str:
    application = getattr(session.project, "application", None)
    return FORMAT_MODE[application.format if application is not None else planned_format]


def score_documents(session: Session, rows=None) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(project, session)`` parts of the ``execution-score`` document for one session."""
    filing = filing_of(session)
    report = report_of(session)
    planned = planned_values(session, filing)
    current = current_values(session)
    rows = attendee_rows(session) if rows is None else rows
    by_province, _unknown = trainees_by_province(rows)
    survey = Survey.objects.filter(session=session).first()
    counts = survey_counts(survey)
    mode = score_mode(session, planned["format"])
    held = None
    if report is not None:
        held = report.held
        actual_teachers = teacher_names(report)
        actual = {
            "start": _iso(report.actual_start),
            "end": _iso(report.actual_end),
            "venue": report.venue or None,
            "scenic_area": report.scenic_area,
            "format_change": format_change(planned["format"], report.format),
            "days": _number(report.actual_days),
            "hours": _number(report.actual_hours),
            "teachers": actual_teachers,
        }
    else:
        actual_teachers = current["teachers"]
        actual = {
            "start": _iso(current["starts_at"].date()),
            "end": _iso(current["ends_at"].date()),
            "venue": current["venue"],
            "scenic_area": current["scenic_area"],
            "format_change": format_change(planned["format"], current["format"]),
            "days": _number(current["days"]),
            "hours": None,
            "teachers": actual_teachers,
        }
    reported = report is not None and report.reported_on is not None
    remote = mode == "remote"
    controls = None
    if remote and report is not None and report.courseware_controls is not None:
        value = report.courseware_controls
        controls = {"no_seek": value, "no_parallel": value, "presence_check": value}
    document = {
        "held": held,
        "planned": {
            "start": _iso(planned["starts_at"].date()),
            "end": _iso(planned["ends_at"].date()),
            "venue": planned["venue"],
            "days": planned_days(session, planned),
            "hours": planned_hours(session),
            "teachers": planned["teachers"],
        },
        "filed_on": _iso(filing.filed_on) if filing is not None else None,
        "actual": None if held is False else actual,
        "reported_on": _iso(report.reported_on) if reported else None,
        "pi_taught": leader_name(session) in actual_teachers,
        "venue_province": (report.venue_province if report else "") or host_province(session),
        "upload_cycle_months": report.upload_cycle_months if remote and report else None,
        "video_controls": controls,
        "trainees_by_province": by_province,
        "survey": {name: counts[name] for name, *_ in QUESTIONS} if counts else None,
    }
    project = {"mode": mode, "unit_province": host_province(session) or None}
    return project, document


def materials_of(report: ExecutionReport, rows) -> frozenset[str]:
    """The materials the report carries, by the names of ``EXE_MATERIAL_MISSING``: the photos,
    video and exam questions uploaded, the attendee list (from attendance, or an uploaded
    signed list), the written summary and the textbooks."""
    if report.pk is None:  # an unsaved, pre-filled report carries nothing yet
        return frozenset({"attendee_list"} if eligible_people(rows) else ())
    kinds = set(report.files.values_list("kind", flat=True))
    present = kinds & {
        "banner_photo",
        "full_view_photo",
        "video",
        "exam_questions",
        "screen_recording",
    }
    if eligible_people(rows) or ReportFile.Kind.ATTENDEE_LIST in kinds:
        present.add("attendee_list")
    if report.analysis.strip():
        present.add("summary")
    if report.textbooks.exists():
        present.add("textbook_use")
    return frozenset(present)


def execution_facts(report: ExecutionReport, *, reported_on: dt.date, rows=None) -> ExecutionFacts:
    """The report as the EXE_* rules read it. A session not held needs no materials."""
    session = report.session
    project = session.project
    rows = attendee_rows(session) if rows is None else rows
    people = eligible_people(rows)
    host = project.host
    end = report.actual_end if report.held else clock.local(session.ends_at).date()
    return ExecutionFacts(
        level=project.level,
        session_end=end,
        reported_on=reported_on,
        materials=materials_of(report, rows) if report.held else None,
        host_is_medical=host.is_medical if host is not None else None,
        trainees_total=len(people),
        trainees_external=sum(1 for p in people if host is None or p.unit_id != host.pk),
        format=report.format if report.held else None,
    )
