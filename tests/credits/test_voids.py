"""Voids under a decision with its document — a person's credit year for fraud, or chosen rows
of any people and years — and single rows; certificates of voided rows verify as revoked,
showing the decision's reason."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.credits.domain.approval import ledger_entry_void
from jijiao.credits.domain.certificates import verify
from jijiao.credits.domain.voids import ledger_entries_void, ledger_year_void
from jijiao.credits.models import Certificate, LedgerEntry, VoidDecision
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
    assert (decision.scope, decision.office.name) == ("person_year", "温州市继教办")
    for certificate in Certificate.objects.filter(person=zhao, year=2024):
        outcome = verify(certificate)
        assert (outcome.status, outcome.status_label) == ("revoked", "已撤销")
        assert outcome.name_masked == "赵*鸣"
        assert outcome.reason == "所涉学分已作废：伪造签到记录（长沙办法第二十六条）"
        assert (outcome.decision_office, outcome.decision_date) == ("温州市继教办", "2024-11-01")
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
    outcome = verify(entry.certificate)
    assert (outcome.status, outcome.reason, outcome.decision_office) == (
        "revoked",
        "所涉学分已作废",
        "",
    )
    assert (entry.steps.last().action, entry.steps.last().office.name) == ("voided", "温州市继教办")


def rows_to_void(zhao, staff):
    """Zhao's 2024 row of session B and his 2023 row, and Qian's 2024 row of session A."""
    return [
        LedgerEntry.objects.get(person=zhao, source_id="B"),
        LedgerEntry.objects.get(person=zhao, year=2023),
        LedgerEntry.objects.get(person=staff[1]),
    ]


DOCUMENT = b"%PDF-1.4 test evidence " + "核查通报.pdf".encode()


def test_chosen_rows_of_several_people_and_years_are_voided_under_one_decision(
    wenzhou_office, wenzhou_office_unit, zhao, staff, granted
):
    chosen = rows_to_void(zhao, staff)
    with at("2024-11-01"):
        decision = ledger_entries_void(
            by=wenzhou_office,
            entries=chosen,
            reason="重复授分（专项核查）",
            document=pdf_upload("核查通报.pdf"),
        )
    assert (
        decision.scope,
        decision.office,
        decision.person,
        decision.year,
        decision.provider,
        decision.voided_count,
        decision.document_name,
        decision.document_sha256,
    ) == (
        "entries",
        wenzhou_office_unit,
        None,
        None,
        None,
        3,
        "核查通报.pdf",
        hashlib.sha256(DOCUMENT).hexdigest(),
    )
    assert decision.document.read() == DOCUMENT
    voided = LedgerEntry.objects.filter(valid=False).order_by("pk")
    assert [e.pk for e in voided] == sorted(e.pk for e in chosen)
    assert {(e.void_reason, e.void_decision_id, e.voided_by_id) for e in voided} == {
        ("重复授分（专项核查）（处理决定：核查通报.pdf）", decision.pk, wenzhou_office.pk)
    }
    assert LedgerEntry.objects.get(person=zhao, source_id="A").valid is True
    for entry in voided:
        outcome = verify(entry.certificate)
        assert (outcome.status, outcome.reason, outcome.decision_office, outcome.decision_date) == (
            "revoked",
            "所涉学分已作废：重复授分（专项核查）",
            "温州市继教办",
            "2024-11-01",
        )
        step = entry.steps.last()
        assert (step.action, step.office, step.actor, step.reason, step.data) == (
            "voided",
            wenzhou_office_unit,
            wenzhou_office,
            "重复授分（专项核查）（处理决定：核查通报.pdf）",
            {"decision": decision.pk},
        )
    audit = AuditEntry.objects.get(action="credits.entries_voided")
    assert (audit.actor, audit.object_id) == (wenzhou_office, str(decision.pk))
    assert audit.data == {
        "decision": decision.pk,
        "provider": "",
        "reason": "重复授分（专项核查）",
        "document": "核查通报.pdf",
        "selected": 3,
        "voided": 3,
        "already_void": 0,
        "other_cities": 0,
    }
    assert not AuditEntry.objects.filter(action="credits.entry_voided").exists()


def test_a_row_already_void_keeps_its_earlier_void_and_is_counted(
    wenzhou_office, zhao, staff, granted
):
    chosen = rows_to_void(zhao, staff)
    ledger_entry_void(by=wenzhou_office, entry=chosen[0], reason="重复授分")
    decision = ledger_entries_void(
        by=wenzhou_office, entries=chosen, reason="专项核查", document=pdf_upload()
    )
    assert decision.voided_count == 2
    chosen[0].refresh_from_db()
    assert (chosen[0].void_reason, chosen[0].void_decision) == ("重复授分", None)
    data = AuditEntry.objects.get(action="credits.entries_voided").data
    assert (data["selected"], data["voided"], data["already_void"]) == (3, 2, 1)


def test_voiding_rows_needs_the_decision_document_and_a_reason(
    wenzhou_office, zhao, staff, granted
):
    chosen = rows_to_void(zhao, staff)
    with pytest.raises(DomainError, match="请上传处理决定文件"):
        ledger_entries_void(by=wenzhou_office, entries=chosen, reason="核查", document=None)
    with pytest.raises(DomainError, match="请写明作废原因"):
        ledger_entries_void(by=wenzhou_office, entries=chosen, reason=" ", document=pdf_upload())
    assert not LedgerEntry.objects.filter(valid=False).exists()
    assert not VoidDecision.objects.exists()


def test_a_row_the_account_may_not_void_refuses_the_whole_decision(
    hospital_admin, lucheng_office, wenzhou_office, zhao, staff, granted
):
    chosen = rows_to_void(zhao, staff)
    for account in (hospital_admin, lucheng_office):
        with pytest.raises(PermissionDenied, match="没有权限作废钱二娜“心血管疾病诊疗进展学习班”"):
            ledger_entries_void(by=account, entries=chosen, reason="核查", document=pdf_upload())
    assert not LedgerEntry.objects.filter(valid=False).exists()
    assert not VoidDecision.objects.exists()
    assert not AuditEntry.objects.filter(action="credits.entries_voided").exists()


def test_the_public_page_shows_the_decisions_reason(client, wenzhou_office, zhao, staff, granted):
    chosen = rows_to_void(zhao, staff)
    with at("2024-11-01"):
        ledger_entries_void(
            by=wenzhou_office, entries=chosen, reason="重复授分（专项核查）", document=pdf_upload()
        )
    code = chosen[0].certificate.code
    page = client.get(reverse("credits:verify", args=[code])).content.decode()
    assert "已撤销" in page
    assert "所涉学分已作废：重复授分（专项核查）（温州市继教办 2024-11-01 处理决定）" in page
    data = client.get(reverse("credits:verify_json", args=[code])).json()
    assert (data["status"], data["reason"], data["decision_office"], data["decision_date"]) == (
        "revoked",
        "所涉学分已作废：重复授分（专项核查）",
        "温州市继教办",
        "2024-11-01",
    )
