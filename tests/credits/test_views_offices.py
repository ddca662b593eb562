"""The offices' and units' pages: credit-year settings, the compliance list with its
confirmation, annual facts, voiding a year, the annual proof."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from jijiao.credits.domain.entries import credits_enter_in_unit
from jijiao.credits.models import ComplianceConfirmation, CreditYear
from tests.credits.conftest import at
from tests.credits.helpers import approved_in_unit

pytestmark = pytest.mark.django_db


def test_city_sets_a_credit_year(client, wenzhou_office, wenzhou_office_unit):
    client.force_login(wenzhou_office)
    answer = client.post(
        reverse("credits:years"),
        {"year": "2024", "policy_id": "wenzhou-2023", "locks_on": "2025-04-30"},
    )
    assert answer.status_code == 302
    setting = CreditYear.objects.get(office=wenzhou_office_unit, year=2024)
    assert (setting.policy_id, str(setting.locks_on)) == ("wenzhou-2023", "2025-04-30")


def test_a_unit_admin_cannot_open_the_year_settings(client, hospital_admin):
    client.force_login(hospital_admin)
    assert client.get(reverse("credits:years")).status_code == 403


def test_unit_confirms_its_list_on_the_page(
    client,
    hospital_admin,
    wenzhou_office,
    city_hospital,
    staff,
    zhao,
    zhao_account,
    credit_year_2023,
    django_capture_on_commit_callbacks,
):
    approved_in_unit(
        hospital_admin,
        wenzhou_office,
        city_hospital,
        [zhao],
        day="2023-06-01",
        credits="25",
        title="全年院内学习",
    )
    client.force_login(hospital_admin)
    with at("2024-04-02"):
        page = client.get(reverse("credits:compliance") + "?year=2023")
        assert page.context["counts"] == {"compliant": 1, "noncompliant": 4, "exempt": 0}
        with django_capture_on_commit_callbacks(execute=True):
            confirm = client.post(
                reverse("credits:compliance"), {"year": "2023", "confirmed": "yes"}
            )
        assert confirm["Location"].startswith("/jobs/")
        job_page = client.get(confirm["Location"]).content.decode()
        assert "已确认 2023 年度名单：达标 1 人，不达标 4 人，不计达标 0 人。" in job_page
    assert ComplianceConfirmation.objects.get(unit=city_hospital, year=2023).compliant == 1
    client.force_login(zhao_account)
    with at("2024-04-03"):
        proof = client.get(reverse("credits:annual_proof", args=[zhao.pk, 2023]))
    assert proof.status_code == 200 and proof.content.startswith(b"%PDF")


def test_annual_facts_page_sets_an_exemption(client, hospital_admin, zhao, credit_year_2023):
    client.force_login(hospital_admin)
    evidence = io.BytesIO(b"%PDF-1.4 proof")
    evidence.name = "规培证明.pdf"
    answer = client.post(
        reverse("credits:annual_facts", args=[zhao.pk, 2023]),
        {"exemption": "resident_training", "reason": "住院医师规范化培训", "evidence": evidence},
    )
    assert answer.status_code == 302
    page = client.get(reverse("credits:person", args=[zhao.pk]) + "?year=2023")
    assert page.context["t"].status == "exempt"


def test_void_page_is_for_the_city(client, wenzhou_office, hospital_admin, zhao):
    client.force_login(hospital_admin)
    assert client.get(reverse("credits:void_year", args=[zhao.pk])).status_code == 403
    client.force_login(wenzhou_office)
    assert client.get(reverse("credits:void_year", args=[zhao.pk])).status_code == 200


def test_city_sees_compliance_rates_per_unit(
    client,
    wenzhou_office,
    lucheng_office,
    hospital_admin,
    city_hospital,
    lucheng_hospital,
    staff,
    credit_year_2023,
):
    approved_in_unit(
        hospital_admin,
        wenzhou_office,
        city_hospital,
        staff[:2],
        day="2023-06-01",
        credits="25",
        title="全年院内学习",
    )
    # The rates moved into the overview (统计概览); the old address leads there, year kept.
    client.force_login(wenzhou_office)
    page = client.get(reverse("credits:compliance_rates") + "?year=2023", follow=True)
    assert page.redirect_chain[0][0] == "/overview/?year=2023#compliance"
    rows = {r.label: r for r in page.context["compliance"]["groups"]}
    assert set(rows) == {"温州市第一人民医院", "鹿城区人民医院"}
    first = rows["温州市第一人民医院"]
    compliant, _exempt, short, _undetermined = (n for n, _url in first.counts)
    assert (compliant, short, str(first.rate)) == (2, 3, "40.0")
    assert first.confirmed is False and "未确认" in page.content.decode()
    client.force_login(lucheng_office)
    page = client.get(reverse("credits:compliance_rates") + "?year=2023", follow=True)
    assert [u.name for u in page.context["scope"].units] == ["鹿城区人民医院"]
    client.force_login(hospital_admin)
    page = client.get(reverse("credits:compliance_rates"), follow=True)
    assert [u.name for u in page.context["scope"].units] == ["温州市第一人民医院"]


def test_confirming_with_rows_waiting_at_the_unit_fails_the_job_saying_why(
    client,
    hospital_admin,
    city_hospital,
    zhao,
    credit_year_2023,
    django_capture_on_commit_callbacks,
):
    with at("2023-06-01"):
        credits_enter_in_unit(
            by=hospital_admin,
            unit=city_hospital,
            activity_type="全院业务学习",
            title="待审核的学习",
            activity_date=dt.date(2023, 6, 1),
            hours=None,
            credits=Decimal("2"),
            attendees=[zhao],
        )
    client.force_login(hospital_admin)
    with at("2024-04-02"):
        with django_capture_on_commit_callbacks(execute=True):
            confirm = client.post(
                reverse("credits:compliance"), {"year": "2023", "confirmed": "yes"}
            )
        page = client.get(confirm["Location"]).content.decode()
    assert "任务失败：</strong>尚有 1 条 2023 年度学分记录待本单位审核，请审核后再确认名单" in page
    assert '<a href="/credits/compliance/?year=2023">重新提交</a>' in page
    assert not ComplianceConfirmation.objects.exists()


def test_the_compliance_page_asks_first_with_the_counts_and_refuses_while_the_year_runs(
    client, hospital_admin, city_hospital, zhao, credit_year_2023, credit_year_2025
):
    client.force_login(hospital_admin)
    with at("2025-02-12"):
        page = client.get(reverse("credits:compliance") + "?year=2025").content.decode()
        assert "2025 年度名单自 2026-04-01 起方可确认" in page
        assert "确认 2025 年度名单</button>" not in page
        refused = client.post(reverse("credits:compliance"), {"year": "2025"}, follow=True)
        assert "不能确认：2025 年度名单自 2026-04-01 起方可确认" in refused.content.decode()
    with at("2024-04-02"):
        asked = client.post(reverse("credits:compliance"), {"year": "2023"}).content.decode()
    assert "将确认 温州市第一人民医院 2023 年度名单：达标 0 人、不达标 " in asked
    assert not ComplianceConfirmation.objects.exists()


def test_the_compliance_page_of_a_year_without_its_pack_says_so(
    client, hospital_admin, city_hospital
):
    client.force_login(hospital_admin)
    with at("2025-02-12"):
        page = client.get(reverse("credits:compliance") + "?year=2025")
    assert page.status_code == 200
    assert "先设置该年度的学分政策包" in page.content.decode()


def test_the_unit_exports_its_years_transcripts_as_a_job(
    client,
    hospital_admin,
    lucheng_admin,
    wenzhou_office,
    city_hospital,
    staff,
    credit_year_2023,
    django_capture_on_commit_callbacks,
):
    import openpyxl

    from tests.jobs.helpers import run_job

    approved_in_unit(
        hospital_admin,
        wenzhou_office,
        city_hospital,
        staff[:2],
        day="2023-06-01",
        credits="25",
        title="全年院内学习",
    )
    client.force_login(hospital_admin)
    with at("2024-01-10"):
        page = client.get(reverse("credits:compliance") + "?year=2023").content.decode()
        assert "导出 2023 年度全单位学分（Excel：汇总与明细）" in page
        job, content, job_page = run_job(
            client,
            reverse("credits:unit_transcripts_export"),
            django_capture_on_commit_callbacks,
            {"year": "2023"},
        )
    assert (job.kind, job.organisation, job.counts) == (
        "transcripts_export",
        city_hospital,
        {"year": 2023, "people": 5, "rows": 2},
    )
    assert "温州市第一人民医院 2023 年度学分汇总：5 人，学分记录 2 条。" in job_page
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["2023年度学分汇总", "2023年度学分明细"]
    summary = list(book["2023年度学分汇总"].iter_rows(values_only=True))
    assert summary[0][:3] == ("姓名", "证件号码", "科室")
    by_name = {row[0]: row for row in summary[1:]}
    assert set(by_name) == {p.name for p in staff}
    zhao = by_name[staff[0].name]
    assert (zhao[1], zhao[2], zhao[6], zhao[7]) == (staff[0].id_masked, "心血管内科", 25.0, "达标")
    assert by_name[staff[4].name][6] == 0.0
    details = list(book["2023年度学分明细"].iter_rows(values_only=True))
    assert [(r[0], r[4], r[7]) for r in details[1:]] == [
        (staff[0].name, "全年院内学习", 25.0),
        (staff[1].name, "全年院内学习", 25.0),
    ]
    # Another unit's administrator starts nothing for this unit and sees nothing of this job.
    client.force_login(lucheng_admin)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
