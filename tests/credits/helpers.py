"""Building a person's year through the domain functions, as the tests of several modules do."""

import datetime as dt
from decimal import Decimal

from jijiao.credits.domain.approval import ledger_entries_approve
from jijiao.credits.domain.entries import credits_enter_in_unit
from jijiao.credits.domain.grants import credits_grant_for_session
from tests.credits.conftest import at


def national_grant(by, people, *, day: str, credits: str, ref: str, lecturers=()):
    activity = dt.date.fromisoformat(day)
    with at(day):
        return credits_grant_for_session(
            by=by,
            session_ref=ref,
            project_number=f"{activity.year}-03-01-001（国）",
            title="心血管疾病诊疗进展学习班",
            activity_date=activity,
            year=activity.year,
            level="national",
            attendees=list(people),
            lecturers=list(lecturers),
            hours=Decimal(credits) * 3,
            credits=Decimal(credits),
            policy_id="national-2024",
        )


def approved_in_unit(unit_admin, city_admin, unit, people, *, day: str, credits: str, title: str):
    """An in-unit activity entered and approved by the unit and the city (on the same day)."""
    with at(day):
        entries = credits_enter_in_unit(
            by=unit_admin,
            unit=unit,
            activity_type="全院业务学习",
            title=title,
            activity_date=dt.date.fromisoformat(day),
            hours=None,
            credits=Decimal(credits),
            attendees=list(people),
        )
        ledger_entries_approve(by=unit_admin, entries=entries)
        ledger_entries_approve(by=city_admin, entries=entries)
    for entry in entries:
        entry.refresh_from_db()
    return entries
