"""Issuing certificates: only for approved, valid project and remote rows; by the office that
approves the row or the account a grant passes through; audited — one entry per row, or one
with the counts for a batch (a session's grant, an approved list)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.credits.domain.approval import (
    ledger_entries_approve,
    ledger_entry_approve,
    ledger_entry_void,
)
from jijiao.credits.domain.certificates import certificate_issue_for_entry
from jijiao.credits.domain.remote import RemoteRow, remote_completions_record
from jijiao.credits.models import Certificate, LedgerEntry
from jijiao.orgs.models import Unit
from tests.credits.conftest import at
from tests.credits.helpers import approved_in_unit, national_grant
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def remote_rows(wenzhou_office, wenzhou_office_unit, staff, credit_year_2023):
    """Three completions of a provider's course, pending at the city."""
    provider = UnitFactory(
        name="华医网", kind=Unit.Kind.REMOTE_PROVIDER, supervisor=wenzhou_office_unit
    )
    rows = [
        RemoteRow(
            row=number,
            name=person.name,
            id_number=person.reveal_id_number(),
            title="高血压基层管理",
            course_code="YC-2023-018",
            date=dt.date(2023, 10, 12),
            hours=Decimal("6"),
            credits=Decimal("2.0"),
            credit_class="I",
            credit_level="provincial",
        )
        for number, person in enumerate(staff[:3], start=2)
    ]
    with at("2023-11-01"):
        remote_completions_record(by=wenzhou_office, provider=provider, rows=rows)
    return list(LedgerEntry.objects.order_by("pk"))


def test_a_grant_issues_its_certificates_as_one_audited_batch(
    wenzhou_office, staff, pi_zhang_person
):
    national_grant(
        wenzhou_office,
        staff[:3],
        day="2024-05-10",
        credits="6",
        ref="S1",
        lecturers=[(pi_zhang_person, Decimal("1.5"))],
    )
    assert sorted(Certificate.objects.values_list("kind", flat=True)) == [
        "credit",
        "credit",
        "credit",
        "teaching",
    ]
    assert set(Certificate.objects.values_list("issued_by", flat=True)) == {wenzhou_office.pk}
    audit = AuditEntry.objects.get(action="credits.certificates_issued")
    assert audit.actor == wenzhou_office
    assert audit.data == {
        "rows": 4,
        "issued": 4,
        "existing": 0,
        "kinds": {"credit": 3, "teaching": 1},
    }
    assert not AuditEntry.objects.filter(action="credits.certificate_issued").exists()


def test_a_remote_row_gets_its_certificate_when_its_city_approves_it(wenzhou_office, remote_rows):
    entry = remote_rows[0]
    with at("2023-11-02"):
        ledger_entry_approve(by=wenzhou_office, entry=entry)
    certificate = Certificate.objects.get(entry=entry)
    assert (certificate.kind, certificate.issued_by, certificate.year) == (
        "credit",
        wenzhou_office,
        2023,
    )
    assert certificate.snapshot["title"] == "高血压基层管理"
    audit = AuditEntry.objects.get(action="credits.certificate_issued")
    assert (audit.object_type, audit.object_id, audit.data) == (
        "credits.ledgerentry",
        str(entry.pk),
        {"certificate": certificate.pk, "kind": "credit"},
    )


def test_remote_rows_approved_together_get_their_certificates_in_one_audit_entry(
    wenzhou_office, remote_rows
):
    with at("2023-11-02"):
        outcome = ledger_entries_approve(by=wenzhou_office, entries=remote_rows)
    assert len(outcome.approved) == 3
    assert Certificate.objects.filter(entry__in=remote_rows).count() == 3
    assert AuditEntry.objects.get(action="credits.certificates_issued").data == {
        "rows": 3,
        "issued": 3,
        "existing": 0,
        "kinds": {"credit": 3},
    }


def test_only_the_approving_office_or_the_granting_account_issues(
    wenzhou_office, hospital_admin, lucheng_office, zhao, remote_rows
):
    with at("2023-11-02"):
        ledger_entry_approve(by=wenzhou_office, entry=remote_rows[0])
    granted = national_grant(wenzhou_office, [zhao], day="2024-05-10", credits="6", ref="S1")
    for row in (remote_rows[0], *granted.created):
        for account in (hospital_admin, lucheng_office):
            with pytest.raises(PermissionDenied, match=r"credits\.issue_certificate"):
                certificate_issue_for_entry(row, by=account)
    assert Certificate.objects.count() == 2
    assert not AuditEntry.objects.filter(actor__in=[hospital_admin, lucheng_office]).exists()


def test_a_row_has_one_certificate_and_asking_again_changes_nothing(wenzhou_office, remote_rows):
    with at("2023-11-02"):
        ledger_entry_approve(by=wenzhou_office, entry=remote_rows[0])
    first = Certificate.objects.get()
    again = certificate_issue_for_entry(remote_rows[0], by=wenzhou_office)
    assert again == first
    assert AuditEntry.objects.filter(action="credits.certificate_issued").count() == 1


def test_no_certificate_for_a_pending_voided_or_in_unit_row(
    wenzhou_office, hospital_admin, city_hospital, zhao, remote_rows
):
    pending, voided = remote_rows[1], remote_rows[2]
    with pytest.raises(DomainError, match="待市级审核，审核通过后才能出具证书"):
        certificate_issue_for_entry(pending, by=wenzhou_office)
    ledger_entry_void(by=wenzhou_office, entry=voided, reason="重复")
    with pytest.raises(DomainError, match="已作废，不能出具证书"):
        certificate_issue_for_entry(voided, by=wenzhou_office)
    (in_unit,) = approved_in_unit(
        hospital_admin,
        wenzhou_office,
        city_hospital,
        [zhao],
        day="2023-06-01",
        credits="2",
        title="全院业务学习",
    )
    with pytest.raises(DomainError, match="院内活动学分不出具学分证书"):
        certificate_issue_for_entry(in_unit, by=wenzhou_office)
    assert not Certificate.objects.exists()
