"""The approval chain: routing by supervising authority, return and resubmit keeping the
trail, windows, the year lock, bulk approval with per-row exceptions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.credits.domain.approval import (
    ledger_entries_approve,
    ledger_entry_approve,
    ledger_entry_correct,
    ledger_entry_reject,
    ledger_entry_return,
)
from jijiao.credits.domain.entries import credits_enter_in_unit, ledger_entry_resubmit
from jijiao.credits.domain.years import credit_year_set
from jijiao.credits.models import LedgerEntry
from tests.credits.conftest import at

pytestmark = pytest.mark.django_db


def enter(by, unit, people, day="2023-10-18"):
    return credits_enter_in_unit(
        by=by,
        unit=unit,
        activity_type="大查房",
        title="心内科教学查房",
        activity_date=dt.date.fromisoformat(day),
        hours=Decimal("2"),
        credits=Decimal("1.0"),
        attendees=people,
    )


def actions(entry):
    return [(s.action, s.stage, s.to_status) for s in entry.steps.all()]


def test_unit_directly_under_the_city_skips_the_county(
    hospital_admin, wenzhou_office, lucheng_office, city_hospital, staff, credit_year_2023
):
    with at("2023-10-20"):
        (entry,) = enter(hospital_admin, city_hospital, staff[:1])
        ledger_entry_approve(by=hospital_admin, entry=entry)
        assert entry.status == "pending_city"
        with pytest.raises(PermissionDenied):
            ledger_entry_approve(by=lucheng_office, entry=entry)
        ledger_entry_approve(by=wenzhou_office, entry=entry)
    assert entry.status == "approved" and entry.current_office is None
    assert actions(entry) == [
        ("submitted", "", "pending_unit"),
        ("approved", "unit", "pending_city"),
        ("approved", "city", "approved"),
    ]


def test_unit_under_a_county_goes_unit_then_county_then_city(
    lucheng_admin,
    lucheng_office,
    wenzhou_office,
    lucheng_hospital,
    lucheng_office_unit,
    nurse_wang,
    credit_year_2023,
):
    with at("2023-10-20"):
        (entry,) = enter(lucheng_admin, lucheng_hospital, [nurse_wang])
        assert [s["stage"] for s in entry.chain] == ["unit", "county", "city"]
        ledger_entry_approve(by=lucheng_admin, entry=entry)
        assert entry.status == "pending_county" and entry.current_office == lucheng_office_unit
        with pytest.raises(DomainError, match="须待前序环节完成"):
            ledger_entry_approve(by=wenzhou_office, entry=entry)
        ledger_entry_approve(by=lucheng_office, entry=entry)
        assert entry.status == "pending_city"
        ledger_entry_approve(by=wenzhou_office, entry=entry)
    assert entry.status == "approved"
    assert [s.stage for s in entry.steps.all()] == ["", "unit", "county", "city"]


def test_a_returned_row_edited_and_resubmitted_keeps_its_trail(
    dept_admin, hospital_admin, city_hospital, staff, credit_year_2023
):
    with at("2023-10-20"):
        (entry,) = enter(dept_admin, city_hospital, staff[:1])
        with pytest.raises(DomainError, match="写明原因"):
            ledger_entry_return(by=hospital_admin, entry=entry, reason=" ")
        ledger_entry_return(by=hospital_admin, entry=entry, reason="学时应为 1.5")
        assert entry.status == "returned" and entry.current_office is None
        ledger_entry_resubmit(by=dept_admin, entry=entry, changes={"hours": "1.5"}, note="已改")
        assert entry.status == "pending_unit" and entry.hours == Decimal("1.50")
        ledger_entry_approve(by=hospital_admin, entry=entry)
    assert actions(entry) == [
        ("submitted", "", "pending_unit"),
        ("returned", "unit", "returned"),
        ("resubmitted", "", "pending_unit"),
        ("approved", "unit", "pending_city"),
    ]
    resubmitted = entry.steps.get(action="resubmitted")
    assert resubmitted.data["changes"] == {"hours": ["2.00", "1.50"]}
    assert entry.steps.get(action="returned").reason == "学时应为 1.5"


def test_only_the_entrant_resubmits_and_only_a_returned_row(
    dept_admin, hospital_admin, city_hospital, staff, zhao_account, credit_year_2023
):
    with at("2023-10-20"):
        (entry,) = enter(dept_admin, city_hospital, staff[:1])
        with pytest.raises(DomainError, match="只有已退回"):
            ledger_entry_resubmit(by=dept_admin, entry=entry, changes={})
        ledger_entry_return(by=hospital_admin, entry=entry, reason="请补充")
        with pytest.raises(PermissionDenied):
            ledger_entry_resubmit(by=zhao_account, entry=entry, changes={})


def test_rejected_row_is_final(hospital_admin, city_hospital, staff, credit_year_2023):
    with at("2023-10-20"):
        (entry,) = enter(hospital_admin, city_hospital, staff[:1])
        ledger_entry_reject(by=hospital_admin, entry=entry, reason="非本单位组织的活动")
        with pytest.raises(DomainError, match="不在审核中"):
            ledger_entry_approve(by=hospital_admin, entry=entry)
    assert entry.status == "rejected" and entry.decided_at is not None


def test_unit_cannot_review_after_its_window(
    hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital, staff, credit_year_2023
):
    # A later lock date set by the city, so that only the pack's review window closes.
    credit_year_set(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        year=2023,
        policy_id="wenzhou-2023",
        locks_on=dt.date(2024, 6, 30),
    )
    with at("2023-12-20"):
        first, second = enter(hospital_admin, city_hospital, staff[:2], day="2023-12-18")
    with at("2024-03-31"):
        ledger_entry_approve(by=hospital_admin, entry=first)
    with at("2024-04-01"), pytest.raises(DomainError) as refused:
        ledger_entry_approve(by=hospital_admin, entry=second)
    assert "CRD_REVIEW_CLOSED" in refused.value.message
    assert "2024-03-31" in refused.value.message
    assert second.status == "pending_unit"


def test_after_the_lock_only_the_city_changes_the_year_with_a_reason(
    hospital_admin, wenzhou_office, city_hospital, staff, credit_year_2023
):
    with at("2023-12-20"):
        first, second = enter(hospital_admin, city_hospital, staff[:2], day="2023-12-18")
        ledger_entry_approve(by=hospital_admin, entry=first)
        ledger_entry_approve(by=wenzhou_office, entry=first)
    # wenzhou-2023 sets no lock date of the city's own: the year locks after 2024-03-31.
    with at("2024-04-01"):
        with pytest.raises(DomainError, match="锁定，只有市继教办"):
            ledger_entry_approve(by=hospital_admin, entry=second)
        with pytest.raises(DomainError, match="锁定，市继教办修改须写明原因"):
            ledger_entry_approve(by=wenzhou_office, entry=second)
        ledger_entry_approve(by=wenzhou_office, entry=second, reason="单位逾期未审，经核实补审")
        with pytest.raises(DomainError, match="锁定，只有市继教办"):
            ledger_entry_correct(
                by=hospital_admin, entry=first, changes={"credits": "0.5"}, reason="录错"
            )
        ledger_entry_correct(
            by=wenzhou_office, entry=first, changes={"credits": "0.5"}, reason="按签到表更正"
        )
    assert second.status == "approved"
    override = second.steps.get(action="approved")
    assert override.stage == "city" and override.data == {"override": True}
    first.refresh_from_db()
    assert first.credits == Decimal("0.5") and first.status == "approved"
    assert first.steps.get(action="corrected").data["changes"] == {"credits": ["1.0", "0.5"]}


def test_bulk_approval_approves_what_it_can_and_reports_the_rest(
    hospital_admin,
    lucheng_admin,
    city_hospital,
    lucheng_hospital,
    staff,
    nurse_wang,
    credit_year_2023,
):
    with at("2023-10-20"):
        mine = enter(hospital_admin, city_hospital, staff)
        (other,) = enter(lucheng_admin, lucheng_hospital, [nurse_wang])
        ledger_entry_return(by=hospital_admin, entry=mine[4], reason="未参加")
        outcome = ledger_entries_approve(by=hospital_admin, entries=[*mine, other])
    assert [e.pk for e in outcome.approved] == [e.pk for e in mine[:4]]
    refused = {e.pk: message for e, message in outcome.refused}
    assert "不在审核中" in refused[mine[4].pk]
    assert "没有权限" in refused[other.pk]
    assert LedgerEntry.objects.filter(status="pending_city").count() == 4
    assert LedgerEntry.objects.get(pk=other.pk).status == "pending_unit"
    audit = AuditEntry.objects.filter(action="credits.bulk_approved")
    assert audit.count() == 1
    assert audit.get().data | {"refused_rows": None} == {
        "selected": 6,
        "approved": 4,
        "refused": 2,
        "refused_rows": None,
    }
    assert not AuditEntry.objects.filter(action="credits.entry_approved").exists()
