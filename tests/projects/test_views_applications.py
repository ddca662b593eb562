"""The PI's pages: my applications, the form with its live findings, submitting, the trail."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jijiao.audit_log.models import AuditEntry
from jijiao.projects.domain.applications import application_create
from jijiao.projects.models import Application, Call
from tests.factories import AccountFactory, PersonFactory, grant
from tests.projects.conftest import PROJECT

pytestmark = pytest.mark.django_db


def _as(client, account):
    client.force_login(account)
    return client


def form_data(application, rows, **project) -> dict:
    """The edit form as a browser posts it: project fields and schedule rows."""
    data = {
        "name": application.name,
        "summary": PROJECT["summary"],
        "track": "new",
        "theme_kind": "training",
        "discipline": "03-01",
        "format": "offline",
        "sessions": "2",
        "enrollment_per_session": "120",
        "venue": PROJECT["venue"],
        "venue_is_own_unit": "on",
        "target_trainees": PROJECT["target_trainees"],
        "fees": "不收费",
        "requested_credits": "",
        "courses-TOTAL_FORMS": str(len(rows)),
        "courses-INITIAL_FORMS": "0",
        "courses-MIN_NUM_FORMS": "0",
        "courses-MAX_NUM_FORMS": "1000",
        **project,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"courses-{index}-{key}"] = value
    return data


def row(topic, kind, minutes, person=None, **external) -> dict:
    values = {"topic": topic, "kind": kind, "minutes": str(minutes), "discipline": ""}
    if external:
        values.update(teacher_source="external", **external)
    else:
        values.update(
            teacher_source="person",
            teacher_person=str(person.pk) if person else "",
            teacher_query=person.name if person else "",
        )
    return values


def short_pi_rows(pi, colleague) -> list[dict]:
    """The PI teaches 60 of 600 minutes: 10 %, under the fifth Wenzhou asks for."""
    return [
        row("开班仪式", "non_teaching", 30),
        row("高血压规范化管理", "theory", 60, pi),
        row("冠心病二级预防", "theory", 390, colleague),
        row("动态血压监测", "practical", 150, colleague),
    ]


def test_my_applications_lists_this_year_and_past_years_and_the_open_call(
    client, pi_zhang, draft, city_call, wenzhou_office, wenzhou_office_unit
):
    old_call = Call.objects.create(
        title="2024年度市级项目申报",
        level="city",
        year=2024,
        office=wenzhou_office_unit,
        policy_id="wenzhou-2025",
        policy_hash="x",
        opens_at=city_call.opens_at.replace(year=2024),
        closes_at=city_call.closes_at.replace(year=2024),
        opened_at=city_call.opened_at,
        state=Call.State.CLOSED,
    )
    old = Application.objects.create(
        call=old_call,
        unit=draft.unit,
        pi=draft.pi,
        created_by=pi_zhang,
        name="2024年心电图培训班",
        state="approved",
        number="2024-03-01-007",
        created_at=old_call.opened_at,
        updated_at=old_call.opened_at,
    )
    page = _as(client, pi_zhang).get("/projects/mine/").content.decode()
    current, past = page.split("<h2>往年申报</h2>")
    assert (
        f'<a href="/projects/applications/{draft.pk}/">基层心血管病规范化诊疗培训班</a>' in current
    )
    assert f'<a href="/projects/applications/{old.pk}/">2024年心电图培训班</a>' in past
    assert "2024-03-01-007" in past
    assert f'href="/projects/calls/{city_call.pk}/apply/"' in current


def test_start_creates_a_draft_and_goes_to_the_form(client, pi_zhang, city_call):
    response = _as(client, pi_zhang).post(
        f"/projects/calls/{city_call.pk}/apply/", {"name": "糖尿病足规范化诊治培训班"}
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/projects/applications/{application.pk}/edit/"
    assert (application.name, application.state, application.pi.name) == (
        "糖尿病足规范化诊治培训班",
        "draft",
        "张建华",
    )


def test_form_shows_the_leader_from_the_person_record_and_the_live_figures(client, pi_zhang, draft):
    page = _as(client, pi_zhang).get(f"/projects/applications/{draft.pk}/edit/").content.decode()
    assert "<dt>姓名</dt><dd>张建华</dd>" in page
    assert "<dt>单位 / 科室</dt><dd>温州市第一人民医院 / 心血管内科</dd>" in page
    assert '<dd data-figure="minutes">600 分钟</dd>' in page
    assert '<dd data-figure="hours">12.0 学时</dd>' in page
    assert '<dd data-figure="computed">4.0 分</dd>' in page
    assert '<dd data-figure="credits">2.5 分</dd>' in page
    assert 'value="陈志强（心血管内科，副高，03-01）"' in page
    assert f'hx-post="/projects/applications/{draft.pk}/findings/"' in page


def test_findings_endpoint_checks_the_unsaved_form_and_saves_nothing(
    client, pi_zhang, draft, pi_zhang_person, colleague
):
    before = list(draft.courses.values_list("minutes", flat=True))
    audited = AuditEntry.objects.count()
    response = _as(client, pi_zhang).post(
        f"/projects/applications/{draft.pk}/findings/",
        form_data(draft, short_pi_rows(pi_zhang_person, colleague)),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-code="APP_PI_TEACHING_SHARE"' in page
    assert "项目负责人理论授课 60 分钟，占总授课时长 600 分钟的 10%，低于 1/5" in page
    assert list(draft.courses.values_list("minutes", flat=True)) == before
    assert AuditEntry.objects.count() == audited


def test_findings_endpoint_passes_once_the_minutes_are_fixed(
    client, pi_zhang, draft, pi_zhang_person, colleague
):
    rows = short_pi_rows(pi_zhang_person, colleague)
    rows[1]["minutes"], rows[2]["minutes"] = "150", "300"
    page = (
        _as(client, pi_zhang)
        .post(f"/projects/applications/{draft.pk}/findings/", form_data(draft, rows))
        .content.decode()
    )
    assert "APP_PI_TEACHING_SHARE" not in page
    assert "未发现问题，可以提交" in page


def test_findings_endpoint_names_the_row_that_cannot_be_read(
    client, pi_zhang, draft, pi_zhang_person, colleague
):
    rows = short_pi_rows(pi_zhang_person, colleague)
    rows[3]["minutes"] = "一百五十"
    page = (
        _as(client, pi_zhang)
        .post(f"/projects/applications/{draft.pk}/findings/", form_data(draft, rows))
        .content.decode()
    )
    assert "课程第 4 行“时长（分钟）”：输入整数。" in page


def test_external_teacher_needs_title_unit_and_specialty(
    client, pi_zhang, draft, pi_zhang_person, colleague
):
    rows = [
        row("高血压规范化管理", "theory", 150, pi_zhang_person),
        row("心衰管理", "theory", 300, teacher_name="周敏", teacher_title="", teacher_unit=""),
        row("动态血压监测", "practical", 150, colleague),
    ]
    response = _as(client, pi_zhang).post(
        f"/projects/applications/{draft.pk}/edit/", form_data(draft, rows)
    )
    assert response.status_code == 200
    assert "课程第 2 行：外单位教师须填写职称、工作单位、专业" in response.content.decode()
    assert draft.courses.count() == 4


def test_save_stores_the_schedule_with_a_person_found_by_name_and_an_external_teacher(
    client, pi_zhang, draft, pi_zhang_person, colleague
):
    rows = [
        row("开班仪式", "non_teaching", 30),
        {**row("高血压规范化管理", "theory", 150), "teacher_query": "张建华"},
        row(
            "心衰管理",
            "theory",
            150,
            teacher_name="周敏",
            teacher_title="正高",
            teacher_unit="温州医科大学附属第二医院",
            teacher_specialty="03-01",
        ),
        row("动态血压监测", "practical", 300, colleague),
    ]
    response = _as(client, pi_zhang).post(
        f"/projects/applications/{draft.pk}/edit/", form_data(draft, rows)
    )
    assert response.status_code == 302
    stored = list(
        draft.courses.order_by("position").values_list(
            "topic", "kind", "minutes", "teacher_person__name", "teacher_name", "teacher_title"
        )
    )
    assert stored == [
        ("开班仪式", "non_teaching", 30, None, "", ""),
        ("高血压规范化管理", "theory", 150, "张建华", "", ""),
        ("心衰管理", "theory", 150, None, "周敏", "正高"),
        ("动态血压监测", "practical", 300, "陈志强", "", ""),
    ]


def test_a_name_not_in_the_unit_is_refused_with_what_to_do(
    client, pi_zhang, draft, pi_zhang_person
):
    rows = [{**row("高血压规范化管理", "theory", 150), "teacher_query": "王丽华"}]
    page = (
        _as(client, pi_zhang)
        .post(f"/projects/applications/{draft.pk}/edit/", form_data(draft, rows))
        .content.decode()
    )
    assert "课程第 1 行：本单位没有名为“王丽华”的人员" in page


def test_teacher_search_finds_people_of_the_unit_only(
    client, pi_zhang, draft, colleague, nurse_wang
):
    PersonFactory(name="陈志明", unit=nurse_wang.unit)  # another unit: never offered
    page = (
        _as(client, pi_zhang)
        .get(f"/projects/applications/{draft.pk}/teachers/", {"courses-2-teacher_query": "陈"})
        .content.decode()
    )
    assert re.findall(r'data-label="([^"]+)"', page) == ["陈志强（心血管内科，副高，03-01）"]


def test_submit_confirms_then_submits_and_the_trail_shows_it(client, pi_zhang, draft):
    _as(client, pi_zhang)
    confirm = client.get(f"/projects/applications/{draft.pk}/submit/").content.decode()
    assert "确认提交</button>" in confirm
    response = client.post(f"/projects/applications/{draft.pk}/submit/")
    assert response["Location"] == f"/projects/applications/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.state == "submitted"
    page = client.get(f"/projects/applications/{draft.pk}/").content.decode()
    assert "<td>创建草稿</td>" in page
    assert "<td>提交至单位</td>" in page
    assert "草稿 → 已提交，待单位审核" in page


def test_submit_page_refuses_with_an_error_finding(
    client, pi_zhang, draft, pi_zhang_person, colleague
):
    _as(client, pi_zhang).post(
        f"/projects/applications/{draft.pk}/edit/",
        form_data(draft, short_pi_rows(pi_zhang_person, colleague)),
    )
    confirm = client.get(f"/projects/applications/{draft.pk}/submit/").content.decode()
    assert "确认提交</button>" not in confirm
    assert 'data-code="APP_PI_TEACHING_SHARE"' in confirm
    client.post(f"/projects/applications/{draft.pk}/submit/")
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_returned_application_shows_the_reason_to_the_pi(
    client, pi_zhang, submitted, hospital_admin
):
    _as(client, hospital_admin).post(
        f"/projects/applications/{submitted.pk}/return/", {"reason": "请补充授课教师简介"}
    )
    page = _as(client, pi_zhang).get(f"/projects/applications/{submitted.pk}/").content.decode()
    assert "<td>退回修改</td>" in page
    assert "<td>请补充授课教师简介</td>" in page
    assert "修改申报</a>" in page


@pytest.mark.parametrize("persona", ["lucheng_admin", "ruian_office", "nurse_account"])
def test_application_pages_answer_404_outside_visibility(request, client, persona, submitted):
    if persona == "nurse_account":
        account = grant(
            AccountFactory(person=request.getfixturevalue("nurse_wang")),
            "applicant",
            request.getfixturevalue("lucheng_hospital"),
        )
    else:
        account = request.getfixturevalue(persona)
    _as(client, account)
    for url in ("", "edit/", "submit/", "pdf/"):
        assert client.get(f"/projects/applications/{submitted.pk}/{url}").status_code == 404
    assert client.post(f"/projects/applications/{submitted.pk}/return/").status_code == 404


def test_unit_admin_sees_the_application_but_cannot_edit_it(client, hospital_admin, submitted):
    _as(client, hospital_admin)
    assert client.get(f"/projects/applications/{submitted.pk}/").status_code == 200
    assert client.get(f"/projects/applications/{submitted.pk}/edit/").status_code == 403


def test_a_draft_stays_invisible_to_the_unit_admin(client, hospital_admin, draft):
    response = _as(client, hospital_admin).get(f"/projects/applications/{draft.pk}/")
    assert response.status_code == 404


def _pi_list_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/projects/mine/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_my_applications_query_count_does_not_grow_with_rows(
    client, pi_zhang, city_call, wenzhou_office_unit
):
    application_create(by=pi_zhang, call=city_call, fields={"name": "培训班一"})
    _as(client, pi_zhang).get("/projects/mine/")
    one, page = _pi_list_queries(client)
    assert len(re.findall(r'href="/projects/applications/\d+/"', page)) == 1
    application_create(by=pi_zhang, call=city_call, fields={"name": "培训班二"})
    application_create(by=pi_zhang, call=city_call, fields={"name": "培训班三"})
    three, page = _pi_list_queries(client)
    assert len(re.findall(r'href="/projects/applications/\d+/"', page)) == 3
    assert three == one


def test_the_call_page_offers_applicants_to_start(client, pi_zhang, hospital_admin, city_call):
    start = f'href="/projects/calls/{city_call.pk}/apply/"'
    assert start in _as(client, pi_zhang).get(f"/projects/calls/{city_call.pk}/").content.decode()
    page = _as(client, hospital_admin).get(f"/projects/calls/{city_call.pk}/").content.decode()
    assert start not in page
