"""From the records to the plain ``filing`` document the filing rules read (contract.md).

The workflow and the precheck run the same rules: this module only gathers facts.
"""

import datetime as dt
from typing import Any

from jijiao.common import clock
from jijiao.credits.chain import county_level_of
from jijiao.hosting.models import Filing, Session
from jijiao.hosting.teachers import resolved
from jijiao.orgs.facts import unit_facts


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def session_dates(session: Session) -> tuple[dt.date, dt.date]:
    return clock.local(session.starts_at).date(), clock.local(session.ends_at).date()


def filing_document(session: Session, filing: Filing, *, filed_on: dt.date) -> dict[str, Any]:
    project = session.project
    start, end = session_dates(session)
    host = project.host
    document: dict[str, Any] = {
        "project": {
            "level": project.level,
            "name": project.name,
            "number": project.number,
            "host": project.host_name,
            "discipline": project.discipline or None,
            # The session's format (a pack's cases select on ``project.format``).
            "format": session.format,
        },
        "session": {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "venue": session.venue,
            "scenic_area": session.scenic_area,
        },
        "filed_on": filed_on.isoformat(),
        "notice": {
            "name": filing.notice_name or None,
            "number": filing.notice_number or None,
            "host": filing.notice_host or None,
            "fee_statement": filing.fee_statement or None,
            "registration_date": _iso(filing.registration_date),
            "start": _iso(filing.notice_start),
            "end": _iso(filing.notice_end),
            "format": filing.notice_format or None,
            "venue": filing.notice_venue or None,
            "contact": filing.contact or None,
            "phone": filing.phone or None,
        },
        "name_prefix_approved": filing.name_prefix_approved,
        "approval_year": project.year,
        # As filed, against the approved project (FIL_CHANGED_AFTER_APPROVAL,
        # FIL_HOURS_SHORTENED); the notice's name and number are FIL_NOTICE_MISMATCH's.
        "plan": {
            # The content as filed; compared only where the approved project has one.
            "content": filing.content.strip(),
            "teachers": session.teacher_names or None,
            "hours": float(session.hours) if session.hours is not None else None,
            # Title, specialty and kind of each (FIL_*_TEACHER_TITLE, FIL_TEACHER_DISCIPLINE).
            "teacher_rows": [t.as_fact() for t in resolved(session.teachers, host)] or None,
        },
    }
    document["project"].update(approved_facts(project))
    if host is not None:
        document["host_licence_status"] = host.licence_status
        # What a pack's cases select on: the host unit's category, level, division, under a
        # county office.
        document["unit"] = unit_facts(host, county_level=county_level_of(host))
    return document


def approved_content(project) -> str | None:
    """The content of the application the project was approved on (its 项目简介); none for an
    imported project or an application without one."""
    application = project.application
    return (application.summary.strip() or None) if application is not None else None


def approved_facts(project) -> dict[str, Any]:
    """The content, teachers and teaching 学时 of the application the project was approved on
    (none for an imported project)."""
    application = project.application
    if application is None:
        return {}
    teachers = []
    for row in application.courses.order_by("position"):
        name = row.teacher_person.name if row.teacher_person else row.teacher_name
        if name and name not in teachers and row.kind != "non_teaching":
            teachers.append(name)
    hours = (application.figures or {}).get("teaching_hours")
    return {"content": approved_content(project), "teachers": teachers or None, "hours": hours}


def planned(session: Session) -> dict[str, Any]:
    """The session's arrangement as filed, in the execution score's terms (contract.md
    ``execution-score`` ``planned``), plus the format and the exact times."""
    start, end = session_dates(session)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "starts_at": clock.local(session.starts_at).isoformat(),
        "ends_at": clock.local(session.ends_at).isoformat(),
        "venue": session.venue,
        "scenic_area": session.scenic_area,
        "format": session.format,
        "days": float(session.days),
        # 学时 as planned at filing: an imported project has no application to take them from.
        "hours": float(session.hours) if session.hours is not None else None,
        "teachers": session.teacher_names,
    }
