"""The content may not change after approval (seed 004 三, issue 20): the filing page carries the
content the host declares, prefilled from the approved application's 项目简介; a changed content
is shown before filing and refuses it under Anyang's pack, or only warns where a pack says so."""

import datetime as dt

import pytest

from jijiao.hosting.models import Filing
from jijiao.policy.domain.packs import pack_create
from tests.hosting.conftest import START, at, make_session, ready_to_file
from tests.hosting.test_filing_pack_in_pages import notice
from tests.projects.conftest import city_call, colleague, draft, in_window  # noqa: F401

pytestmark = pytest.mark.django_db

APPROVED = "高血压、冠心病基层规范化诊疗与适宜技术"
CHANGED = "医院管理与医保支付改革"

WARNING_PACK = """
id = "anyang-content-warns"
title = "安阳市项目举办报备（内容变更只提示，测试）"
extends = "anyang-2022"

[filing.city.FIL_CHANGED_AFTER_APPROVAL]
cite = "测试通知 三"
severity = "warning"
fields = ["number", "name", "content", "teachers"]
"""


@pytest.fixture
def session_of(hospital_admin, city_project, draft):  # noqa: F811
    """A session of the city project approved on ``draft`` (the same teachers and 学时)."""
    draft.figures = {"teaching_hours": 10.0}
    draft.save(update_fields=["figures"])
    assert draft.summary == APPROVED

    def make(policy_id: str):
        session = make_session(hospital_admin, city_project, policy_id, hours=10)
        city_project.application = draft
        city_project.save(update_fields=["application"])
        return session

    return make


def _page(client, session) -> str:
    return client.get(f"/hosting/sessions/{session.pk}/filing/").content.decode()


def test_the_approved_content_is_prefilled_and_filing_it_unchanged_passes(
    client, hospital_admin, session_of
):
    session = session_of("anyang-2022")
    with at(START.date() - dt.timedelta(days=10)):
        ready_to_file(hospital_admin, session)
        client.force_login(hospital_admin)
        page = _page(client, session)
        assert "项目内容" in page and f"{APPROVED}</textarea>" in page
        assert "批准后擅自变更" not in page and "未发现问题" in page

        # The same words broken over lines are the same content.
        posted = {**notice(session), "content": "高血压、冠心病基层规范化诊疗\n与适宜技术"}
        response = client.post(
            f"/hosting/sessions/{session.pk}/filing/", {**posted, "action": "submit"}
        )
        assert response["Location"] == f"/hosting/sessions/{session.pk}/"
    assert Filing.objects.get(session=session).state == "filed"


def test_a_changed_content_is_shown_and_refuses_the_filing(client, hospital_admin, session_of):
    session = session_of("anyang-2022")
    with at(START.date() - dt.timedelta(days=10)):
        ready_to_file(hospital_admin, session)
        client.force_login(hospital_admin)
        url = f"/hosting/sessions/{session.pk}/filing/"
        response = client.post(url, {**notice(session), "content": CHANGED, "action": "save"})
        assert response.status_code == 302
        page = _page(client, session)
        shown = f"批准后擅自变更：内容「{APPROVED}」→「{CHANGED}」"
        assert f'<span class="badge err">须改正</span> {shown}' in page

        response = client.post(url, {**notice(session), "action": "submit"})
        assert response["Location"] == url
        page = client.get(url).content.decode()
    assert "未能报备：请按下列问题修改后重新报备。" in page
    filing = Filing.objects.get(session=session)
    assert filing.state == "draft"
    assert [(f["code"], f["severity"]) for f in filing.findings] == [
        ("FIL_CHANGED_AFTER_APPROVAL", "error")
    ]


def test_a_content_left_empty_counts_as_changed(client, hospital_admin, session_of):
    session = session_of("anyang-2022")
    with at(START.date() - dt.timedelta(days=10)):
        ready_to_file(hospital_admin, session)
        client.force_login(hospital_admin)
        url = f"/hosting/sessions/{session.pk}/filing/"
        client.post(url, {**notice(session), "content": "", "action": "save"})
        assert f"批准后擅自变更：内容「{APPROVED}」→「（未填写）」" in _page(client, session)


def test_a_pack_that_makes_it_a_warning_lets_the_filing_through(
    client, hospital_admin, wenzhou_office, wenzhou_office_unit, session_of
):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="anyang-content-warns",
        title="安阳市项目举办报备（内容变更只提示，测试）",
        extends="anyang-2022",
        text=WARNING_PACK,
    )
    session = session_of("anyang-content-warns")
    with at(START.date() - dt.timedelta(days=10)):
        ready_to_file(hospital_admin, session)
        client.force_login(hospital_admin)
        url = f"/hosting/sessions/{session.pk}/filing/"
        client.post(url, {**notice(session), "content": CHANGED, "action": "save"})
        page = _page(client, session)
        shown = f"批准后擅自变更：内容「{APPROVED}」→「{CHANGED}」"
        assert f'<span class="badge warn">提示</span> {shown}' in page
        assert "测试通知 三" in page and "须改正" not in page

        response = client.post(url, {**notice(session), "action": "submit"})
        assert response["Location"] == f"/hosting/sessions/{session.pk}/"
    filing = Filing.objects.get(session=session)
    assert filing.state == "filed" and filing.content == CHANGED
    assert [(f["code"], f["severity"]) for f in filing.findings] == [
        ("FIL_CHANGED_AFTER_APPROVAL", "warning")
    ]
