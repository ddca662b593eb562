"""Grants from an executed session: idempotent per person and session, class from the pack,
lecturer credits at the pack's rate, a certificate per row."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.credits.domain.grants import credits_grant_for_session
from jijiao.credits.models import ApprovalStep, Certificate, LedgerEntry

pytestmark = pytest.mark.django_db


def grant_national(by, attendees, lecturers=(), ref="2024-03-01-001（国）#1"):
    return credits_grant_for_session(
        by=by,
        session_ref=ref,
        project_number="2024-03-01-001（国）",
        title="心血管疾病诊疗进展学习班",
        activity_date=dt.date(2024, 5, 10),
        year=2024,
        level="national",
        attendees=list(attendees),
        lecturers=list(lecturers),
        hours=Decimal("18"),
        credits=Decimal("6.0"),
        policy_id="national-2024",
    )


def test_grant_creates_approved_class_one_national_rows_with_certificates(
    wenzhou_office, staff, pi_zhang_person
):
    outcome = grant_national(wenzhou_office, staff[:3], [(pi_zhang_person, Decimal("1.5"))])
    assert len(outcome.created) == 4 and outcome.existing == []
    attendee = LedgerEntry.objects.get(person=staff[0])
    assert (attendee.credit_class, attendee.credit_level) == ("I", "national")
    assert attendee.category == "Ⅰ类（国家级）"
    assert attendee.status == "approved" and attendee.valid is True
    assert attendee.credits == Decimal("6.0") and attendee.hours == Decimal("18.00")
    assert attendee.entry_method == "attendance" and attendee.source == "project"
    assert attendee.policy_id == "national-2024" and len(attendee.policy_hash) == 64
    lecturer = LedgerEntry.objects.get(person=pi_zhang_person)
    # national-2024: 2 credits per 学时 taught.
    assert lecturer.credits == Decimal("3.0") and lecturer.entry_method == "lecturer"
    assert Certificate.objects.get(entry=attendee).kind == "credit"
    assert Certificate.objects.get(entry=lecturer).kind == "teaching"
    assert len(Certificate.objects.get(entry=attendee).code) >= 22
    assert list(attendee.steps.values_list("action", flat=True)) == [ApprovalStep.Action.GRANTED]


def test_grant_is_idempotent_per_person_and_session(wenzhou_office, staff):
    first = grant_national(wenzhou_office, staff[:3])
    again = grant_national(wenzhou_office, staff[:4])
    assert len(first.created) == 3
    assert [e.person for e in again.created] == [staff[3]]
    assert {e.pk for e in again.existing} == {e.pk for e in first.created}
    assert LedgerEntry.objects.count() == 4
    assert Certificate.objects.count() == 4
    assert AuditEntry.objects.filter(action="credits.session_granted").count() == 2


def test_another_session_of_the_same_project_is_a_new_row(wenzhou_office, staff):
    grant_national(wenzhou_office, staff[:1], ref="S1")
    grant_national(wenzhou_office, staff[:1], ref="S2")
    assert LedgerEntry.objects.filter(person=staff[0]).count() == 2


def test_city_project_is_class_two_and_lecturer_without_rate_gets_zero(
    wenzhou_office, staff, pi_zhang_person
):
    outcome = credits_grant_for_session(
        by=wenzhou_office,
        session_ref="W2025-01#1",
        project_number="2025-03-01-001（温）",
        title="基层心血管病规范化诊疗培训班",
        activity_date=dt.date(2025, 5, 10),
        year=2025,
        level="city",
        attendees=[staff[0]],
        lecturers=[(pi_zhang_person, Decimal("2"))],
        hours=Decimal("7.5"),
        credits=Decimal("2.5"),
        policy_id="wenzhou-2025",
    )
    attendee, lecturer = outcome.created
    assert (attendee.credit_class, attendee.credit_level) == ("II", "city")
    assert lecturer.credits == Decimal("0.0")
    assert "未规定授课教师学分" in lecturer.details["note"]


def test_grant_above_the_pack_maximum_is_refused(wenzhou_office, staff):
    with pytest.raises(DomainError, match=r"2\.5 学分上限"):
        credits_grant_for_session(
            by=wenzhou_office,
            session_ref="W#1",
            project_number="X",
            title="培训班",
            activity_date=dt.date(2025, 5, 10),
            year=2025,
            level="city",
            attendees=staff[:1],
            lecturers=[],
            hours=None,
            credits=Decimal("3.0"),
            policy_id="wenzhou-2025",
        )
    assert LedgerEntry.objects.count() == 0


def test_grant_for_a_level_the_pack_does_not_set_is_refused(wenzhou_office, staff):
    with pytest.raises(DomainError, match="未规定市级项目的学分类别"):
        credits_grant_for_session(
            by=wenzhou_office,
            session_ref="N#1",
            project_number="X",
            title="培训班",
            activity_date=dt.date(2024, 5, 10),
            year=2024,
            level="city",
            attendees=staff[:1],
            lecturers=[],
            hours=None,
            credits=Decimal("1.0"),
            policy_id="national-2024",
        )


def test_a_unit_admin_cannot_grant_session_credits(hospital_admin, staff):
    with pytest.raises(PermissionDenied):
        grant_national(hospital_admin, staff[:1])
