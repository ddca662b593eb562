"""The PDFs read back with pdftotext (Chinese text, the facts they state) and the Excel detail
sheet opened with openpyxl."""

import datetime as dt
import io
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.credits.documents import PledgeItem, annual_proof_pdf, certificate_pdf
from jijiao.credits.domain.compliance import annual_proof_issue, compliance_list_confirm
from jijiao.credits.domain.printing import pledge_print
from jijiao.credits.exports import HEADERS, transcript_xlsx
from jijiao.credits.models import Certificate, LedgerEntry
from jijiao.credits.transcript import person_year
from tests.credits.conftest import at
from tests.credits.helpers import approved_in_unit, national_grant

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    # Table cells wrap: compare without the line breaks and spaces the layout put in.
    return "".join(done.stdout.decode("utf-8").split())


def test_pledge_carries_the_full_id_number_and_both_tables(zhao_account, zhao):
    items = [
        PledgeItem("论文", "心梗康复研究", dt.date(2023, 6, 1), credits=Decimal("5")),
        PledgeItem(
            "进修", "心内科进修", dt.date(2023, 3, 1), dt.date(2023, 8, 31), host="浙大二院"
        ),
    ]
    with at("2024-04-02"):
        content = pledge_print(by=zhao_account, person=zhao, items=items)
    text = pdf_text(content)
    assert "承诺书" in text
    assert zhao.reveal_id_number() in text
    assert "一、进修证书" in text and "二、论文、课题" in text
    assert "心梗康复研究" in text and "浙大二院" in text
    assert "一切后果自负" in text and "2024年" in text
    audit = AuditEntry.objects.get(action="credits.pledge_printed")
    assert zhao.reveal_id_number() not in str(audit.data)


def test_pledge_needs_an_item(zhao_account, zhao):
    with pytest.raises(DomainError, match="至少填写一项"):
        pledge_print(by=zhao_account, person=zhao, items=[])


def test_certificate_and_teaching_proof_state_what_was_issued(
    wenzhou_office, zhao, pi_zhang_person
):
    national_grant(
        wenzhou_office,
        [zhao],
        day="2024-05-10",
        credits="6",
        ref="S1",
        lecturers=[(pi_zhang_person, Decimal("2"))],
    )
    attendee = Certificate.objects.get(person=zhao)
    text = pdf_text(certificate_pdf(attendee, verify_url="https://jj.example/credits/v/x"))
    assert "继续医学教育学分证书" in text
    assert "赵一鸣" in text and zhao.id_masked in text
    assert "2024-03-01-001（国）" in text and "Ⅰ类（国家级）" in text
    assert attendee.code in text
    teaching = Certificate.objects.get(person=pi_zhang_person)
    text = pdf_text(certificate_pdf(teaching, verify_url="https://jj.example/credits/v/y"))
    assert "授课证明" in text and "授课2.00学时" in text


def test_annual_proof_pdf(wenzhou_office, hospital_admin, city_hospital, zhao, credit_year_2023):
    approved_in_unit(
        hospital_admin,
        wenzhou_office,
        city_hospital,
        [zhao],
        day="2023-06-01",
        credits="26",
        title="全年院内学习",
    )
    with at("2024-04-02"):
        compliance_list_confirm(by=hospital_admin, unit=city_hospital, year=2023)
        proof = annual_proof_issue(by=hospital_admin, person=zhao, year=2023)
    text = pdf_text(
        annual_proof_pdf(
            proof, standing=person_year(zhao, 2023), verify_url="https://jj.example/v/z"
        )
    )
    assert "2023年度继续医学教育合格证明" in text
    assert "达到规定要求" in text and "26.0" in text


def test_detail_sheet_columns(wenzhou_office, zhao):
    national_grant(wenzhou_office, [zhao], day="2024-05-10", credits="6", ref="S1")
    content = transcript_xlsx("2024 年度学分明细", LedgerEntry.objects.filter(person=zhao))
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[0][:11] == (
        "姓名",
        "证件号码",
        "授分日期",
        "项目编号",
        "活动名称",
        "学分类别",
        "学时",
        "学分",
        "录入方式",
        "审核状态",
        "学分是否有效",
    )
    name, masked, day, number, _title, category, hours, credits, method, status, valid = rows[1]
    assert (name, masked) == ("赵一鸣", zhao.id_masked) and "*" in masked
    assert day.date() == dt.date(2024, 5, 10)
    assert (number, category, hours, credits) == ("2024-03-01-001（国）", "Ⅰ类（国家级）", 18, 6)
    assert (method, status, valid) == ("参加项目", "已通过", "是")
