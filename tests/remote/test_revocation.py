"""Revoking a provider: final, and for fraud it voids every credit its courses produced under
one decision of the credits app pointing at the decision document kept with the registration —
also the credits another city approved, whose trail then names this city's decision; their
certificates verify as revoked with the decision's reason."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.credits.domain.approval import ledger_entries_approve, ledger_entry_approve
from jijiao.credits.domain.certificates import verify
from jijiao.credits.domain.common import Upload
from jijiao.credits.domain.voids import ledger_entries_void
from jijiao.credits.domain.years import credit_year_set
from jijiao.credits.models import Certificate, LedgerEntry, VoidDecision
from jijiao.orgs.models import Division, Role, Unit
from jijiao.remote.domain.completions import completion_list_approve, completion_list_upload
from jijiao.remote.domain.revocation import provider_revoke
from jijiao.remote.models import Provider
from tests.factories import AccountFactory, OfficeFactory, PersonFactory, UnitFactory, grant
from tests.remote.conftest import pdf, xlsx
from tests.remote.players import Player

pytestmark = pytest.mark.django_db

# What ``pdf("处理决定.pdf")`` uploads.
DECISION_PDF = b"%PDF-1.4 qualification " + "处理决定.pdf".encode()
DECISION_REASON = "远程教育机构医学远程教育网因虚假授分被撤销备案：虚构学员学习记录"
ROW_REASON = f"{DECISION_REASON}（处理决定：处理决定.pdf）"
PUBLIC_REASON = f"所涉学分已作废：{DECISION_REASON}"


@pytest.fixture
def changsha_office_unit(db):
    """Another city, whose doctor studies the Wenzhou-registered provider's course."""
    return OfficeFactory(
        name="长沙市继教办",
        office_level=Unit.OfficeLevel.CITY,
        division=Division.objects.get(code="430100"),
    )


@pytest.fixture
def changsha_office(changsha_office_unit):
    return grant(AccountFactory(username="changsha_office"), Role.CITY_OFFICE, changsha_office_unit)


@pytest.fixture
def changsha_doctor(changsha_office_unit):
    hospital = UnitFactory(
        name="长沙市第一医院",
        supervisor=changsha_office_unit,
        division=Division.objects.get(code="430100"),
    )
    return PersonFactory(name="刘长青", unit=hospital)


def approve_list(provider_admin, provider, course, office, people):
    rows = [[p.reveal_id_number(), p.name, course.pk, 10, "2025-03-03"] for p in people]
    outcome = completion_list_upload(
        by=provider_admin, provider=provider, content=xlsx(rows), filename="名单.xlsx"
    )
    completion_list_approve(by=office, completion_list=outcome.completion_list)


@pytest.fixture
def credited(
    provider_admin, provider, course, nurse_wang, learner, wenzhou_office, wenzhou_office_unit
):
    """Two Wenzhou people credited for the course through an approved list."""
    credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2025, policy_id="wenzhou-2025"
    )
    approve_list(provider_admin, provider, course, wenzhou_office, [nurse_wang, learner.person])
    return list(LedgerEntry.objects.order_by("pk"))


@pytest.fixture
def changsha_year(changsha_office, changsha_office_unit):
    return credit_year_set(
        by=changsha_office, office=changsha_office_unit, year=2025, policy_id="changsha-2022"
    )


@pytest.fixture
def changsha_row(
    credited, changsha_year, changsha_doctor, provider_admin, provider, course, wenzhou_office
):
    """刘长青's completion on a second list: Wenzhou approves the list, his row waits for
    Changsha."""
    approve_list(provider_admin, provider, course, wenzhou_office, [changsha_doctor])
    return LedgerEntry.objects.get(person=changsha_doctor)


def revoke(office, provider):
    return provider_revoke(
        by=office,
        provider=provider,
        reason="虚构学员学习记录",
        fraud=True,
        uploaded=pdf("处理决定.pdf"),
    )


def test_revoking_for_fraud_voids_its_credits_and_their_certificates_verify_as_revoked(
    credited, provider, provider_unit, wenzhou_office, wenzhou_office_unit
):
    certificates = list(Certificate.objects.filter(entry__in=credited))
    assert [verify(c).status for c in certificates] == ["valid", "valid"]
    outcome = revoke(wenzhou_office, provider)
    assert (outcome.voided, outcome.voided_for_other_cities) == (2, 0)
    document = outcome.document
    assert (document.kind, document.original_name) == ("decision", "处理决定.pdf")
    decision = VoidDecision.objects.get()
    assert outcome.decision == decision
    assert (
        decision.scope,
        decision.office,
        decision.provider,
        decision.person,
        decision.year,
        decision.reason,
        decision.voided_count,
        decision.decided_by,
    ) == (
        "provider",
        wenzhou_office_unit,
        provider_unit,
        None,
        None,
        DECISION_REASON,
        2,
        wenzhou_office,
    )
    # The decision points at the document kept with the registration: one file, not a copy.
    assert (decision.document.name, decision.document_name, decision.document_sha256) == (
        document.file.name,
        "处理决定.pdf",
        hashlib.sha256(DECISION_PDF).hexdigest(),
    )
    for entry in LedgerEntry.objects.all():
        assert (entry.valid, entry.void_reason, entry.void_decision) == (
            False,
            ROW_REASON,
            decision,
        )
    certificates = list(Certificate.objects.filter(entry__in=credited))
    assert [
        (verify(c).status, verify(c).reason, verify(c).decision_office, verify(c).decision_date)
        for c in certificates
    ] == [("revoked", PUBLIC_REASON, "温州市继教办", "2025-03-03")] * 2
    provider.refresh_from_db()
    assert (provider.state, provider.revoked_for_fraud, provider.status_reason) == (
        "revoked",
        True,
        "虚构学员学习记录",
    )
    assert AuditEntry.objects.get(action="remote.provider_revoked").data == {
        "reason": "虚构学员学习记录",
        "fraud": True,
        "document": "处理决定.pdf",
        "decision": decision.pk,
        "voided": 2,
        "voided_for_other_cities": 0,
    }
    assert AuditEntry.objects.get(action="credits.entries_voided").data == {
        "decision": decision.pk,
        "provider": "医学远程教育网",
        "reason": DECISION_REASON,
        "document": "处理决定.pdf",
        "selected": 2,
        "voided": 2,
        "already_void": 0,
        "other_cities": 0,
    }
    assert not AuditEntry.objects.filter(action="credits.entry_voided").exists()


def test_revocation_by_the_registering_city_voids_a_row_another_city_approved(
    client,
    ruian_admin,
    changsha_row,
    changsha_office,
    changsha_office_unit,
    provider,
    wenzhou_office,
):
    assert (changsha_row.status, changsha_row.current_office) == (
        "pending_city",
        changsha_office_unit,
    )
    ledger_entry_approve(by=changsha_office, entry=changsha_row)
    certificate = Certificate.objects.get(entry=changsha_row)
    assert (certificate.issued_by, verify(certificate).status) == (changsha_office, "valid")

    outcome = revoke(wenzhou_office, provider)

    assert (outcome.voided, outcome.voided_for_other_cities) == (3, 1)
    changsha_row.refresh_from_db()
    assert (changsha_row.status, changsha_row.valid, changsha_row.void_reason) == (
        "approved",
        False,
        ROW_REASON,
    )
    assert changsha_row.void_decision == outcome.decision
    result = verify(Certificate.objects.get(entry=changsha_row))
    assert (result.status, result.reason, result.decision_office, result.decision_date) == (
        "revoked",
        PUBLIC_REASON,
        "温州市继教办",
        "2025-03-03",
    )
    # Changsha learns of it from the row's trail: who voided it, for which office, and why.
    trail = list(
        changsha_row.steps.values_list("action", "office__name", "actor__username", "reason")
    )
    assert trail == [
        ("submitted", None, "wenzhou_office", ""),
        ("approved", "长沙市继教办", "changsha_office", ""),
        ("voided", "温州市继教办", "wenzhou_office", ROW_REASON),
    ]
    assert changsha_row.steps.last().data == {"decision": outcome.decision.pk}
    assert AuditEntry.objects.get(action="credits.entries_voided").data["other_cities"] == 1

    client.force_login(changsha_office)
    page = client.get(reverse("credits:entry", args=[changsha_row.pk])).content.decode()
    assert "温州市继教办" in page and ROW_REASON in page
    document_url = reverse("credits:decision_document", args=[outcome.decision.pk])
    assert document_url in page
    download = client.get(document_url)
    assert b"".join(download.streaming_content) == DECISION_PDF
    client.force_login(ruian_admin)
    assert client.get(document_url).status_code == 404
    client.logout()
    public = client.get(reverse("credits:verify", args=[certificate.code])).content.decode()
    assert PUBLIC_REASON in public and "温州市继教办 2025-03-03 处理决定" in public


def test_the_revocation_page_says_how_many_rows_other_cities_approve(
    client, changsha_row, provider, wenzhou_office
):
    client.force_login(wenzhou_office)
    answer = client.post(
        reverse("remote:provider_revoke", args=[provider.pk]),
        {"reason": "虚构学员学习记录", "fraud": "on", "document": pdf("处理决定.pdf")},
        follow=True,
    )
    assert [str(m) for m in answer.context["messages"]] == [
        "已撤销医学远程教育网的备案，作废学分 3 条（其中 1 条由其他市审核，已记入其审核记录）。"
    ]
    assert LedgerEntry.objects.filter(valid=True).count() == 0


def test_a_row_still_waiting_in_another_city_is_voided_and_can_no_longer_be_approved(
    changsha_row, changsha_office, provider, wenzhou_office
):
    outcome = revoke(wenzhou_office, provider)
    assert (outcome.voided, outcome.voided_for_other_cities) == (3, 1)
    changsha_row.refresh_from_db()
    assert (changsha_row.status, changsha_row.valid) == ("pending_city", False)
    refused = ledger_entries_approve(by=changsha_office, entries=[changsha_row])
    assert [(e.pk, reason) for e, reason in refused.refused] == [
        (changsha_row.pk, "该记录已作废，不能审核")
    ]
    assert not Certificate.objects.filter(entry=changsha_row).exists()


def test_only_the_registering_city_voids_the_providers_credits(
    changsha_row,
    changsha_office,
    provider,
    provider_unit,
    provider_admin,
    hospital_admin,
    wenzhou_office,
):
    rows = list(LedgerEntry.objects.order_by("pk"))
    for account in (changsha_office, provider_admin):
        with pytest.raises(PermissionDenied):
            revoke(account, provider)
    for account in (changsha_office, hospital_admin, provider_admin):
        with pytest.raises(PermissionDenied, match=r"credits\.void_for_provider_revocation"):
            ledger_entries_void(
                by=account,
                entries=rows,
                reason="虚构学习记录",
                document=Upload(name="决定.pdf", content=b"%PDF-1.4 x"),
                provider=provider_unit,
            )
    # Without the provider's revocation Wenzhou may not void Changsha's row: all or none.
    with pytest.raises(PermissionDenied, match="刘长青"):
        ledger_entries_void(
            by=wenzhou_office,
            entries=rows,
            reason="核查",
            document=Upload(name="决定.pdf", content=b"%PDF-1.4 x"),
        )
    assert LedgerEntry.objects.filter(valid=True).count() == 3
    assert not VoidDecision.objects.exists()
    assert Provider.objects.get().state == "registered"
    assert not AuditEntry.objects.filter(action="credits.entries_voided").exists()


def test_a_fraud_revocation_needs_the_decision_document(credited, provider, wenzhou_office):
    with pytest.raises(DomainError, match="因虚假授分撤销须上传处理决定文件"):
        provider_revoke(by=wenzhou_office, provider=provider, reason="虚构学习记录", fraud=True)
    assert Provider.objects.get().state == "registered"


def test_the_decision_document_is_typed_by_its_content(credited, provider, wenzhou_office):
    fake = SimpleUploadedFile("处理决定.pdf", b"just text, not a PDF")
    with pytest.raises(
        DomainError, match="只能上传 PDF、JPG、PNG 文件，且不超过 15 MB；收到的是文本"
    ):
        provider_revoke(
            by=wenzhou_office, provider=provider, reason="虚构", fraud=True, uploaded=fake
        )
    assert LedgerEntry.objects.filter(valid=True).count() == 2


def test_a_revocation_without_fraud_keeps_the_credits_and_stops_new_learning(
    credited, provider, course, wenzhou_office, learner, clock_at
):
    outcome = provider_revoke(by=wenzhou_office, provider=provider, reason="机构申请退出")
    assert (outcome.decision, outcome.voided) == (None, 0)
    assert LedgerEntry.objects.filter(valid=True).count() == 2
    outcome = Player(learner, course.videos.get(), clock_at).beat(0)
    assert outcome.heartbeat.reason == "course_closed"


def test_a_revoked_registration_cannot_be_revoked_again(provider, wenzhou_office):
    provider_revoke(by=wenzhou_office, provider=provider, reason="机构申请退出")
    with pytest.raises(DomainError, match="备案已撤销备案，不能撤销"):
        provider_revoke(by=wenzhou_office, provider=provider, reason="再次")
