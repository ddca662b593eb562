"""Revoking a provider: final, and for fraud it voids the credits its completions produced,
with the decision document kept; their certificates then verify as revoked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.audit_log.models import AuditEntry
from jijiao.credits.domain.certificates import verify
from jijiao.credits.domain.years import credit_year_set
from jijiao.credits.models import Certificate, LedgerEntry
from jijiao.errors import DomainError
from jijiao.remote.domain.completions import completion_list_approve, completion_list_upload
from jijiao.remote.domain.revocation import provider_revoke
from jijiao.remote.models import Provider
from tests.remote.conftest import pdf, xlsx
from tests.remote.players import Player

pytestmark = pytest.mark.django_db


@pytest.fixture
def credited(
    provider_admin, provider, course, nurse_wang, learner, wenzhou_office, wenzhou_office_unit
):
    """Two people credited for the course through an approved list."""
    credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2025, policy_id="wenzhou-2025"
    )
    rows = [
        [p.reveal_id_number(), p.name, course.pk, 10, "2025-03-03"]
        for p in (nurse_wang, learner.person)
    ]
    outcome = completion_list_upload(
        by=provider_admin, provider=provider, content=xlsx(rows), filename="名单.xlsx"
    )
    completion_list_approve(by=wenzhou_office, completion_list=outcome.completion_list)
    return list(LedgerEntry.objects.order_by("pk"))


def test_revoking_for_fraud_voids_its_credits_and_their_certificates_verify_as_revoked(
    credited, provider, wenzhou_office
):
    certificates = list(Certificate.objects.filter(entry__in=credited))
    assert [verify(c).status for c in certificates] == ["valid", "valid"]
    outcome = provider_revoke(
        by=wenzhou_office,
        provider=provider,
        reason="虚构学员学习记录",
        fraud=True,
        uploaded=pdf("处理决定.pdf"),
    )
    assert (outcome.voided, outcome.left_to_other_cities) == (2, [])
    document = outcome.document
    assert (document.kind, document.original_name) == ("decision", "处理决定.pdf")
    for entry in LedgerEntry.objects.all():
        assert entry.valid is False
        assert entry.void_reason == (
            "远程教育机构医学远程教育网因虚假授分被撤销备案：虚构学员学习记录"
            f"（处理决定：处理决定.pdf，备案材料第 {document.pk} 号）"
        )
    certificates = list(Certificate.objects.filter(entry__in=credited))
    assert [verify(c).status for c in certificates] == ["revoked", "revoked"]
    assert [verify(c).reason for c in certificates] == ["所涉学分已作废"] * 2
    provider.refresh_from_db()
    assert (provider.state, provider.revoked_for_fraud, provider.status_reason) == (
        "revoked",
        True,
        "虚构学员学习记录",
    )
    entry = AuditEntry.objects.get(action="remote.provider_revoked")
    assert (entry.data["voided"], entry.data["document"]) == (2, "处理决定.pdf")


def test_a_fraud_revocation_needs_the_decision_document(credited, provider, wenzhou_office):
    with pytest.raises(DomainError, match="因虚假授分撤销须上传处理决定文件"):
        provider_revoke(by=wenzhou_office, provider=provider, reason="虚构学习记录", fraud=True)
    assert Provider.objects.get().state == "registered"


def test_the_decision_document_is_typed_by_its_content(credited, provider, wenzhou_office):
    fake = SimpleUploadedFile("处理决定.pdf", b"just text, not a PDF")
    with pytest.raises(DomainError, match="不是 PDF、JPG 或 PNG 文件"):
        provider_revoke(
            by=wenzhou_office, provider=provider, reason="虚构", fraud=True, uploaded=fake
        )
    assert LedgerEntry.objects.filter(valid=True).count() == 2


def test_a_revocation_without_fraud_keeps_the_credits_and_stops_new_learning(
    credited, provider, course, wenzhou_office, learner, clock_at
):
    provider_revoke(by=wenzhou_office, provider=provider, reason="机构申请退出")
    assert LedgerEntry.objects.filter(valid=True).count() == 2
    outcome = Player(learner, course.videos.get(), clock_at).beat(0)
    assert outcome.heartbeat.reason == "course_closed"


def test_a_revoked_registration_cannot_be_revoked_again(provider, wenzhou_office):
    provider_revoke(by=wenzhou_office, provider=provider, reason="机构申请退出")
    with pytest.raises(DomainError, match="备案已撤销备案，不能撤销"):
        provider_revoke(by=wenzhou_office, provider=provider, reason="再次")
