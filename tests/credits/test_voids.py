"""Fraud voids a person's credit year; its certificates then verify as revoked."""

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.credits.domain.approval import ledger_entry_void
from jijiao.credits.domain.certificates import verify
from jijiao.credits.domain.voids import ledger_year_void
from jijiao.credits.models import Certificate, LedgerEntry
from jijiao.errors import DomainError
from tests.credits.conftest import at, pdf_upload
from tests.credits.helpers import national_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(wenzhou_office, zhao, staff):
    national_grant(wenzhou_office, [zhao, staff[1]], day="2024-05-10", credits="6", ref="A")
    national_grant(wenzhou_office, [zhao], day="2024-09-10", credits="4", ref="B")
    national_grant(wenzhou_office, [zhao], day="2023-09-10", credits="4", ref="C")


def test_voiding_a_year_voids_every_row_of_it_and_revokes_its_certificates(
    wenzhou_office, zhao, staff, granted
):
    with at("2024-11-01"):
        decision = ledger_year_void(
            by=wenzhou_office,
            person=zhao,
            year=2024,
            reason="伪造签到记录（长沙办法第二十六条）",
            document=pdf_upload("处理决定.pdf"),
        )
    assert decision.voided_count == 2 and decision.document_name == "处理决定.pdf"
    voided = LedgerEntry.objects.filter(person=zhao, year=2024)
    assert set(voided.values_list("valid", flat=True)) == {False}
    assert all(e.void_decision_id == decision.pk for e in voided)
    assert LedgerEntry.objects.get(person=zhao, year=2023).valid is True
    assert LedgerEntry.objects.get(person=staff[1]).valid is True
    for certificate in Certificate.objects.filter(person=zhao, year=2024):
        outcome = verify(certificate)
        assert (outcome.status, outcome.status_label) == ("revoked", "已撤销")
        assert outcome.name_masked == "赵*鸣"
    kept = verify(Certificate.objects.get(person=zhao, year=2023))
    assert kept.status == "valid"
    assert list(voided.first().steps.values_list("action", flat=True)) == ["granted", "voided"]
    audit = AuditEntry.objects.get(action="credits.year_voided")
    assert audit.data["voided"] == 2 and audit.data["year"] == 2024


def test_voiding_needs_the_decision_document_and_a_reason(wenzhou_office, zhao, granted):
    with pytest.raises(DomainError, match="处理决定文件"):
        ledger_year_void(by=wenzhou_office, person=zhao, year=2024, reason="造假", document=None)
    with pytest.raises(DomainError, match="作废原因"):
        ledger_year_void(
            by=wenzhou_office, person=zhao, year=2024, reason="", document=pdf_upload()
        )
    assert not LedgerEntry.objects.filter(valid=False).exists()


def test_only_the_city_voids(hospital_admin, lucheng_office, zhao, granted):
    for account in (hospital_admin, lucheng_office):
        with pytest.raises(PermissionDenied):
            ledger_year_void(
                by=account, person=zhao, year=2024, reason="造假", document=pdf_upload()
            )


def test_a_single_row_voided_by_the_city(wenzhou_office, hospital_admin, zhao, granted):
    entry = LedgerEntry.objects.filter(person=zhao, year=2024).first()
    with pytest.raises(PermissionDenied):
        ledger_entry_void(by=hospital_admin, entry=entry, reason="重复")
    ledger_entry_void(by=wenzhou_office, entry=entry, reason="重复授分")
    assert entry.valid is False and entry.void_reason == "重复授分"
    assert verify(entry.certificate).status == "revoked"
