"""The hosting pages: lists, forms, the 附件1 form as PDF and Excel, 404 outside."""

import datetime as dt
import io
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from jijiao.hosting.models import Session, SessionChange
from tests.hosting.conftest import START, at, make_session, ready_to_file

pytestmark = pytest.mark.django_db


def test_host_plans_a_session_from_the_page(client, hospital_admin, city_project):
    client.force_login(hospital_admin)
    url = reverse("hosting:session_create", args=[city_project.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "starts_at": "2025-05-20T09:00",
            "ends_at": "2025-05-20T17:00",
            "venue": "本院学术报告厅",
            "format": "offline",
            "days": "1",
            "capacity": "120",
            "teachers": "张建华",
            "policy_id": "anyang-2022",
        },
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hosting:session", args=[session.pk])
    assert (session.sequence, session.policy_id, session.venue) == (
        1,
        "anyang-2022",
        "本院学术报告厅",
    )


def test_changed_venue_from_the_page_needs_and_keeps_the_reason(
    client, hospital_admin, city_project
):
    from jijiao.hosting.domain.filing import filing_submit

    session = make_session(hospital_admin, city_project, "anyang-2022")
    with at(dt.date(2025, 5, 1)):
        ready_to_file(hospital_admin, session)
        filing_submit(by=hospital_admin, session=session)
    client.force_login(hospital_admin)
    form = {
        "starts_at": "2025-05-20T09:00",
        "ends_at": "2025-05-20T17:00",
        "venue": "新院区报告厅",
        "format": "offline",
        "days": "1",
        "capacity": "120",
        "teachers": "张建华\n陈志强",
        "schedule": "",
    }
    url = reverse("hosting:session_edit", args=[session.pk])
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "本期已报备，变更举办地点须填写变更原因" in refused.text
    assert client.post(url, {**form, "reason": "原报告厅装修"}).status_code == 302
    detail = client.get(reverse("hosting:session", args=[session.pk]))
    assert "原报告厅装修" in detail.text
    assert SessionChange.objects.get().after == "新院区报告厅"


def test_filing_page_shows_the_deadline_check(client, hospital_admin, city_project):
    session = make_session(hospital_admin, city_project, "anyang-2022")
    client.force_login(hospital_admin)
    with at(START.date() - dt.timedelta(days=9)):
        response = client.get(reverse("hosting:filing", args=[session.pk]))
    assert response.status_code == 200
    assert "FIL_LATE" in response.text
    assert "举办前 9 天报备，应至少提前 10 天" in response.text


def test_filing_form_as_excel(client, hospital_admin, national_project):
    session = make_session(hospital_admin, national_project, "national-2024")
    client.force_login(hospital_admin)
    response = client.get(reverse("hosting:filing_xlsx", args=[session.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [
        [
            "举办单位",
            "项目编号",
            "项目名称",
            "举办时间",
            "举办地点",
            "培训人数",
            "拟授学分",
            "备注",
        ],
        [
            "温州市第一人民医院",
            "2025-03-01-001（国）",
            "心力衰竭诊疗进展学习班",
            "2025-05-20",
            "本院学术报告厅",
            120,
            "10",
            "第1期，线下",
        ],
    ]


def test_filing_form_as_pdf_has_the_text_of_seed_003(client, hospital_admin, national_project):
    session = make_session(hospital_admin, national_project, "national-2024")
    client.force_login(hospital_admin)
    response = client.get(reverse("hosting:filing_pdf", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for expected in (
        "国家级继续医学教育项目举办报备表",
        "报备单位：温州市第一人民医院",
        "举办单位",
        "拟授学分",
        "2025-03-01-001（国）",
    ):
        assert expected in text


def test_another_units_session_is_404(client, lucheng_admin, hospital_admin, city_project):
    session = make_session(hospital_admin, city_project, "anyang-2022")
    client.force_login(lucheng_admin)
    for name in ("session", "session_edit", "filing", "filing_pdf", "filing_xlsx"):
        assert client.get(reverse(f"hosting:{name}", args=[session.pk])).status_code == 404, name
    url = reverse("hosting:session_create", args=[city_project.pk])
    assert client.get(url).status_code == 404


def test_office_sees_and_reviews_a_filed_session(
    client, hospital_admin, wenzhou_office, city_project
):
    from jijiao.hosting.domain.filing import filing_submit

    session = make_session(hospital_admin, city_project, "anyang-2022")
    with at(dt.date(2025, 5, 1)):
        ready_to_file(hospital_admin, session)
        filing_submit(by=hospital_admin, session=session)
    client.force_login(wenzhou_office)
    assert "审核报备" in client.get(reverse("hosting:session", args=[session.pk])).text
    url = reverse("hosting:filing_review", args=[session.pk])
    asked = client.post(url, {"action": "accept"})
    assert "将通过" in asked.text and "不能撤回" in asked.text
    session.refresh_from_db()
    assert session.state == "filed"
    assert client.post(url, {"action": "accept", "confirmed": "yes"}).status_code == 302
    session.refresh_from_db()
    assert session.state == "accepted"


@pytest.mark.parametrize("rows", [1, 3])
def test_session_list_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries, hospital_admin, city_project, national_project, rows
):
    projects = [city_project, national_project, city_project]
    for index in range(rows):
        make_session(
            hospital_admin,
            projects[index],
            "anyang-2022",
            start=START + dt.timedelta(days=40 * index),
        )
    client.force_login(hospital_admin)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("hosting:sessions")).status_code == 200
