"""The yearly summaries (seed 000 附件3/附件4) completed by the reports: a project whose session
was held and accepted counts as held with the persons granted; one reported not held counts as
not held with its reason; one not yet decided stays unrecorded."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from jijiao.execution.domain.reports import report_save, report_submit
from jijiao.execution.domain.review import report_review
from jijiao.execution.summaries import unit_summary
from tests.execution.helpers import attend, full_report, plan_and_file, published, travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_projects(hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital, people):
    held, cancelled, pending = (
        published(
            wenzhou_office_unit,
            wenzhou_office,
            city_hospital,
            level="city",
            number=f"2024-03-01-00{i}",
            name=name,
            credits="2.0",
        )
        for i, name in ((1, "基层心衰管理培训班"), (2, "心电图判读培训班"), (3, "高血压随访培训班"))
    )
    sessions = [
        plan_and_file(
            hospital_admin,
            wenzhou_office,
            project,
            "wenzhou-2025",
            start=dt.date(2024, 6, 3),
            end=dt.date(2024, 6, 3),
            filed_on=dt.date(2024, 5, 20),
        )
        for project in (held, cancelled, pending)
    ]
    attend(hospital_admin, sessions[0], people)
    with travel(dt.date(2024, 6, 5)):
        full_report(hospital_admin, sessions[0])
        report_submit(by=hospital_admin, session=sessions[0])
        report_review(by=wenzhou_office, session=sessions[0], action="accept")
        report_save(
            by=hospital_admin,
            session=sessions[1],
            fields={"held": False, "not_held_reason": "专家行程冲突"},
        )
        report_submit(by=hospital_admin, session=sessions[1])
        report_review(by=wenzhou_office, session=sessions[1], action="accept")
    return held, cancelled, pending


def test_reports_decide_the_projects_the_records_do_not_have(city_projects, city_hospital):
    summary = unit_summary(city_hospital, 2024, "city")
    assert [(line.number, line.credited_persons) for line in summary.held] == [
        ("2024-03-01-001", 6)
    ]
    assert [(line.number, line.reason) for line in summary.not_held] == [
        ("2024-03-01-002", "专家行程冲突")
    ]
    assert [line.number for line in summary.unrecorded] == ["2024-03-01-003"]
    assert summary.credited_persons == 6


def test_the_office_downloads_the_overview_and_the_unit_form(
    client, wenzhou_office, city_projects, city_hospital
):
    client.force_login(wenzhou_office)
    page = client.get("/execution/summaries/?year=2024&level=city")
    row = dict(zip(page.context["headers"], page.context["rows"][0][1], strict=True))
    assert (row["单位"], row["获批总数"], row["已举办"], row["未举办"]) == (
        "温州市第一人民医院",
        3,
        1,
        1,
    )
    assert (row["执行情况未登记"], row["授予学分人数"]) == (1, 6)
    response = client.get(
        f"/execution/summaries/units/{city_hospital.pk}.xlsx?year=2024&level=city"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "2024年度共计完成市级继教项目（1）项，授予学分人数共计（6）人" in text
    assert "专家行程冲突" in text


def test_a_unit_admin_sees_only_its_own_unit(client, lucheng_admin, city_projects, city_hospital):
    client.force_login(lucheng_admin)
    page = client.get("/execution/summaries/?year=2024&level=city")
    assert page.context["rows"] == []
    response = client.get(
        f"/execution/summaries/units/{city_hospital.pk}.xlsx?year=2024&level=city"
    )
    assert response.status_code == 404
