"""The pages: a unit adds and submits a candidate, the offices decide, evidence is ticked; the
menu shows the audit to the roles that work in it; pages outside one's view answer 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.audits.domain.cases import case_create
from jijiao.audits.domain.decisions import case_submit
from jijiao.audits.models import AuditCase, EvidenceMark
from tests.audits.helpers import actors_for, full_window
from tests.audits.ledger import build_record
from tests.credits.conftest import at

pytestmark = pytest.mark.django_db
WINDOW = [2018, 2019, 2020, 2021, 2022]


@pytest.fixture
def lin_ready(credit_years, lin, lucheng_hospital, lucheng_admin, lucheng_office, wenzhou_office):
    full_window(
        lin, WINDOW, actors_for(lucheng_hospital, lucheng_admin, wenzhou_office, lucheng_office)
    )
    return lin


def test_the_menu_shows_the_audit_to_unit_admins_and_offices(client, lucheng_admin, nurse_wang):
    client.force_login(lucheng_admin)
    page = client.get("/audits/")
    assert page.status_code == 200
    assert '<a href="/audits/"' in page.content.decode()


def test_a_unit_admin_adds_and_submits_a_candidate(client, campaign, lin_ready, lucheng_admin):
    client.force_login(lucheng_admin)
    page = client.get(f"/audits/{campaign.pk}/").content.decode()
    assert "本单位送审日期：2023年9月5日" in page
    response = client.post(f"/audits/{campaign.pk}/cases/new/", {"person": lin_ready.pk})
    case = AuditCase.objects.get(person=lin_ready)
    assert response.status_code == 302 and response.url == f"/audits/cases/{case.pk}/"
    page = client.get(response.url).content.decode()
    assert "各年度获得学分汇总" in page and "符合要求" in page
    assert lin_ready.id_masked in page
    response = client.post(f"/audits/cases/{case.pk}/submit/", {"opinion": "同意上报"})
    case.refresh_from_db()
    assert case.status == AuditCase.Status.PENDING_COUNTY


def test_the_county_returns_a_case_with_its_reason_through_the_page(
    client, campaign, lin_ready, lucheng_admin, lucheng_office
):
    case = case_create(by=lucheng_admin, campaign=campaign, person=lin_ready)
    case_submit(by=lucheng_admin, case=case, opinion="同意上报")
    client.force_login(lucheng_office)
    response = client.post(f"/audits/cases/{case.pk}/return/", {"opinion": "缺少 2018 年证书"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == AuditCase.Status.RETURNED
    client.force_login(lucheng_admin)
    page = client.get(f"/audits/cases/{case.pk}/").content.decode()
    assert "缺少 2018 年证书" in page and "已退回单位" in page


def test_the_city_sees_whom_the_case_waits_for_not_the_countys_box(
    client, campaign, lin_ready, lucheng_admin, lucheng_office, wenzhou_office
):
    case = case_create(by=lucheng_admin, campaign=campaign, person=lin_ready)
    case_submit(by=lucheng_admin, case=case, opinion="同意上报")
    client.force_login(wenzhou_office)
    page = client.get(f"/audits/cases/{case.pk}/").content.decode()
    assert "县（市、区）卫健局审核意见" not in page
    assert "本审核对象正等待" in page and "审核同意</button>" not in page
    client.force_login(lucheng_office)
    page = client.get(f"/audits/cases/{case.pk}/").content.decode()
    assert "县（市、区）卫健局审核意见" in page and "本审核对象正等待" not in page


def test_a_return_without_reason_is_refused_with_a_message(
    client, campaign, lin_ready, lucheng_admin, lucheng_office
):
    case = case_create(by=lucheng_admin, campaign=campaign, person=lin_ready)
    case_submit(by=lucheng_admin, case=case, opinion="同意上报")
    client.force_login(lucheng_office)
    response = client.post(f"/audits/cases/{case.pk}/return/", {"opinion": ""}, follow=True)
    assert "退回须写明原因" in response.content.decode()
    case.refresh_from_db()
    assert case.status == AuditCase.Status.PENDING_COUNTY


def test_evidence_is_uploaded_and_marked_seen_on_paper_through_the_page(
    client,
    campaign,
    credit_years,
    lin,
    lucheng_hospital,
    lucheng_admin,
    lucheng_office,
    wenzhou_office,
):
    actors = actors_for(lucheng_hospital, lucheng_admin, wenzhou_office, lucheng_office)
    [paper] = build_record(
        lin, {"year": 2021, "type": "论文", "class": "II", "credits": 5}, 7, actors
    )
    case = case_create(by=lucheng_admin, campaign=campaign, person=lin)
    client.force_login(lucheng_admin)
    page = client.get(f"/audits/cases/{case.pk}/").content.decode()
    assert "目录（标题处打“√”）" in page and "AUD_EVIDENCE_MISSING" in page
    url = f"/audits/cases/{case.pk}/evidence/"
    scan = SimpleUploadedFile("封面.pdf", b"%PDF-1.4 a scanned cover")
    client.post(url, {"entry": paper.pk, "item": "cover", "action": "upload", "file": scan})
    client.post(url, {"entry": paper.pk, "item": "contents", "action": "paper"})
    ledger_file = paper.evidence.get()
    client.post(
        url,
        {"entry": paper.pk, "item": "text", "action": "ledger", "ledger_evidence": ledger_file.pk},
    )
    marks = dict(EvidenceMark.objects.filter(case=case).values_list("item", "how"))
    assert marks == {"cover": "uploaded", "contents": "paper", "text": "ledger"}
    page = client.get(f"/audits/cases/{case.pk}/").content.decode()
    assert "AUD_EVIDENCE_MISSING" not in page


def test_pages_outside_ones_view_answer_404(
    client, campaign, lin_ready, lucheng_admin, ruian_office, hospital_admin, other_city_admin
):
    case = case_create(by=lucheng_admin, campaign=campaign, person=lin_ready)
    case_submit(by=lucheng_admin, case=case, opinion="同意上报")
    for account in (ruian_office, hospital_admin, other_city_admin):
        client.force_login(account)
        assert client.get(f"/audits/cases/{case.pk}/").status_code == 404
        assert client.get(f"/audits/cases/{case.pk}/form.pdf").status_code == 404
        assert (
            client.post(f"/audits/cases/{case.pk}/approve/", {"opinion": "同意"}).status_code == 404
        )
    client.force_login(other_city_admin)
    assert client.get(f"/audits/{campaign.pk}/").status_code == 404


def test_the_city_opens_a_campaign_through_the_page(client, wenzhou_office, wenzhou_office_unit):
    client.force_login(wenzhou_office)
    form = client.get("/audits/new/").content.decode()
    assert "鹿城区" in form and "泰顺县" in form
    data = {
        "year": 2024,
        "policy_id": "wenzhou-2023",
        "place": "百榕大厦",
        "slot1_from": "2024-09-05",
        "slot1_to": "2024-09-09",
        "slot1_hours": "上午8:30-11:30，下午14:00-17:00",
        "slot1_direct": "on",
        "slot1_districts": ["330302", "330303", "330304", "330305"],
        "slot2_from": "2024-09-10",
        "slot2_to": "2024-09-14",
        "slot2_hours": "上午8:30-11:30，下午14:00-17:00",
        "slot2_districts": ["330381", "330382", "330383", "330327"],
    }
    with at("2024-08-20"):
        response = client.post("/audits/new/", data)
        assert response.status_code == 302, response.content.decode()[-2000:]
        page = client.get(response.url).content.decode()
    assert "市直属医疗卫生单位、市属民营医疗单位、鹿城区、龙湾区、瓯海区、洞头区" in page
    assert "苍南县、瑞安市、乐清市、龙港市" in page
    assert "每日受理情况" in page
