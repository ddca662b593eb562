"""The pages: entering, reviewing, the transcript and its export, files, the public
verification page and its JSON, the menu; 404 outside each account's sight."""

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from jijiao.credits.domain.approval import ledger_entry_approve
from jijiao.credits.domain.voids import ledger_year_void
from jijiao.credits.models import Certificate, Evidence, LedgerEntry
from jijiao.orgs.domain.people import person_transfer_in, person_transfer_out
from tests.credits.conftest import at, pdf_upload
from tests.credits.helpers import national_grant
from tests.credits.test_approval import enter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def login(client, account):
    client.force_login(account)
    return client


def test_menu_has_the_credits_entry(client, zhao_account):
    page = login(client, zhao_account).get(reverse("credits:home"))
    assert page.status_code == 200
    groups = {g["label"]: g for g in page.context["menu_groups"]}
    assert groups["学分"]["active"] is True
    assert {"label": "学分", "url": "/credits/", "active": True} in groups["学分"]["links"]


def test_department_admin_enters_for_five_through_the_form(
    client, dept_admin, staff, credit_year_2023
):
    login(client, dept_admin)
    with at("2023-12-20"):
        form = client.get(reverse("credits:in_unit_new"))
        # The department admin (李超) is in the department too.
        assert len(form.context["form"].fields["attendees"].queryset) == 6
        answer = client.post(
            reverse("credits:in_unit_new"),
            {
                "activity_type": "病例讨论",
                "title": "急性心梗病例讨论",
                "activity_date": "2023-12-18",
                "hours": "2",
                "credits": "1.0",
                "attendees": [p.pk for p in staff],
            },
        )
    assert answer.status_code == 302
    assert LedgerEntry.objects.filter(status="pending_unit").count() == 5


def test_a_late_entry_without_proof_shows_what_is_missing(
    client, hospital_admin, staff, credit_year_2023
):
    login(client, hospital_admin)
    with at("2024-01-05"):
        answer = client.post(
            reverse("credits:in_unit_new"),
            {
                "activity_type": "科内业务学习",
                "title": "科内学习",
                "activity_date": "2023-12-18",
                "credits": "1.0",
                "attendees": [staff[0].pk],
            },
        )
    assert answer.status_code == 200
    assert "证明材料（学习记录或考勤）" in answer.content.decode()
    assert LedgerEntry.objects.count() == 0


def test_bulk_approval_and_a_return_through_the_pages(
    client, hospital_admin, city_hospital, staff, credit_year_2023
):
    with at("2023-10-20"):
        rows = enter(hospital_admin, city_hospital, staff)
        login(client, hospital_admin)
        chosen = {"entry": [e.pk for e in rows[:4]]}
        asked = client.post(reverse("credits:review"), chosen).content.decode()
        assert "将通过所选 4 条学分记录" in asked
        assert LedgerEntry.objects.filter(status="pending_city").count() == 0
        answer = client.post(reverse("credits:review"), {**chosen, "confirmed": "yes"})
        assert answer.status_code == 302
        answer = client.post(
            reverse("credits:entry_act", args=[rows[4].pk]),
            {"action": "return", "reason": "该同志当天休假"},
        )
        detail = client.get(reverse("credits:entry", args=[rows[4].pk])).content.decode()
    assert LedgerEntry.objects.filter(status="pending_city").count() == 4
    rows[4].refresh_from_db()
    assert rows[4].status == "returned"
    assert "该同志当天休假" in detail


def test_transcript_page_and_export(client, wenzhou_office, zhao, zhao_account):
    national_grant(wenzhou_office, [zhao], day="2024-05-10", credits="6", ref="S1")
    login(client, zhao_account)
    page = client.get(reverse("credits:person", args=[zhao.pk]) + "?year=2024")
    assert page.status_code == 200
    assert page.context["t"].class1_national == Decimal("6.0")
    assert "心血管疾病诊疗进展学习班" in page.content.decode()
    export = client.get(reverse("credits:export", args=[zhao.pk]) + "?year=2024")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][:3] == ["姓名", "证件号码", "授分日期"]
    assert sheet.cell(row=2, column=2).value == zhao.id_masked


def test_certificate_pdf_for_its_owner_only(client, wenzhou_office, zhao, zhao_account, pi_zhang):
    national_grant(wenzhou_office, [zhao], day="2024-05-10", credits="6", ref="S1")
    code = Certificate.objects.get(person=zhao).code
    answer = login(client, zhao_account).get(reverse("credits:certificate", args=[code]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    client.logout()
    assert (
        login(client, pi_zhang).get(reverse("credits:certificate", args=[code])).status_code == 404
    )


def test_public_verification_shows_masked_facts_and_turns_revoked(client, wenzhou_office, zhao):
    national_grant(wenzhou_office, [zhao], day="2024-05-10", credits="6", ref="S1")
    code = Certificate.objects.get(person=zhao).code
    page = client.get(reverse("credits:verify", args=[code]))
    text = page.content.decode()
    assert page.status_code == 200 and "赵*鸣" in text and "赵一鸣" not in text
    assert "2024-03-01-001（国）" in text and "有效" in text
    assert zhao.id_masked not in text
    with at("2024-11-01"):
        ledger_year_void(
            by=wenzhou_office, person=zhao, year=2024, reason="伪造签到", document=pdf_upload()
        )
    page = client.get(reverse("credits:verify", args=[code]))
    assert "已撤销" in page.content.decode()
    data = client.get(reverse("credits:verify_json", args=[code])).json()
    assert data["status"] == "revoked" and data["name_masked"] == "赵*鸣"
    assert data["credits"] == "6.0" and data["project_number"] == "2024-03-01-001（国）"
    assert client.get(reverse("credits:verify", args=["nosuchcode123"])).status_code == 404


def test_verification_is_rate_limited(client, settings):
    settings.CREDITS_VERIFY_PER_MINUTE = 3
    codes = [
        client.get(reverse("credits:verify_json", args=[f"x{i}"])).status_code for i in range(4)
    ]
    assert codes == [404, 404, 404, 429]


def test_entries_are_404_outside_sight(
    client,
    hospital_admin,
    lucheng_admin,
    lucheng_office,
    wenzhou_office,
    city_hospital,
    staff,
    credit_year_2023,
):
    with at("2023-10-20"):
        (entry,) = enter(hospital_admin, city_hospital, staff[:1])
    url = reverse("credits:entry", args=[entry.pk])
    for account, status in (
        (hospital_admin, 200),
        (wenzhou_office, 200),
        (lucheng_admin, 404),
        (lucheng_office, 404),
    ):
        client.force_login(account)
        assert client.get(url).status_code == status, account
    client.force_login(lucheng_admin)
    assert client.get(reverse("credits:person", args=[staff[0].pk])).status_code == 404


def test_old_unit_keeps_reading_what_it_approved_after_a_transfer(
    client, hospital_admin, lucheng_admin, city_hospital, lucheng_hospital, zhao, credit_year_2023
):
    with at("2023-10-20"):
        (entry,) = enter(hospital_admin, city_hospital, [zhao])
        ledger_entry_approve(by=hospital_admin, entry=entry)
        person_transfer_out(by=hospital_admin, person=zhao, reason="调往鹿城区")
        person_transfer_in(
            by=lucheng_admin, unit=lucheng_hospital, id_number=zhao.reveal_id_number()
        )
    client.force_login(hospital_admin)
    assert client.get(reverse("credits:entry", args=[entry.pk])).status_code == 200
    assert client.get(reverse("credits:person", args=[zhao.pk])).status_code == 404
    client.force_login(lucheng_admin)
    page = client.get(reverse("credits:person", args=[zhao.pk]) + "?year=2023")
    assert page.status_code == 200 and [e.pk for e in page.context["t"].rows] == [entry.pk]


def test_pledge_button_gives_the_pdf(client, zhao_account, credit_year_2023):
    login(client, zhao_account)
    with at("2024-04-02"):
        answer = client.post(
            reverse("credits:personal_new"),
            {
                "action": "pledge",
                "activity_type": "论文",
                "title": "心梗康复研究",
                "activity_date": "2023-06-01",
                "credits": "5",
            },
        )
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_review_queue_queries_do_not_grow_with_rows(
    client, hospital_admin, city_hospital, staff, credit_year_2023
):
    login(client, hospital_admin)
    counts = []
    with at("2023-10-20"):
        for index, size in enumerate((1, 3)):
            enter(hospital_admin, city_hospital, staff[:size], day=f"2023-10-1{index}")
            LedgerEntry.objects.exclude(activity_date=f"2023-10-1{index}").update(
                status="approved", current_office=None
            )
            counts.append(queries_for(client, reverse("credits:review")))
    assert counts[0] == counts[1]


def test_transcript_queries_do_not_grow_with_rows(client, wenzhou_office, zhao, zhao_account):
    login(client, zhao_account)
    url = reverse("credits:person", args=[zhao.pk]) + "?year=2024"
    national_grant(wenzhou_office, [zhao], day="2024-05-10", credits="2", ref="S0")
    one = queries_for(client, url)
    for index in (1, 2):
        national_grant(wenzhou_office, [zhao], day="2024-05-10", credits="2", ref=f"S{index}")
    assert queries_for(client, url) == one


def _bad_proofs():
    """A file one byte over the proof cap (1 MB here), an HTML page and a text file, each named
    like a PDF — the three files the credits uploads used to accept."""
    return [
        (
            SimpleUploadedFile("证明.pdf", b"%PDF-1.7\n" + bytes(1024 * 1024 - 8)),
            "收到的文件有 1.0 MB（1,048,577 字节）",
        ),
        (
            SimpleUploadedFile("evil.pdf", b"<!DOCTYPE html><script>alert(1)</script>"),
            "收到的是 HTML 文件",
        ),
        (SimpleUploadedFile("说明.pdf", "这是一个文本文件".encode()), "收到的是文本文件"),
    ]


def test_the_credits_uploads_refuse_oversized_html_and_text_files_and_store_nothing(
    client, settings, media_root, hospital_admin, zhao, zhao_account, staff, credit_year_2023
):
    settings.UPLOAD_PROOF_MB = 1
    allowed = "只能上传 PDF、JPG、PNG 文件，且不超过 1 MB；"
    personal = {"activity_type": "论文", "title": "心梗康复研究", "activity_date": "2023-06-01"}
    in_unit = {
        "activity_type": "病例讨论",
        "title": "急性心梗病例讨论",
        "activity_date": "2023-12-18",
        "credits": "1.0",
        "attendees": [staff[0].pk],
    }
    pages = [
        (zhao_account, reverse("credits:personal_new"), {**personal, "credits": "5"}, "evidence"),
        (hospital_admin, reverse("credits:in_unit_new"), in_unit, "proof"),
        (hospital_admin, reverse("credits:annual_facts", args=[zhao.pk, 2023]), {}, "evidence"),
    ]
    with at("2023-12-20"):
        for account, url, data, field in pages:
            login(client, account)
            for upload, received in _bad_proofs():
                page = client.post(url, {**data, field: upload})
                text = page.content.decode()
                assert page.status_code == 200
                assert f"文件“{upload.name}”：{allowed}" in text and received in text
    assert LedgerEntry.objects.count() == 0
    assert not Evidence.objects.exists()
    assert not any(media_root.rglob("*.*"))
