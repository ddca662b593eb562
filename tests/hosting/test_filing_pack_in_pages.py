"""A filing pack as the host meets it on the filing page: how many days ahead a session must be
filed chosen by the host unit's category (``cases``, set by the office on the unit's page), and
Anyang's "no change after approval" (seed 004 三) shown before filing and refusing the filing."""

import datetime as dt

import pytest

from jijiao.hosting.domain.filing import NOTICE_FIELDS
from jijiao.hosting.models import Filing
from jijiao.policy.domain.packs import pack_create
from tests.hosting.conftest import START, at, make_session, ready_to_file
from tests.projects.conftest import city_call, colleague, draft, in_window  # noqa: F401

pytestmark = pytest.mark.django_db

PACK = """
id = "anyang-townships"
title = "安阳市项目举办报备（乡镇单位提前 5 天，测试）"
extends = "anyang-2022"

[filing.city.FIL_LATE]
cite = "测试通知 六"
severity = "error"
min_days = 10

[[filing.city.FIL_LATE.cases]]
when = { "unit.category" = "township" }
min_days = 5
"""


@pytest.fixture
def township_pack(wenzhou_office, wenzhou_office_unit):
    return pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="anyang-townships",
        title="安阳市项目举办报备（乡镇单位提前 5 天，测试）",
        extends="anyang-2022",
        text=PACK,
    )


def test_the_days_ahead_follow_the_category_the_office_sets(
    client, hospital_admin, wenzhou_office, city_hospital, city_project, township_pack
):
    session = make_session(hospital_admin, city_project, "anyang-townships")
    seven_days_before = START.date() - dt.timedelta(days=7)
    with at(seven_days_before):
        ready_to_file(hospital_admin, session)
        client.force_login(hospital_admin)
        page = client.get(f"/hosting/sessions/{session.pk}/filing/").content.decode()
        assert "今天报备为举办前 7 天，规定至少提前 10 天" in page
        assert "FIL_LATE" in page

        client.force_login(wenzhou_office)
        response = client.post(f"/units/{city_hospital.pk}/category/", {"category": "township"})
        assert response.status_code == 302

        client.force_login(hospital_admin)
        page = client.get(f"/hosting/sessions/{session.pk}/filing/").content.decode()
        assert "今天报备为举办前 7 天，规定至少提前 5 天" in page
        assert "FIL_LATE" not in page

        response = client.post(
            f"/hosting/sessions/{session.pk}/filing/", {**notice(session), "action": "submit"}
        )
        assert response.status_code == 302
        assert response["Location"] == f"/hosting/sessions/{session.pk}/"
    assert Filing.objects.get(session=session).state == "filed"


def notice(session) -> dict:
    """The filing form as the host's browser posts it (what ``ready_to_file`` saved)."""
    filing = Filing.objects.get(session=session)
    return {name: str(getattr(filing, name)) for name in NOTICE_FIELDS}


def test_teachers_changed_after_approval_are_shown_and_refuse_the_filing(
    client,
    hospital_admin,
    city_project,
    draft,  # noqa: F811
):
    draft.figures = {"teaching_hours": 10.0}
    draft.save(update_fields=["figures"])
    session = make_session(
        hospital_admin, city_project, "anyang-2022", hours=8, teachers="张建华\n王某"
    )
    city_project.application = draft
    city_project.save(update_fields=["application"])
    with at(START.date() - dt.timedelta(days=10)):
        ready_to_file(hospital_admin, session)
        client.force_login(hospital_admin)
        page = client.get(f"/hosting/sessions/{session.pk}/filing/").content.decode()
        assert "批准后擅自变更：授课教师（新增 王某；减少 陈志强）" in page
        assert "举办学时 8 少于批准的 10 学时" in page

        response = client.post(
            f"/hosting/sessions/{session.pk}/filing/", {**notice(session), "action": "submit"}
        )
        assert response["Location"] == f"/hosting/sessions/{session.pk}/filing/"
        page = client.get(response["Location"]).content.decode()
    assert "未能报备：请按下列问题修改后重新报备。" in page
    assert Filing.objects.get(session=session).state == "draft"
