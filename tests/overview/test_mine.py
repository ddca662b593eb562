"""A trainee's own five years against the requirement of each year's pack."""

from django.urls import reverse

from jijiao.audits.models import AuditCase
from tests.credits.conftest import at
from tests.factories.audits import AuditCaseFactory, CampaignFactory


def test_a_trainee_sees_five_years_against_the_requirement(client, world, zhao_account, zhao):
    client.force_login(zhao_account)
    with at("2024-03-01"):
        page = client.get(reverse("overview:mine"))
    assert page.status_code == 200
    rows = {r["year"]: r for r in page.context["five"]["rows"]}
    assert list(rows) == [2020, 2021, 2022, 2023, 2024]
    # 2023: 25 in-unit (class II) credits against wenzhou-2023's 25.
    year = rows[2023]
    assert (str(year["total"]), year["required"], year["status"]) == ("25.0", "25", "达标")
    assert rows[2022]["required"] is None and rows[2022]["status"] == "未判定"
    html = page.content.decode()
    assert "<svg" in html and "2023 年 Ⅱ类：25 分" in html
    transcript = client.get(reverse("credits:person", args=[zhao.pk])).content.decode()
    assert reverse("overview:mine") in transcript


def test_an_account_without_a_person_has_no_five_years(client, wenzhou_office):
    client.force_login(wenzhou_office)
    assert client.get(reverse("overview:mine")).status_code == 404


def test_a_promotion_candidate_sees_the_years_the_audit_reads(
    client, world, zhao_account, zhao, wenzhou_office_unit
):
    AuditCaseFactory(
        person=zhao,
        campaign=CampaignFactory(
            office=wenzhou_office_unit, year=2024, title="2024年度晋升学分审核"
        ),
        status=AuditCase.Status.PENDING_CITY,
    )
    client.force_login(zhao_account)
    with at("2024-03-01"):
        page = client.get(reverse("overview:mine"))
    rows = page.context["five"]["rows"]
    # wenzhou-2023's window: the five credit years before the audit year (seed 002 二).
    assert [(r["year"], r["audited"]) for r in rows] == [
        (2019, True),
        (2020, True),
        (2021, True),
        (2022, True),
        (2023, True),
        (2024, False),
    ]
    html = page.content.decode()
    assert "您是「2024年度晋升学分审核」的审核对象（待市级审核）：学分审核看 2019–2023 年度" in html
    assert "2023 年 ★" in html
