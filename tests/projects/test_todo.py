"""The workbench items of applications, for each person they wait for, with their deadlines;
doing the step removes the item."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.common.todo import end_of_day
from jijiao.projects import todo
from jijiao.projects.domain.applications import application_create
from jijiao.projects.domain.intake import paper_receipt_record, review_assign, review_submit
from jijiao.projects.domain.unit_review import applications_recommend
from tests.projects.conftest import PROJECT


def kinds(user):
    return [(item.kind, item.title) for item in todo.todos_for(user, clock.now())]


def test_a_pi_sees_the_draft_with_the_calls_deadline_and_days_left(draft, pi_zhang):
    (item,) = todo.todos_for(pi_zhang, clock.now())
    assert item.kind == "未提交的申报草稿"
    assert PROJECT["name"] in item.title
    assert item.deadline == draft.call.closes_at
    assert item.days_left(clock.now()) >= 0
    assert item.url == f"/projects/applications/{draft.pk}/"


def test_the_unit_admin_sees_what_to_recommend_and_recommending_removes_it(
    submitted, hospital_admin, city_call, city_hospital
):
    assert kinds(hospital_admin) == [
        ("待推荐的申报", f"“{PROJECT['name']}”（{city_hospital.name}）待单位审核推荐")
    ]
    applications_recommend(
        by=hospital_admin, call=city_call, unit=city_hospital, applications=[submitted]
    )
    assert kinds(hospital_admin) == []


def test_the_office_sees_the_missing_paper_set_until_it_is_recorded(
    recommended, wenzhou_office, city_call, city_hospital
):
    (item,) = todo.todos_for(wenzhou_office, clock.now())
    assert item.kind == "待登记纸质材料"
    assert item.deadline == city_call.paper_deadline
    paper_receipt_record(
        by=wenzhou_office, call=city_call, unit=city_hospital, received_at=clock.now(), note=""
    )
    assert [i.kind for i in todo.todos_for(wenzhou_office, clock.now())] == ["待受理的申报"]


def test_the_office_assigns_experts_and_the_expert_sees_the_review(
    under_review, wenzhou_office, expert_a
):
    assert [i.kind for i in todo.todos_for(wenzhou_office, clock.now())] == ["待分配评审专家"]
    assignment = review_assign(by=wenzhou_office, application=under_review, reviewer=expert_a)
    assert todo.todos_for(wenzhou_office, clock.now()) == []
    (item,) = todo.todos_for(expert_a, clock.now())
    assert item.kind == "待评审的申报"
    assert item.url == f"/projects/reviews/{assignment.pk}/"


def test_the_expert_sees_the_due_date_and_the_office_the_overdue_review(
    under_review, wenzhou_office, expert_a, expert_b, criteria, time_machine
):
    today = clock.today()
    due = today + dt.timedelta(days=5)
    a = review_assign(by=wenzhou_office, application=under_review, reviewer=expert_a, due=due)
    review_assign(by=wenzhou_office, application=under_review, reviewer=expert_b, due=due)
    (item,) = todo.todos_for(expert_a, clock.now())
    assert (item.deadline, item.note) == (end_of_day(due, clock.SHANGHAI), "评审截止")
    assert item.days_left(clock.now()) == 5
    assert todo.todos_for(wenzhou_office, clock.now()) == []

    # The day after the due date both reviews are overdue for the office; expert A scores,
    # which removes A's item from both workbenches.
    time_machine.move_to(end_of_day(due, clock.SHANGHAI) + dt.timedelta(hours=1))
    assert [(i.kind, i.title) for i in todo.todos_for(wenzhou_office, clock.now())] == [
        ("逾期未评的专家评审", f"{r}未按时评审“{PROJECT['name']}”，可催办或改派其他专家")
        for r in (expert_a, expert_b)
    ]
    review_submit(
        by=expert_a,
        assignment=a,
        scores={c.pk: c.weight // 2 for c in criteria},
        opinion="同意",
    )
    assert todo.todos_for(expert_a, clock.now()) == []
    assert [i.title for i in todo.todos_for(wenzhou_office, clock.now())] == [
        f"{expert_b}未按时评审“{PROJECT['name']}”，可催办或改派其他专家"
    ]


def test_a_review_cannot_be_due_before_today(under_review, wenzhou_office, expert_a):
    yesterday = clock.today() - dt.timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        review_assign(by=wenzhou_office, application=under_review, reviewer=expert_a, due=yesterday)
    assert refused.value.message == (
        f"评审截止日期 {yesterday:%Y-%m-%d} 已过，请选择今天或以后的日期"
    )
    assert not under_review.assignments.exists()


def test_the_office_chooses_the_due_date_on_the_page_and_the_expert_reads_it(
    client, under_review, wenzhou_office, expert_a
):
    client.force_login(wenzhou_office)
    page = client.get(f"/projects/applications/{under_review.pk}/").content.decode()
    suggested = clock.today() + dt.timedelta(days=7)
    assert f'value="{suggested:%Y-%m-%d}"' in page
    due = clock.today() + dt.timedelta(days=10)
    client.post(
        f"/projects/office/applications/{under_review.pk}/assign/",
        {"reviewer": expert_a.pk, "due": f"{due:%Y-%m-%d}"},
    )
    assignment = under_review.assignments.get()
    assert assignment.due_at == end_of_day(due, clock.SHANGHAI)
    client.force_login(expert_a)
    listing = client.get("/projects/reviews/").content.decode()
    assert f"{due:%Y-%m-%d}" in listing
    detail = client.get(f"/projects/reviews/{assignment.pk}/").content.decode()
    assert f"请于 <strong>{due:%Y-%m-%d}</strong> 当天结束前提交评分或申报回避" in detail


def test_the_number_of_queries_does_not_grow_with_the_items(draft, pi_zhang, city_call):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            todo.todos_for(pi_zhang, clock.now())
        return len(captured)

    one = queries()
    for n in range(19):
        application_create(by=pi_zhang, call=city_call, fields=dict(PROJECT, name=f"项目{n}"))
    assert len(todo.todos_for(pi_zhang, clock.now())) == 20
    assert queries() == one


def test_the_home_page_lists_the_item_with_days_left_and_its_link_opens(
    client, recommended, wenzhou_office
):
    client.force_login(wenzhou_office)
    page = client.get("/").content.decode()
    assert "待办事项（1）" in page
    assert "纸质材料未登记收到" in page
    assert "还剩" in page
    (item,) = todo.todos_for(wenzhou_office, clock.now())
    assert client.get(item.url).status_code == 200


def test_the_workbench_page_costs_the_same_with_1_and_20_items(client, draft, pi_zhang, city_call):
    client.force_login(pi_zhang)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    client.get("/")
    one = queries()
    for n in range(19):
        application_create(by=pi_zhang, call=city_call, fields=dict(PROJECT, name=f"项目{n}"))
    page = client.get("/").content.decode()
    assert "待办事项（20）" in page
    assert queries() == one
