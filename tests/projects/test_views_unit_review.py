"""The unit admin's review page: findings side by side, recommendation within the quota, the
return with reasons, and the summary of recommended applications (seed 000 附件2)."""

import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from jijiao.projects.domain.applications import (
    application_create,
    application_save,
    application_submit,
)
from jijiao.projects.models import Application
from tests.factories import AccountFactory, PersonFactory, grant
from tests.factories.records import PastProjectFactory
from tests.projects.conftest import PROJECT, good_schedule

pytestmark = pytest.mark.django_db


def _as(client, account):
    client.force_login(account)
    return client


def another_submitted(city_call, city_hospital, cardiology, name, summary):
    person = PersonFactory(
        name=f"{name[:2]}主任", unit=city_hospital, department=cardiology, title_level="正高"
    )
    account = grant(AccountFactory(person=person), "applicant", city_hospital)
    application = application_create(
        by=account, call=city_call, fields=dict(PROJECT, name=name, summary=summary)
    )
    application_save(
        by=account, application=application, fields={}, courses=good_schedule(person, person)
    )
    return application_submit(by=account, application=application)


def test_the_unit_sees_its_submitted_applications_with_their_findings(
    client, hospital_admin, submitted, city_call
):
    page = _as(client, hospital_admin).get("/projects/unit/").content.decode()
    assert f'<option value="{city_call.pk}" selected>' in page
    assert f'<input type="checkbox" name="application" value="{submitted.pk}"' in page
    assert f'<a href="/projects/applications/{submitted.pk}/">{PROJECT["name"]}</a>' in page
    assert "<td>张建华（心血管内科）</td>" in page
    # First time at this level: the quota is one (温继委办发〔2025〕1号 三.1).
    assert "推荐限额：<strong>1</strong> 项，已推荐 <strong>0</strong> 项" in page
    assert "<td>12.0</td><td>2.5</td>" in page


def test_a_draft_is_not_shown_to_the_unit(client, hospital_admin, draft):
    page = _as(client, hospital_admin).get("/projects/unit/").content.decode()
    assert PROJECT["name"] not in page


def test_recommend_within_the_quota(client, hospital_admin, submitted, city_call):
    response = _as(client, hospital_admin).post(
        "/projects/unit/recommend/",
        {
            "call": city_call.pk,
            "application": [submitted.pk],
            "note": "择优推荐",
            "confirmed": "yes",
        },
        follow=True,
    )
    submitted.refresh_from_db()
    assert submitted.state == "recommended"
    assert f"已推荐 1 项至继教办：“{PROJECT['name']}”。" in response.content.decode()
    event = submitted.events.order_by("-id").first()
    assert (event.action, event.note) == ("recommended", "择优推荐")
    # The quota still reads as a number once nothing waits, and there is nothing left to tick.
    assert (
        "推荐限额：<strong>1</strong> 项，已推荐 <strong>1</strong> 项" in response.content.decode()
    )
    assert "没有待推荐的申报" in response.content.decode()
    assert "推荐所选项目</button>" not in response.content.decode()


def test_recommending_over_the_quota_shows_the_domains_message_and_changes_nothing(
    client, hospital_admin, submitted, city_call, city_hospital, cardiology
):
    second = another_submitted(
        city_call, city_hospital, cardiology, "心电图判读提高班", "心电图判读要点与病例分析"
    )
    response = _as(client, hospital_admin).post(
        "/projects/unit/recommend/",
        {"call": city_call.pk, "application": [submitted.pk, second.pk], "confirmed": "yes"},
        follow=True,
    )
    page = response.content.decode()
    assert (
        "超出推荐名额，未推荐任何项目：“心电图判读提高班”："
        "单位本次推荐项目 2 项（含本项），超过推荐限额 1 项" in page
    )
    assert set(Application.objects.values_list("state", flat=True)) == {"submitted"}


def test_recommending_with_nothing_ticked_says_what_to_do(
    client, hospital_admin, submitted, city_call
):
    response = _as(client, hospital_admin).post(
        "/projects/unit/recommend/", {"call": city_call.pk}, follow=True
    )
    assert "请先勾选要推荐的申报项目。" in response.content.decode()


def test_another_units_application_cannot_be_recommended(
    client, lucheng_admin, submitted, city_call
):
    response = _as(client, lucheng_admin).post(
        "/projects/unit/recommend/",
        {"call": city_call.pk, "application": [submitted.pk]},
        follow=True,
    )
    assert "所选申报中有不属于本单位本次申报的项目，未推荐。" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_return_with_reasons_needs_a_reason(client, hospital_admin, submitted):
    _as(client, hospital_admin)
    response = client.post(
        f"/projects/applications/{submitted.pk}/return/", {"reason": ""}, follow=True
    )
    assert "退回须写明原因，请填写后再退回。" in response.content.decode()
    client.post(f"/projects/applications/{submitted.pk}/return/", {"reason": "课程安排过于笼统"})
    submitted.refresh_from_db()
    assert submitted.state == "returned"
    assert submitted.events.order_by("-id").first().note == "课程安排过于笼统"


def test_the_unit_pages_are_for_unit_admins(client, pi_zhang, wenzhou_office):
    assert _as(client, pi_zhang).get("/projects/unit/").status_code == 403
    assert _as(client, wenzhou_office).get("/projects/unit/summary.xlsx").status_code == 403


def test_summary_of_recommended_applications_has_the_attachment_2_columns(
    client, hospital_admin, recommended, city_call
):
    response = _as(client, hospital_admin).get(f"/projects/unit/summary.xlsx?call={city_call.pk}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    filename = unquote(response["Content-Disposition"].split("''", 1)[1])
    assert filename == "申报2025年市级继续医学教育线下培训项目汇总表-温州市第一人民医院.xlsx"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "附件2"
    assert rows[0] == [
        "序号",
        "项目名称",
        "学科",
        "项目负责人",
        "负责人职称",
        "所在科室",
        "举办方式",
        "举办期数",
        "每期拟招生人数",
        "举办地点",
        "教学对象",
        "教学时数（学时）",
        "申请学分",
        "预审提示",
    ]
    assert rows[1] == [
        1,
        PROJECT["name"],
        "03-01",
        "张建华",
        "正高",
        "心血管内科",
        "线下",
        2,
        120,
        "本院学术报告厅",
        "基层医务人员",
        12,
        2.5,
        None,
    ]
    assert len(rows) == 2


def test_summary_leaves_out_applications_not_recommended(
    client, hospital_admin, submitted, city_call
):
    response = _as(client, hospital_admin).get(f"/projects/unit/summary.xlsx?call={city_call.pk}")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1


def test_quota_counts_past_projects(client, hospital_admin, submitted, city_hospital):
    for year, count in ((2023, 4), (2024, 2)):
        PastProjectFactory.create_batch(count, unit=city_hospital, year=year, leader_name="某")
    page = _as(client, hospital_admin).get("/projects/unit/").content.decode()
    assert "推荐限额：<strong>2</strong> 项" in page
