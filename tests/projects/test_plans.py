"""City training plans (seed 003 第十一条, 附件2): half-year plans by the call's deadline, rows
approved as projects on the city's list."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.projects.domain.calls import call_open
from jijiao.projects.domain.plans import (
    PlanRowInput,
    RowDecision,
    plan_decide,
    plan_half,
    plan_save,
    plan_submit,
)
from jijiao.projects.models import PlanRow, PublicationList, PublishedProject, TrainingPlan
from tests.refusals import refused

pytestmark = pytest.mark.django_db
SH = clock.SHANGHAI
MARCH = dt.datetime(2022, 3, 15, 9, 0, tzinfo=SH)


@pytest.fixture
def in_march():
    with time_machine.travel(MARCH, tick=False):
        yield MARCH


def open_plan_call(office, office_unit, *, closes: dt.datetime, title: str):
    return call_open(
        by=office,
        office=office_unit,
        title=title,
        level="city",
        year=2022,
        policy_id="changsha-2022",
        kind="plan",
        opens_at=dt.datetime(2022, 1, 1, 0, 0, tzinfo=SH),
        closes_at=closes,
    )


@pytest.fixture
def first_half(wenzhou_office, wenzhou_office_unit, in_march):
    return open_plan_call(
        wenzhou_office,
        wenzhou_office_unit,
        closes=dt.datetime(2022, 3, 31, 23, 59, 59, tzinfo=SH),
        title="2022年上半年市级继续医学教育计划申报",
    )


def row(name: str, **more) -> PlanRowInput:
    values = {
        "name": name,
        "content": "急性胸痛的识别与转诊",
        "audience": "基层医生",
        "time_text": "2022年5月10日—12日",
        "place": "本院学术报告厅",
        "numbers": 100,
        "organiser": "",
        "format": "offline",
        "credits": Decimal("3"),
    }
    return PlanRowInput(**(values | more))


@pytest.fixture
def submitted(hospital_admin, city_hospital, first_half):
    plan = plan_save(
        by=hospital_admin,
        call=first_half,
        unit=city_hospital,
        rows=[row("胸痛中心建设培训班"), row("院前急救培训班", organiser="温州市急救中心")],
    )
    return plan_submit(by=hospital_admin, plan=plan)


def test_the_half_is_the_one_the_deadline_falls_in(first_half, wenzhou_office, wenzhou_office_unit):
    second = open_plan_call(
        wenzhou_office,
        wenzhou_office_unit,
        closes=dt.datetime(2022, 7, 31, 23, 59, 59, tzinfo=SH),
        title="2022年下半年市级继续医学教育计划申报",
    )
    assert (plan_half(first_half), plan_half(second)) == (1, 2)


def test_a_unit_saves_and_submits_its_plan_by_the_deadline(
    hospital_admin, city_hospital, first_half
):
    plan = plan_save(by=hospital_admin, call=first_half, unit=city_hospital, rows=[row("甲")])
    plan = plan_save(
        by=hospital_admin, call=first_half, unit=city_hospital, rows=[row("乙"), row("丙")]
    )
    assert TrainingPlan.objects.count() == 1
    assert (plan.half, plan.state) == (1, "draft")
    assert [(r.position, r.name, r.organiser, r.credits) for r in plan.rows.all()] == [
        (1, "乙", "温州市第一人民医院", Decimal("3.0")),
        (2, "丙", "温州市第一人民医院", Decimal("3.0")),
    ]
    plan_submit(by=hospital_admin, plan=plan)
    plan.refresh_from_db()
    assert (plan.state, plan.submitted_at, plan.submitted_by) == (
        "submitted",
        MARCH,
        hospital_admin,
    )
    assert (
        refused(lambda: plan_submit(by=hospital_admin, plan=plan), plan, "已提交，待审核")
        == "计划已提交，待审核，不能再提交"
    )
    with pytest.raises(DomainError) as caught:
        plan_save(by=hospital_admin, call=first_half, unit=city_hospital, rows=[row("丁")])
    assert caught.value.message == "计划已提交，待审核，不能再修改"


def test_a_plan_is_refused_after_the_deadline(hospital_admin, city_hospital, first_half):
    plan = plan_save(by=hospital_admin, call=first_half, unit=city_hospital, rows=[row("甲")])
    after = time_machine.travel(dt.datetime(2022, 4, 1, 0, 0, tzinfo=SH), tick=False)
    with after, pytest.raises(DomainError) as caught:
        plan_submit(by=hospital_admin, plan=plan)
    assert caught.value.message == "不在计划提交时间内：2022-01-01 00:00 至 2022-03-31 23:59"
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_plan_rows_are_checked(hospital_admin, city_hospital, first_half):
    with pytest.raises(DomainError) as caught:
        plan_save(
            by=hospital_admin,
            call=first_half,
            unit=city_hospital,
            rows=[row("甲"), row("乙", numbers=0)],
        )
    assert caught.value.message == "第 2 行“培训人数”须为正整数"
    with pytest.raises(DomainError) as caught:
        plan_save(by=hospital_admin, call=first_half, unit=city_hospital, rows=[row(" ")])
    assert caught.value.message == "第 1 行“培训名称”不能为空"
    assert PlanRow.objects.count() == 0
    plan = plan_save(by=hospital_admin, call=first_half, unit=city_hospital, rows=[])
    with pytest.raises(DomainError) as caught:
        plan_submit(by=hospital_admin, plan=plan)
    assert caught.value.message == "计划中没有培训项目，不能提交"


def test_plans_go_only_to_plan_calls_and_their_units_admins(
    hospital_admin, ruian_admin, city_hospital, first_half, city_call
):
    with pytest.raises(DomainError) as caught:
        plan_save(by=hospital_admin, call=city_call, unit=city_hospital, rows=[row("甲")])
    assert caught.value.message == "该通知不是培训计划通知"
    with pytest.raises(PermissionDenied):
        plan_save(by=ruian_admin, call=first_half, unit=city_hospital, rows=[row("甲")])


def test_the_office_approves_rows_as_published_projects(
    wenzhou_office, wenzhou_office_unit, city_hospital, submitted
):
    first, second = submitted.rows.all()
    plan_decide(
        by=wenzhou_office,
        plan=submitted,
        decisions={first.pk: RowDecision(approve=True, note="同意")},
    )
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
    plan_decide(
        by=wenzhou_office,
        plan=submitted,
        decisions={second.pk: RowDecision(approve=True, number="2022-JH-099")},
    )
    submitted.refresh_from_db()
    assert submitted.state == "decided"
    one, two = PublishedProject.objects.order_by("pk")
    assert (one.number, one.level, one.year, one.host, one.name) == (
        "JH2022-1-001",
        "city",
        2022,
        city_hospital,
        "胸痛中心建设培训班",
    )
    assert (one.dates, one.venue, one.credits, one.enrollment, one.audience, one.note) == (
        "2022年5月10日—12日",
        "本院学术报告厅",
        Decimal("3.0"),
        100,
        "基层医生",
        "",
    )
    assert (two.number, two.note) == ("2022-JH-099", "承办单位：温州市急救中心")
    publication = PublicationList.objects.get()
    assert publication.title == "2022年上半年市级继续医学教育计划项目"
    assert (publication.office, publication.imported) == (wenzhou_office_unit, False)
    assert two.publication == publication
    assert [e.data for e in AuditEntry.objects.filter(action="plan.decided").order_by("pk")] == [
        {"approved": 1, "rejected": 0, "numbers": ["JH2022-1-001"]},
        {"approved": 1, "rejected": 0, "numbers": ["2022-JH-099"]},
    ]


def test_a_rejected_row_needs_a_reason_and_writes_nothing_without(wenzhou_office, submitted):
    first, second = submitted.rows.all()
    with pytest.raises(DomainError) as caught:
        plan_decide(
            by=wenzhou_office,
            plan=submitted,
            decisions={first.pk: RowDecision(approve=True), second.pk: RowDecision(approve=False)},
        )
    assert caught.value.message == "第 2 行不批准须写明理由"
    assert PublishedProject.objects.count() == 0
    plan_decide(
        by=wenzhou_office,
        plan=submitted,
        decisions={
            first.pk: RowDecision(approve=True),
            second.pk: RowDecision(approve=False, note="与已批准项目重复"),
        },
    )
    second.refresh_from_db()
    assert (second.state, second.decision_note, second.published) == (
        "rejected",
        "与已批准项目重复",
        None,
    )


def test_a_number_in_use_is_refused(wenzhou_office, submitted):
    first, second = submitted.rows.all()
    plan_decide(by=wenzhou_office, plan=submitted, decisions={first.pk: RowDecision(True)})
    with pytest.raises(DomainError) as caught:
        plan_decide(
            by=wenzhou_office,
            plan=submitted,
            decisions={second.pk: RowDecision(True, number="JH2022-1-001")},
        )
    assert caught.value.message == "项目编号 JH2022-1-001 已被使用"


def test_a_plan_is_decided_only_while_it_waits_for_review(
    hospital_admin, city_hospital, wenzhou_office, wenzhou_office_unit, submitted
):
    draft_call = open_plan_call(
        wenzhou_office,
        wenzhou_office_unit,
        closes=dt.datetime(2022, 7, 31, 23, 59, 59, tzinfo=SH),
        title="2022年下半年市级继续医学教育计划申报",
    )
    draft = plan_save(by=hospital_admin, call=draft_call, unit=city_hospital, rows=[row("甲")])
    refused(
        lambda: plan_decide(
            by=wenzhou_office, plan=draft, decisions={draft.rows.get().pk: RowDecision(True)}
        ),
        draft,
        "草稿",
    )
    rows = list(submitted.rows.all())
    plan_decide(
        by=wenzhou_office, plan=submitted, decisions={r.pk: RowDecision(True) for r in rows}
    )
    message = refused(
        lambda: plan_decide(
            by=wenzhou_office, plan=submitted, decisions={rows[0].pk: RowDecision(False)}
        ),
        submitted,
        "已审核",
    )
    assert message == "计划已审核，不能审核"
    assert PublishedProject.objects.count() == 2


def test_only_the_calls_office_decides(hospital_admin, lucheng_office, submitted):
    first = submitted.rows.first()
    for actor in (hospital_admin, lucheng_office):
        with pytest.raises(PermissionDenied):
            plan_decide(by=actor, plan=submitted, decisions={first.pk: RowDecision(True)})


def test_the_unit_fills_the_plan_and_the_office_decides_on_the_pages(
    client, hospital_admin, wenzhou_office, lucheng_admin, first_half
):
    client.force_login(hospital_admin)
    listing = client.get("/projects/records/plans/")
    assert [(c.pk, p) for c, p in listing.context["calls"]] == [(first_half.pk, None)]
    url = f"/projects/records/plans/call/{first_half.pk}/"
    form = {
        "rows-TOTAL_FORMS": "2",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "200",
        "rows-0-name": "胸痛中心建设培训班",
        "rows-0-content": "急性胸痛的识别与转诊",
        "rows-0-audience": "基层医生",
        "rows-0-time_text": "2022年5月",
        "rows-0-place": "本院",
        "rows-0-numbers": "80",
        "rows-0-format": "offline",
        "rows-0-credits": "2.5",
        "action": "submit",
    }
    response = client.post(url, form)
    plan = TrainingPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/projects/records/plans/{plan.pk}/"
    assert plan.state == "submitted"
    client.force_login(lucheng_admin)
    assert client.get(f"/projects/records/plans/{plan.pk}/").status_code == 404
    client.force_login(wenzhou_office)
    detail = client.get(f"/projects/records/plans/{plan.pk}/")
    assert detail.context["can_decide"] is True
    row_pk = plan.rows.get().pk
    client.post(
        f"/projects/records/plans/{plan.pk}/decide/",
        {f"decision_{row_pk}": "approve", f"number_{row_pk}": ""},
    )
    assert PublishedProject.objects.get().number == "JH2022-1-001"
    export = client.get(f"/projects/records/plans/call/{first_half.pk}/export/")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "填报单位", "培训名称")
    assert rows[1] == (
        1,
        "温州市第一人民医院",
        "胸痛中心建设培训班",
        "急性胸痛的识别与转诊",
        "基层医生",
        "2022年5月",
        "本院",
        80,
        "温州市第一人民医院",
        "线下",
        2.5,
        None,
        "已批准",
        "JH2022-1-001",
    )


def test_the_office_does_not_see_a_draft_plan(
    client, hospital_admin, wenzhou_office, city_hospital, first_half
):
    plan = plan_save(by=hospital_admin, call=first_half, unit=city_hospital, rows=[row("甲")])
    client.force_login(wenzhou_office)
    assert client.get(f"/projects/records/plans/{plan.pk}/").status_code == 404


def test_submitting_after_the_deadline_on_the_page_keeps_the_draft(
    client, hospital_admin, first_half
):
    form = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "200",
        "rows-0-name": "胸痛中心建设培训班",
        "rows-0-content": "急性胸痛的识别与转诊",
        "rows-0-audience": "基层医生",
        "rows-0-time_text": "2022年5月",
        "rows-0-place": "本院",
        "rows-0-numbers": "80",
        "rows-0-format": "offline",
        "rows-0-credits": "2.5",
        "action": "submit",
    }
    with time_machine.travel(dt.datetime(2022, 4, 1, 8, 0, tzinfo=SH), tick=False):
        client.force_login(hospital_admin)
        response = client.post(f"/projects/records/plans/call/{first_half.pk}/", form, follow=True)
    assert (
        "已保存草稿，但未能提交：不在计划提交时间内：2022-01-01 00:00 至 2022-03-31 23:59"
        in response.content.decode()
    )
    plan = TrainingPlan.objects.get()
    assert (plan.state, plan.rows.count()) == ("draft", 1)


def test_the_plan_list_takes_the_same_queries_for_one_and_three_plans(
    client, wenzhou_office, wenzhou_office_unit, hospital_admin, city_hospital, first_half
):
    plan_submit(
        by=hospital_admin,
        plan=plan_save(by=hospital_admin, call=first_half, unit=city_hospital, rows=[row("甲")]),
    )
    client.force_login(wenzhou_office)
    client.get("/projects/records/plans/")
    with CaptureQueriesContext(connection) as one:
        client.get("/projects/records/plans/")
    for month in (5, 6):
        call = open_plan_call(
            wenzhou_office,
            wenzhou_office_unit,
            closes=dt.datetime(2022, month, 30, 23, 59, tzinfo=SH),
            title=f"{month}月计划",
        )
        plan_submit(
            by=hospital_admin,
            plan=plan_save(by=hospital_admin, call=call, unit=city_hospital, rows=[row("乙")]),
        )
    with CaptureQueriesContext(connection) as three:
        page = client.get("/projects/records/plans/")
    assert len(three) == len(one)
    assert len(page.context["to_review"]) == 3
