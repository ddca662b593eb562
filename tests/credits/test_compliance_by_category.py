"""A pack whose annual minimum depends on the unit's category, through the workflow: the office
records the category on the unit's page and the person's standing follows it."""

import pytest

from jijiao.audit_log.models import AuditEntry
from jijiao.credits.domain.years import credit_year_set
from jijiao.credits.transcript import person_year
from jijiao.policy.domain.packs import pack_create
from tests.credits.helpers import approved_in_unit, national_grant

pytestmark = pytest.mark.django_db

PACK = """
id = "wenzhou-categories"
title = "温州市按单位类别的年度学分要求（测试）"
extends = "wenzhou-2023"

[compliance.ANN_TOTAL]
cite = "测试通知 一"
severity = "error"
min = 30

[[compliance.ANN_TOTAL.cases]]
when = { "unit.category" = "county" }
min = 26

[[compliance.ANN_TOTAL.cases]]
when = { "unit.category" = "township" }
min = 20

[compliance.ANN_CLASS1]
cite = "测试通知 一"
enabled = false

[compliance.ANN_CLASS2]
cite = "测试通知 一"
enabled = false
"""


@pytest.fixture
def year_2019(wenzhou_office, wenzhou_office_unit):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-categories",
        title="温州市按单位类别的年度学分要求（测试）",
        extends="wenzhou-2023",
        text=PACK,
    )
    return credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2019, policy_id="wenzhou-categories"
    )


def test_the_office_sets_the_category_and_the_minimum_follows(
    client, wenzhou_office, hospital_admin, city_hospital, zhao, year_2019
):
    national_grant(wenzhou_office, [zhao], day="2019-05-10", credits="4", ref="N2019")
    approved_in_unit(
        hospital_admin,
        wenzhou_office,
        city_hospital,
        [zhao],
        day="2019-10-18",
        credits="22",
        title="院感培训",
    )
    transcript = person_year(zhao, 2019)
    assert transcript.status == "noncompliant"
    assert [f.message for f in transcript.standing.failures] == [
        "2019 年学分 26 分，低于 30 分（测试通知 一）"
    ]

    client.force_login(wenzhou_office)
    page = client.get(f"/units/{city_hospital.pk}/").content.decode()
    assert "单位类别" in page and "未设置" in page
    response = client.post(f"/units/{city_hospital.pk}/category/", {"category": "county"})
    assert response.status_code == 302
    city_hospital.refresh_from_db()
    assert city_hospital.category == "county"
    assert "县（市）" in client.get(f"/units/{city_hospital.pk}/").content.decode()
    entry = AuditEntry.objects.filter(action="unit.category_changed").get()
    assert entry.data == {"before": "", "after": "county"}

    zhao.refresh_from_db()
    assert person_year(zhao, 2019).status == "compliant"

    city_hospital.category = "city_centre"
    city_hospital.save()
    zhao.refresh_from_db()
    assert person_year(zhao, 2019).status == "noncompliant"


def test_the_pack_page_shows_the_cases_as_a_table(client, lucheng_office, year_2019):
    client.force_login(lucheng_office)
    page = client.get("/policy/wenzhou-categories/").content.decode()
    assert "按条件取值" in page
    assert "<td>县（市）</td><td>26</td>" in page
    assert "<td>乡镇</td><td>20</td>" in page
    assert '<td colspan="1">其他（默认）</td><td>30</td>' in page


def test_a_unit_admin_cannot_set_the_category(client, hospital_admin, city_hospital):
    client.force_login(hospital_admin)
    client.post(f"/units/{city_hospital.pk}/category/", {"category": "township"})
    city_hospital.refresh_from_db()
    assert city_hospital.category == ""
