"""A pack whose annual minimum depends on the person's job type (岗位类别, issue 20), through the
pages: the unit admin records the job type on the person's form, the person's page shows it, and
the two people who differ only by it get different standings on their transcripts."""

import pytest

from jijiao.audit_log.models import AuditEntry
from jijiao.credits.domain.years import credit_year_set
from jijiao.orgs.models import Role
from jijiao.policy.domain.packs import pack_create
from tests.credits.helpers import approved_in_unit, national_grant
from tests.factories import AccountFactory, grant

pytestmark = pytest.mark.django_db

PACK = """
id = "wenzhou-job-types"
title = "温州市按岗位类别的年度学分要求（测试）"
extends = "wenzhou-2023"

[compliance.ANN_TOTAL]
cite = "测试通知 二"
severity = "error"
min = 30

[[compliance.ANN_TOTAL.cases]]
when = { "person.job_type" = "管理" }
min = 20

[compliance.ANN_CLASS1]
cite = "测试通知 二"
enabled = false

[compliance.ANN_CLASS2]
cite = "测试通知 二"
enabled = false
"""


@pytest.fixture
def year_2019(wenzhou_office, wenzhou_office_unit):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-job-types",
        title="温州市按岗位类别的年度学分要求（测试）",
        extends="wenzhou-2023",
        text=PACK,
    )
    return credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2019, policy_id="wenzhou-job-types"
    )


def _transcript(client, account) -> str:
    client.force_login(account)
    response = client.get("/credits/transcript/", follow=True)
    assert response.status_code == 200
    return client.get(response.request["PATH_INFO"], {"year": 2019}).content.decode()


def test_the_job_type_set_on_the_persons_form_gives_the_minimum_on_the_transcript(
    client, wenzhou_office, hospital_admin, city_hospital, staff, year_2019
):
    zhao, qian = staff[0], staff[1]
    national_grant(wenzhou_office, [zhao, qian], day="2019-05-10", credits="4", ref="N2019")
    approved_in_unit(
        hospital_admin,
        wenzhou_office,
        city_hospital,
        [zhao, qian],
        day="2019-10-18",
        credits="22",
        title="院感培训",
    )

    client.force_login(hospital_admin)
    form = client.get(f"/people/{qian.pk}/edit/").content.decode()
    assert "岗位类别" in form and '<option value="管理">管理</option>' in form
    response = client.post(f"/people/{qian.pk}/edit/", {"name": qian.name, "job_type": "管理"})
    assert response.status_code == 302
    qian.refresh_from_db()
    assert qian.job_type == "管理"
    entry = AuditEntry.objects.filter(action="person.updated", object_id=str(qian.pk)).get()
    assert entry.data["after"]["job_type"] == "管理"
    detail = client.get(f"/people/{qian.pk}/").content.decode()
    assert "<dt>岗位类别</dt><dd>管理</dd>" in detail
    assert "<dt>岗位类别</dt><dd>—</dd>" in client.get(f"/people/{zhao.pk}/").content.decode()

    zhao_account = grant(AccountFactory(username="zhao", person=zhao), Role.TRAINEE, city_hospital)
    qian_account = grant(AccountFactory(username="qian", person=qian), Role.TRAINEE, city_hospital)
    zhao_page = _transcript(client, zhao_account)
    assert "2019 年学分 26 分，低于 30 分（测试通知 二）" in zhao_page
    assert "不达标" in zhao_page
    qian_page = _transcript(client, qian_account)
    assert "低于" not in qian_page
    assert "不达标" not in qian_page and "达标" in qian_page


def test_a_bad_job_type_on_the_form_is_refused(client, hospital_admin, staff):
    client.force_login(hospital_admin)
    response = client.post(
        f"/people/{staff[0].pk}/edit/", {"name": staff[0].name, "job_type": "医生"}
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
