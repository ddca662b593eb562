"""Credit rows tell the person whose row it is (and, for a return or a refusal, whoever entered
it): approved at the last stage, returned, refused; passing a row on tells no one."""

import pytest
from django.core import mail

from jijiao.credits.domain.approval import (
    ledger_entry_approve,
    ledger_entry_reject,
    ledger_entry_return,
)
from jijiao.credits.domain.voids import ledger_year_void
from jijiao.notifications.models import Message
from tests.credits.conftest import at, pdf_upload
from tests.credits.test_approval import enter
from tests.credits.test_voids import granted  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def test_approval_return_and_refusal_reach_the_person_and_the_enterer(
    hospital_admin, wenzhou_office, city_hospital, staff, zhao_account, credit_year_2023,
    pi_zhang, django_capture_on_commit_callbacks,
):  # fmt: skip
    for account in (hospital_admin, wenzhou_office, zhao_account, pi_zhang):
        account.email = f"{account.username}@example.org"
        account.save(update_fields=["email"])
    with at("2023-10-20"):
        first, second, third = (
            enter(hospital_admin, city_hospital, [staff[0]] * 1)
            + enter(hospital_admin, city_hospital, [staff[0]], day="2023-10-19")
            + enter(hospital_admin, city_hospital, [staff[0]], day="2023-10-17")
        )
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            ledger_entry_approve(by=hospital_admin, entry=first)
        assert not Message.objects.exists()  # on to the city: nothing to tell yet
        with django_capture_on_commit_callbacks(execute=True):
            ledger_entry_approve(by=wenzhou_office, entry=first)
            ledger_entry_return(by=hospital_admin, entry=second, reason="缺签到表")
            ledger_entry_reject(by=hospital_admin, entry=third, reason="非继续教育活动")
    told = sorted(Message.objects.values_list("recipient__username", "title"))
    assert told == [
        ("hospital_admin", "学分记录未通过：心内科教学查房"),
        ("hospital_admin", "学分记录被退回：心内科教学查房"),
        ("zhao", "学分已审核通过：心内科教学查房"),
        ("zhao", "学分记录未通过：心内科教学查房"),
        ("zhao", "学分记录被退回：心内科教学查房"),
    ]
    returned = Message.objects.filter(recipient=zhao_account, title__contains="退回").get()
    assert "原因：缺签到表" in returned.body and returned.url == f"/credits/entries/{second.pk}/"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["hospital_admin@example.org"] * 2 + ["zhao@example.org"] * 3
    )


def test_certificates_issued_and_a_voided_year_are_told_to_their_holder_alone(
    wenzhou_office,
    zhao,
    zhao_account,
    staff,
    granted,  # noqa: F811
):
    issued = Message.objects.filter(kind="certificate").order_by("pk")
    assert [m.recipient for m in issued] == [zhao_account] * 3  # staff[1] has no account
    assert all(m.title.startswith("学分证书已发放：") for m in issued)
    assert all("核验码" in m.body and m.url.startswith("/credits/entries/") for m in issued)
    with at("2024-11-01"):
        ledger_year_void(
            by=wenzhou_office,
            person=zhao,
            year=2024,
            reason="伪造签到记录",
            document=pdf_upload("处理决定.pdf"),
        )
    voided = Message.objects.filter(kind="certificate", title__contains="作废").get()
    assert voided.recipient == zhao_account and voided.title == "2024年度学分已作废"
    assert "2024年度的 2 条学分记录已依处理决定作废" in voided.body
    assert "原因：伪造签到记录" in voided.body and voided.url == "/credits/transcript/"


def test_a_voided_row_and_chosen_rows_voided_are_told_to_each_holder_alone(
    wenzhou_office, hospital_admin, zhao, zhao_account, staff, granted,  # noqa: F811
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from jijiao.credits.domain.approval import ledger_entry_void
    from jijiao.credits.domain.voids import ledger_entries_void
    from jijiao.credits.models import LedgerEntry

    for account in (wenzhou_office, hospital_admin, zhao_account):
        account.email = f"{account.username}@example.org"
        account.save(update_fields=["email"])
    Message.objects.all().delete()
    mail.outbox.clear()
    single = LedgerEntry.objects.get(person=zhao, source_id="A")
    chosen = [
        LedgerEntry.objects.get(person=zhao, source_id="B"),
        LedgerEntry.objects.get(person=zhao, year=2023),
        LedgerEntry.objects.get(person=staff[1]),  # no account: nobody to tell
    ]
    with at("2024-11-01"), django_capture_on_commit_callbacks(execute=True):
        ledger_entry_void(by=wenzhou_office, entry=single, reason="重复授分")
        ledger_entries_void(
            by=wenzhou_office,
            entries=chosen,
            reason="专项核查",
            document=pdf_upload("核查通报.pdf"),
        )
    told = list(Message.objects.order_by("pk").values_list("recipient", "kind", "title", "url"))
    assert told == [
        (zhao_account.pk, "certificate", f"学分记录已作废：{e.title}", f"/credits/entries/{e.pk}/")
        for e in [single, *chosen[:2]]
    ]
    bodies = list(Message.objects.order_by("pk").values_list("body", flat=True))
    assert "原因：重复授分" in bodies[0] and all("原因：专项核查" in b for b in bodies[1:])
    assert all("证书核验时显示为已撤销" in b for b in bodies)
    assert [m.to for m in mail.outbox] == [["zhao@example.org"]] * 3
