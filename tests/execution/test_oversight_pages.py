"""What the office and the units see of the loop between years: the proposals to confirm or
dismiss (reachable from the menu), criticisms, the annual assessment (PDF and Excel), the yearly
work report with its deadline, and the execution record beside an application at review."""

import datetime as dt
import io
import re
import subprocess

import pytest
import time_machine
from openpyxl import load_workbook

from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.execution.models import Assessment, WorkReport
from jijiao.hosting.models import Sanction
from tests.execution.years import approved, held_and_accepted
from tests.projects.conftest import (
    city_call,
    colleague,
    criteria,
    draft,
    expert_a,
    in_window,
    recommended,
    submitted,
    under_review,
)

pytestmark = pytest.mark.django_db
SH = clock.SHANGHAI
# Fixtures of the application path, used by name.
__all__ = ["city_call", "colleague", "draft", "in_window", "recommended", "submitted"]
__all__ += ["criteria", "expert_a", "under_review"]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"\s+", "", done.stdout.decode())


@pytest.fixture
def criticised(client, wenzhou_office, city_hospital):
    """The office enters a provincial criticism of 温州市第一人民医院 for 2022 under
    changsha-2022 (第十条: the item's points off the unit's assessment)."""
    client.force_login(wenzhou_office)
    response = client.post(
        "/execution/sanctions/criticisms/",
        {
            "unit": city_hospital.pk,
            "year": 2022,
            "issuer": "湖南省卫生健康委",
            "text": "项目执行不规范",
            "policy_id": "changsha-2022",
        },
        follow=True,
    )
    assert "已录入通报批评：温州市第一人民医院，提出处理建议 1 项" in text(response)
    return Sanction.objects.get()


def test_the_office_finds_the_proposals_from_its_menu_and_confirms_with_a_reason(
    client, criticised
):
    home = text(client.get("/"))
    assert 'href="/execution/sanctions/"' in home and "处理与考核" in home
    page = text(client.get("/execution/sanctions/"))
    assert "待确认的处理建议（1）" in page
    assert "2022 年度考核扣 10.0 分" in page
    assert "湖南省卫生健康委通报批评" in page and "SAN_PROVINCIAL_CRITICISM" in page

    refused = text(
        client.post(
            f"/execution/sanctions/{criticised.pk}/decide/",
            {"action": "confirm", "reason": ""},
            follow=True,
        )
    )
    assert "请写明确认原因" in refused
    criticised.refresh_from_db()
    assert criticised.state == "proposed"

    done = text(
        client.post(
            f"/execution/sanctions/{criticised.pk}/decide/",
            {"action": "confirm", "reason": "通报属实"},
            follow=True,
        )
    )
    assert "已确认：温州市第一人民医院 2022 年度考核扣 10.0 分" in done
    assert "待确认的处理建议（0）" in done
    criticised.refresh_from_db()
    assert (criticised.state, criticised.decision_reason) == ("confirmed", "通报属实")
    assert AuditEntry.objects.filter(action="criticism.entered").count() == 1
    assert AuditEntry.objects.filter(action="sanction.confirmed").count() == 1


def test_a_unit_admin_cannot_open_the_sanctions_page(client, hospital_admin):
    client.force_login(hospital_admin)
    assert client.get("/execution/sanctions/").status_code == 403


def test_the_assessment_counts_the_confirmed_points_and_prints(
    client, criticised, wenzhou_office, wenzhou_office_unit, city_hospital, pi_zhang_person
):
    for i in range(2):
        project = approved(
            wenzhou_office_unit,
            wenzhou_office,
            city_hospital,
            pi_zhang_person,
            year=2022,
            number=f"2022-03-01-00{i}",
        )
        if i == 0:
            held_and_accepted(project, wenzhou_office)
    client.post(
        f"/execution/sanctions/{criticised.pk}/decide/", {"action": "confirm", "reason": "属实"}
    )
    page = text(client.post("/execution/assessments/compute/", {"year": 2022}, follow=True))
    assert "已计算 2022 年度 1 家单位的考核" in page
    assessment = Assessment.objects.get()
    assert (assessment.approved, assessment.held, assessment.not_held) == (2, 1, 1)
    assert (str(assessment.rate), str(assessment.points_off)) == ("50.0", "10.0")
    assert "50.0%" in page

    printed = pdf_text(client.get(f"/execution/assessments/{assessment.pk}.pdf").content)
    assert "温州市第一人民医院2022年度继续医学教育项目工作考核" in printed
    assert "项目执行率50.0%" in printed
    assert "扣分合计10.0分" in printed and "湖南省卫生健康委通报批评" in printed

    book = load_workbook(
        io.BytesIO(client.get("/execution/assessments/?year=2022&format=xlsx").content)
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("单位", "年度")
    assert rows[1][0] == "温州市第一人民医院" and rows[1][7] == "50.0" and rows[1][8] == "10.0"


def test_a_dismissed_criticism_takes_no_points(client, criticised):
    client.post(
        f"/execution/sanctions/{criticised.pk}/decide/",
        {"action": "dismiss", "reason": "已复核撤销"},
    )
    client.post("/execution/assessments/compute/", {"year": 2022})
    assert str(Assessment.objects.get().points_off) == "0.0"


def test_the_yearly_work_report_is_due_on_12_31_and_a_late_one_shows_late(
    client, wenzhou_office, hospital_admin, city_hospital, lucheng_office_unit
):
    client.force_login(wenzhou_office)
    opened = text(
        client.post(
            "/execution/work-reports/open/",
            {"year": 2025, "policy_id": "changsha-2022"},
            follow=True,
        )
    )
    assert re.search(r"已向 \d+ 家单位和区县发起 2025 年度工作报告", opened)
    asked = {r.unit.name: r.due for r in WorkReport.objects.select_related("unit")}
    assert asked["温州市第一人民医院"] == dt.date(2025, 12, 31)
    assert asked["鹿城区卫健局"] == dt.date(2025, 12, 31)

    report = WorkReport.objects.get(unit=city_hospital)
    client.force_login(hospital_admin)
    with time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=SH), tick=False):
        own = text(client.get("/execution/work-reports/?year=2025"))
        assert "截止日期 2025-12-31" in own and "已逾期" in own
        empty = text(
            client.post(f"/execution/work-reports/{report.pk}/submit/", {"text": " "}, follow=True)
        )
        assert "请填写本年度继续医学教育工作开展情况" in empty
        done = text(
            client.post(
                f"/execution/work-reports/{report.pk}/submit/",
                {"text": "全年举办院级学术活动 24 次。"},
                follow=True,
            )
        )
    assert "已报送 2025 年度继续医学教育工作报告" in done
    report.refresh_from_db()
    assert (report.state, report.late) == ("submitted", True)
    client.force_login(wenzhou_office)
    listing = text(client.get("/execution/work-reports/?year=2025"))
    assert "已报送（逾期）" in listing


def test_the_units_record_is_on_its_page_for_its_admin_and_the_office(
    client,
    hospital_admin,
    lucheng_admin,
    wenzhou_office,
    wenzhou_office_unit,
    city_hospital,
    pi_zhang_person,
):
    held_and_accepted(
        approved(
            wenzhou_office_unit,
            wenzhou_office,
            city_hospital,
            pi_zhang_person,
            year=2023,
            number="2023-03-01-001",
        ),
        wenzhou_office,
    )
    client.force_login(wenzhou_office)
    unit_page = text(client.get(f"/units/{city_hospital.pk}/"))
    assert f'href="/execution/units/{city_hospital.pk}/standing/"' in unit_page
    client.force_login(hospital_admin)
    page = text(client.get(f"/execution/units/{city_hospital.pk}/standing/"))
    assert "温州市第一人民医院 项目执行记录" in page
    assert "<td>2023</td><td>1</td><td>1</td><td>0</td><td>0</td> <td>100.0%</td>" in page
    client.force_login(lucheng_admin)
    assert client.get(f"/execution/units/{city_hospital.pk}/standing/").status_code == 403


def test_the_expert_and_the_office_see_the_record_beside_the_application(
    client,
    wenzhou_office,
    wenzhou_office_unit,
    city_hospital,
    pi_zhang_person,
    under_review,
    expert_a,
    criteria,
):
    """Seed 000 二.4: last year's execution is a reference for next year's review."""
    from jijiao.projects.domain.intake import review_assign

    project = approved(
        wenzhou_office_unit,
        wenzhou_office,
        city_hospital,
        pi_zhang_person,
        year=2024,
        number="2024-03-01-001",
    )
    held_and_accepted(project, wenzhou_office)
    approved(
        wenzhou_office_unit,
        wenzhou_office,
        city_hospital,
        pi_zhang_person,
        year=2024,
        number="2024-03-01-002",
    )
    assignment = review_assign(by=wenzhou_office, application=under_review, reviewer=expert_a)
    row = "<td>2024</td><td>2</td><td>1</td><td>1</td><td>0</td> <td>50.0%</td> <td>1/1</td>"
    client.force_login(expert_a)
    review = text(client.get(f"/projects/reviews/{assignment.pk}/"))
    assert "历年执行情况（评审参考）" in review
    assert "申报单位：温州市第一人民医院" in review and "项目负责人：张建华" in review
    assert review.count(row) == 2  # the unit's and the leader's
    client.force_login(wenzhou_office)
    detail = text(client.get(f"/projects/applications/{under_review.pk}/"))
    assert "历年执行情况（评审参考）" in detail and row in detail


def test_the_record_shows_a_sanction_once_the_office_confirms_it(client, criticised, city_hospital):
    url = f"/execution/units/{city_hospital.pk}/standing/"
    assert "考核扣" not in text(client.get(url))
    client.post(
        f"/execution/sanctions/{criticised.pk}/decide/", {"action": "confirm", "reason": "属实"}
    )
    assert "<td>2022</td>" in text(client.get(url))
    assert "2022 年度考核扣 10.0 分" in text(client.get(url))
