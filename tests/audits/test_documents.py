"""The documents: 附件1 with the person, the per-year table, totals and the three boxes (the full
ID number printed and the printing logged, the number never in the log); the per-year lists in
date order, one year a page; the pledge for late entries; the campaign's list per district."""

import datetime as dt
import io
import re
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jijiao.audit_log.models import AuditEntry
from jijiao.audits.domain.cases import case_create
from jijiao.audits.domain.decisions import case_approve, case_submit
from jijiao.credits.domain.entries import credits_enter_personal
from tests.audits.helpers import actors_for, full_window
from tests.audits.ledger import build_record
from tests.credits.conftest import at, pdf_upload
from tests.jobs.helpers import run_job

pytestmark = pytest.mark.django_db
WINDOW = [2018, 2019, 2020, 2021, 2022]


def pdf_text(content: bytes, *options: str) -> str:
    """The PDF's text by pdftotext, in layout mode unless other options are given."""
    assert content.startswith(b"%PDF")
    done = subprocess.run(
        ["pdftotext", *(options or ("-layout",)), "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def chen_passed(campaign, credit_years, chen, city_hospital, hospital_admin, wenzhou_office):
    full_window(chen, WINDOW, actors_for(city_hospital, hospital_admin, wenzhou_office))
    with at("2023-09-05"):
        case = case_create(by=hospital_admin, campaign=campaign, person=chen)
        case_submit(by=hospital_admin, case=case, opinion="经审核，情况属实，同意上报")
        case_approve(by=wenzhou_office, case=case, opinion="学分审核合格")
    return case


def test_the_registration_form_prints_the_table_and_the_boxes(
    client, chen_passed, chen, wenzhou_office
):
    client.force_login(wenzhou_office)
    response = client.get(f"/audits/cases/{chen_passed.pk}/form.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = flat(pdf_text(response.content))
    assert "温州市卫生系统中高级卫生技术人员继续医学教育学分登记" in text
    assert "各年度获得学分汇总" in text
    for year in WINDOW:
        assert f"{year}年 1月起至12月止 10.0 0.0 16.0 26.0 达标" in text
    assert "合计 50.0 0.0 80.0 130.0 符合要求" in text
    assert chen.reveal_id_number() in text
    boxes = text.split("130.0 符合要求")[1]
    assert boxes.index("同意上报。经审核，情况属实，同意上报") < boxes.index(
        "市直属单位，不经区县审核"
    )
    assert boxes.index("市直属单位，不经区县审核") < boxes.index("审核合格。学分审核合格")
    for label in (
        "医疗卫生机构审核意见",
        "县（市、区）卫健局审核意见",
        "市继续医学教育委员会审核意见",
    ):
        assert label in boxes
    assert "盖章 2023 年 9 月 5 日" in boxes
    revealed = AuditEntry.objects.get(action="person.id_revealed")
    assert revealed.object_id == str(chen.pk)
    assert revealed.data["purpose"] == "晋升学分登记汇总表（附件1）"
    assert AuditEntry.objects.filter(action="audits.form_printed").count() == 1
    logged = " ".join(str(e.data) + e.object_label for e in AuditEntry.objects.all())
    assert chen.reveal_id_number() not in logged


def test_the_per_year_lists_are_one_page_a_year_in_date_order(
    client, campaign, credit_years, chen, city_hospital, hospital_admin, wenzhou_office
):
    actors = actors_for(city_hospital, hospital_admin, wenzhou_office)
    for number, day in ((1, "2020-11-20"), (2, "2020-03-02"), (3, "2020-07-15")):
        build_record(
            chen,
            {"year": 2020, "type": "院内活动", "class": "II", "credits": 2, "date": day},
            number,
            actors,
        )
    build_record(
        chen, {"year": 2020, "type": "院内活动", "credits": 3, "status": "pending"}, 4, actors
    )
    case = case_create(by=hospital_admin, campaign=campaign, person=chen)
    client.force_login(hospital_admin)
    text = pdf_text(client.get(f"/audits/cases/{case.pk}/lists.pdf").content)
    pages = text.split("\f")
    assert [p for p in pages if "年度继续医学教育学分汇总清单" in p].__len__() == 5
    page_2020 = flat(next(p for p in pages if "2020 年度继续医学教育学分汇总清单" in p))
    days = re.findall(r"2020-\d\d-\d\d", page_2020.split("未计入的记录")[0])
    assert days == ["2020-03-02", "2020-07-15", "2020-11-20"]
    assert "本年度合计（Ⅰ类 0.0 Ⅱ类 6.0） 6.0" in page_2020
    assert "未计入的记录" in page_2020 and "待单位审核" in page_2020
    one = pdf_text(client.get(f"/audits/cases/{case.pk}/lists/2020.pdf").content)
    assert one.count("年度继续医学教育学分汇总清单") == 1


def test_the_pledge_lists_the_late_entries_made_for_the_audit(
    client, campaign, credit_years, chen, hospital_admin
):
    with at("2022-06-01"):
        credits_enter_personal(
            by=hospital_admin,
            person=chen,
            activity_type="论文",
            title="急性心肌梗死介入治疗的临床观察",
            activity_date=dt.date(2021, 5, 10),
            credits=Decimal("5"),
            details={"journal": "浙江医学", "journal_tier": "省级期刊", "author_rank": "第一作者"},
            evidence=[pdf_upload("论文.pdf")],
            pledge=pdf_upload("承诺书.pdf"),
        )
    case = case_create(by=hospital_admin, campaign=campaign, person=chen)
    client.force_login(hospital_admin)
    page = client.get(f"/audits/cases/{case.pk}/").content.decode()
    assert "打印补录承诺书（附件2）" in page
    content = client.get(f"/audits/cases/{case.pk}/pledge.pdf").content
    text = flat(pdf_text(content))
    assert re.search(r"承\s*诺\s*书", text)
    assert chen.reveal_id_number() in text
    cells = re.sub(r"\s+", "", pdf_text(content, "-raw"))
    assert "论文：急性心肌梗死介入治疗的临床观察" in cells and "5.0" in cells
    assert AuditEntry.objects.filter(action="audits.pledge_printed").count() == 1


def test_no_pledge_without_late_entries(client, chen_passed, hospital_admin):
    client.force_login(hospital_admin)
    response = client.get(f"/audits/cases/{chen_passed.pk}/pledge.pdf", follow=True)
    assert "没有补录的学分，无需承诺书" in response.content.decode()


def test_the_campaign_list_is_grouped_by_district(
    client,
    chen_passed,
    campaign,
    lin,
    ruian_person,
    lucheng_admin,
    ruian_admin,
    wenzhou_office,
    lucheng_office,
    django_capture_on_commit_callbacks,
):
    for admin, person in ((ruian_admin, ruian_person), (lucheng_admin, lin)):
        case = case_create(by=admin, campaign=campaign, person=person)
        case_submit(by=admin, case=case, opinion="同意上报")
    client.force_login(wenzhou_office)
    assert "导出名单（Excel，按区县分表）" in client.get(f"/audits/{campaign.pk}/").content.decode()
    _job, content, page = run_job(
        client, f"/audits/{campaign.pk}/export/", django_capture_on_commit_callbacks
    )
    assert f"{campaign.year}年晋升学分审核名单共 3 人（按区县分表）。" in page
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == [f"{campaign.year}年学分审核名单", "市直属单位", "瑞安市", "鹿城区"]
    assert [r[2] for r in book["瑞安市"].iter_rows(min_row=2, values_only=True)] == ["郑海波"]
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("区县", "单位", "姓名", "身份证号")
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ("市直属单位", "陈明远"),
        ("瑞安市", "郑海波"),
        ("鹿城区", "林晓燕"),
    ]
    assert rows[1][3] == chen_passed.person.id_masked
    assert rows[1][8:13] == (26.0, 26.0, 26.0, 26.0, 26.0)
    assert rows[1][-3] == "审核合格"
    assert "AUD_YEAR_NONCOMPLIANT" in rows[2][-4]
    # The county's list has its own district only.
    client.force_login(lucheng_office)
    _job, content, _page = run_job(
        client, f"/audits/{campaign.pk}/export/", django_capture_on_commit_callbacks
    )
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == [f"{campaign.year}年学分审核名单"]
    assert [r[2] for r in book.active.iter_rows(min_row=2, values_only=True)] == ["林晓燕"]
    # A GET starts nothing.
    assert client.get(f"/audits/{campaign.pk}/export/").status_code == 405
