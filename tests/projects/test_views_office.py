"""The office's pages: the list with filters, paper receipts, intake, criteria, reviewers,
scores side by side, the decision with its number, and publication."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jijiao.common import clock
from jijiao.projects.domain.intake import (
    application_accept,
    paper_receipt_record,
    review_assign,
    review_submit,
)
from jijiao.projects.domain.unit_review import applications_recommend
from jijiao.projects.models import PaperReceipt, PublishedProject
from tests.factories import AccountFactory, PersonFactory, grant
from tests.projects.test_views_unit_review import another_submitted

pytestmark = pytest.mark.django_db
SH = clock.SHANGHAI


def _as(client, account):
    client.force_login(account)
    return client


def test_office_list_shows_recommended_applications_with_findings_and_paper(
    client, wenzhou_office, recommended, submitted
):
    page = _as(client, wenzhou_office).get("/projects/office/").content.decode()
    assert f'<a href="/projects/applications/{recommended.pk}/">' in page
    assert "<td>单位已推荐</td>" in page
    assert '<span class="badge ok">通过</span>' in page
    assert '<span class="muted">未登记</span>' in page


def test_office_list_does_not_show_what_the_unit_has_not_recommended(
    client, wenzhou_office, submitted
):
    page = _as(client, wenzhou_office).get("/projects/office/").content.decode()
    assert "没有符合条件的申报。" in page


def test_office_list_filters_by_paper_flag_after_the_deadline(
    client, wenzhou_office, recommended, city_call
):
    after = dt.datetime(2025, 3, 6, 9, 0, tzinfo=SH)
    with time_machine.travel(after, tick=False):
        _as(client, wenzhou_office)
        page = client.get("/projects/office/", {"paper": "missing"}).content.decode()
        assert '<span class="badge err">缺一不可</span>' in page
        assert f'href="/projects/applications/{recommended.pk}/"' in page
        page = client.get("/projects/office/", {"paper": "received"}).content.decode()
        assert "没有符合条件的申报。" in page


def test_office_list_filters_by_state_unit_and_discipline(
    client, wenzhou_office, recommended, city_hospital, lucheng_hospital
):
    _as(client, wenzhou_office)
    link = f'href="/projects/applications/{recommended.pk}/"'
    assert link in client.get("/projects/office/", {"state": "recommended"}).content.decode()
    assert link not in client.get("/projects/office/", {"state": "approved"}).content.decode()
    assert link in client.get("/projects/office/", {"unit": city_hospital.pk}).content.decode()
    assert (
        link not in client.get("/projects/office/", {"unit": lucheng_hospital.pk}).content.decode()
    )
    assert link in client.get("/projects/office/", {"discipline": "03"}).content.decode()
    assert link not in client.get("/projects/office/", {"discipline": "04"}).content.decode()


def test_office_pages_are_for_offices(client, pi_zhang, hospital_admin, city_call):
    assert _as(client, pi_zhang).get("/projects/office/").status_code == 403
    assert client.get(f"/projects/office/calls/{city_call.pk}/paper/").status_code == 403
    _as(client, hospital_admin)
    assert client.get(f"/projects/office/calls/{city_call.pk}/criteria/").status_code == 403


def test_another_office_cannot_reach_the_calls_tools(client, lucheng_office, city_call):
    _as(client, lucheng_office)
    assert client.get(f"/projects/office/calls/{city_call.pk}/paper/").status_code == 404
    assert client.post(f"/projects/office/calls/{city_call.pk}/publish/").status_code == 404


def test_paper_receipt_is_recorded_per_unit_with_the_flag_for_missing_ones(
    client, wenzhou_office, recommended, city_call, city_hospital
):
    _as(client, wenzhou_office)
    page = client.get(f"/projects/office/calls/{city_call.pk}/paper/").content.decode()
    assert "<td>温州市第一人民医院</td><td>1</td>" in page
    assert '<span class="muted">待送达</span>' in page
    response = client.post(
        f"/projects/office/calls/{city_call.pk}/paper/",
        {"unit": city_hospital.pk, "received_at": "2025-03-04T09:30", "note": "盖章齐全"},
        follow=True,
    )
    assert "已登记 温州市第一人民医院 的纸质申报材料。" in response.content.decode()
    receipt = PaperReceipt.objects.get()
    assert receipt.received_at == dt.datetime(2025, 3, 4, 9, 30, tzinfo=SH)
    assert receipt.note == "盖章齐全"
    again = client.post(
        f"/projects/office/calls/{city_call.pk}/paper/",
        {"unit": city_hospital.pk, "received_at": "2025-03-04T10:00"},
        follow=True,
    )
    assert "温州市第一人民医院 的纸质材料已登记" in again.content.decode()


def test_a_unit_missing_its_paper_after_the_deadline_is_flagged(
    client, wenzhou_office, recommended, city_call
):
    with time_machine.travel(dt.datetime(2025, 3, 5, 17, 1, tzinfo=SH), tick=False):
        _as(client, wenzhou_office)
        page = client.get(f"/projects/office/calls/{city_call.pk}/paper/").content.decode()
        assert '<span class="badge err">缺一不可</span> 截止后未送达' in page
        detail = client.get(f"/projects/applications/{recommended.pk}/").content.decode()
        assert (
            "温州市第一人民医院：截止时间 2025-03-05 17:00 已过，未收到纸质申报材料，"
            "网上申报与纸质申报缺一不可" in detail
        )


def test_accept_then_assign_two_reviewers_and_the_same_unit_is_refused(
    client, wenzhou_office, recommended, expert_a, expert_b, city_hospital
):
    _as(client, wenzhou_office)
    client.post(f"/projects/office/applications/{recommended.pk}/accept/")
    recommended.refresh_from_db()
    assert recommended.state == "under_review"
    for expert in (expert_a, expert_b):
        client.post(
            f"/projects/office/applications/{recommended.pk}/assign/",
            {"reviewer": expert.pk, "due": "2025-02-20"},
        )
    assert sorted(recommended.assignments.values_list("reviewer__username", flat=True)) == [
        "expert_a",
        "expert_b",
    ]
    insider = grant(
        AccountFactory(
            username="insider", person=PersonFactory(name="院内专家", unit=city_hospital)
        ),
        "expert",
    )
    response = client.post(
        f"/projects/office/applications/{recommended.pk}/assign/",
        {"reviewer": insider.pk, "due": "2025-02-20"},
        follow=True,
    )
    assert "insider 与申报单位为同一单位，应回避" in response.content.decode()
    assert recommended.assignments.count() == 2


def test_criteria_are_offered_then_saved(client, wenzhou_office, city_call):
    _as(client, wenzhou_office)
    page = client.get(f"/projects/office/calls/{city_call.pk}/criteria/").content.decode()
    assert 'value="科学性与先进性（“四新”）"' in page
    data = {
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "20",
        "criteria-0-name": "科学性",
        "criteria-0-weight": "60",
        "criteria-0-required": "on",
        "criteria-1-name": "实用性",
        "criteria-1-weight": "40",
        "criteria-2-name": "",
        "criteria-2-weight": "",
    }
    response = client.post(f"/projects/office/calls/{city_call.pk}/criteria/", data, follow=True)
    assert "已设置 2 项评审指标，满分 100 分。" in response.content.decode()
    assert list(city_call.criteria.values_list("name", "weight", "required")) == [
        ("科学性", 60, True),
        ("实用性", 40, False),
    ]


def test_scores_side_by_side_with_the_mean_then_approval_with_a_typed_number(
    client, wenzhou_office, under_review, criteria, expert_a, expert_b, pi_zhang
):
    a = review_assign(by=wenzhou_office, application=under_review, reviewer=expert_a)
    b = review_assign(by=wenzhou_office, application=under_review, reviewer=expert_b)
    ids = [c.pk for c in criteria]
    review_submit(
        by=expert_a, assignment=a, scores=dict(zip(ids, (35, 30, 18), strict=True)), opinion="实用"
    )
    review_submit(
        by=expert_b, assignment=b, scores=dict(zip(ids[:2], (32, 36), strict=True)), opinion="同意"
    )
    _as(client, wenzhou_office)
    page = client.get(f"/projects/applications/{under_review.pk}/").content.decode()
    page = re.sub(r">\s+<", "><", page)
    assert (
        "<td>专家甲</td><td>已评审</td><td>35.0</td><td>30.0</td><td>18.0</td><td>83.00</td>"
        in page
    )
    assert (
        "<td>专家乙</td><td>已评审</td><td>32.0</td><td>36.0</td><td>—</td><td>68.00</td>" in page
    )
    assert "<th data-mean>75.50</th>" in page
    # wenzhou-2025 sets no numbering format: the office types the number.
    assert 'name="number"' in page
    missing = client.post(
        f"/projects/office/applications/{under_review.pk}/decide/",
        {"decision": "approve", "reason": "同意立项", "confirmed": "yes"},
        follow=True,
    )
    assert "本政策包未规定该级别的项目编号格式，请填写项目编号" in missing.content.decode()
    client.post(
        f"/projects/office/applications/{under_review.pk}/decide/",
        {
            "decision": "approve",
            "reason": "同意立项",
            "number": "2025-03-01-001",
            "confirmed": "yes",
        },
    )
    under_review.refresh_from_db()
    assert (under_review.state, under_review.number) == ("approved", "2025-03-01-001")
    mine = _as(client, pi_zhang).get(f"/projects/applications/{under_review.pk}/")
    assert "<h2>批准意见</h2><p>同意立项</p>" in mine.content.decode()


def test_rejection_with_reasons(client, wenzhou_office, under_review):
    _as(client, wenzhou_office).post(
        f"/projects/office/applications/{under_review.pk}/decide/",
        {"decision": "reject", "reason": "与已立项项目内容重复", "confirmed": "yes"},
    )
    under_review.refresh_from_db()
    assert (under_review.state, under_review.decision_reason) == (
        "rejected",
        "与已立项项目内容重复",
    )


def test_publish_puts_approved_projects_on_the_public_list(
    client, wenzhou_office, under_review, city_call
):
    _as(client, wenzhou_office).post(
        f"/projects/office/applications/{under_review.pk}/decide/",
        {"decision": "approve", "reason": "同意", "number": "2025-03-01-001", "confirmed": "yes"},
    )
    page = client.get("/projects/office/", {"call": city_call.pk}).content.decode()
    assert "公布已批准项目（1 项）" in page
    response = client.post(f"/projects/office/calls/{city_call.pk}/publish/", follow=True)
    assert "已公布“2025年市级继续医学教育项目”，共 1 个项目。" in response.content.decode()
    assert list(PublishedProject.objects.values_list("number", "leader_name")) == [
        ("2025-03-01-001", "张建华")
    ]


def test_office_can_return_an_application_under_review(client, wenzhou_office, under_review):
    _as(client, wenzhou_office).post(
        f"/projects/applications/{under_review.pk}/return/", {"reason": "请补充师资证明"}
    )
    under_review.refresh_from_db()
    assert under_review.state == "returned"


def _office_list_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/projects/office/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_office_list_query_count_does_not_grow_with_rows(
    client,
    wenzhou_office,
    recommended,
    city_call,
    city_hospital,
    cardiology,
    lucheng_admin,
    lucheng_hospital,
    ruian_admin,
    ruian_hospital,
    expert_a,
):
    _as(client, wenzhou_office).get("/projects/office/")
    one, page = _office_list_queries(client)
    assert len(re.findall(r'href="/projects/applications/\d+/"', page)) == 1
    paper_receipt_record(
        by=wenzhou_office,
        call=city_call,
        unit=city_hospital,
        received_at=dt.datetime(2025, 3, 1, 9, 0, tzinfo=SH),
    )
    for admin, unit, name in (
        (lucheng_admin, lucheng_hospital, "儿童哮喘规范化管理培训班"),
        (ruian_admin, ruian_hospital, "骨质疏松性骨折诊治进展学习班"),
    ):
        department = unit.departments.create(name="临床科室")
        other = another_submitted(city_call, unit, department, name, f"{name}的课程内容")
        applications_recommend(by=admin, call=city_call, unit=unit, applications=[other])
    accepted = application_accept(by=wenzhou_office, application=recommended)
    review_assign(by=wenzhou_office, application=accepted, reviewer=expert_a)
    three, page = _office_list_queries(client)
    assert len(re.findall(r'href="/projects/applications/\d+/"', page)) == 3
    assert three == one
