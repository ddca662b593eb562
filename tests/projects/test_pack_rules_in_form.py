"""A call's pack, as the PI meets it in the application form's live check: a rule over the
unit's past projects (APP_PAST_PROJECT), a cap on the whole project's trainees
(APP_PROJECT_ENROLLMENT_LIMIT) and a value chosen by the unit's category (``cases``), which
the office sets on the unit's page."""

import datetime as dt

import pytest

from jijiao.common import clock
from jijiao.policy.domain.packs import pack_create
from jijiao.projects.domain.applications import application_create, application_save
from jijiao.projects.domain.calls import call_open
from jijiao.records.models import PastProject
from tests.projects.conftest import PROJECT, good_schedule
from tests.projects.test_views_applications import form_data, row

pytestmark = pytest.mark.django_db

PACK = """
id = "wenzhou-caps-2025"
title = "温州市2025年项目申报（历年项目与招生总数，测试）"
extends = "wenzhou-2025"

[application.city.APP_PAST_PROJECT]
cite = "测试通知 二"
severity = "error"
tracks = ["new"]
years_before = [1]
needs = ["approved"]
match = "name"
mode = "forbidden"

[application.city.APP_PROJECT_ENROLLMENT_LIMIT]
cite = "测试通知 三"
severity = "warning"
max = 300

[[application.city.APP_PROJECT_ENROLLMENT_LIMIT.cases]]
when = { "unit.category" = ["county", "township"] }
max = 200
"""

PAST_MESSAGE = "2024 年已有已批准的同名项目「基层心血管病规范化诊疗培训班」"


def ref(code: str, cite: str) -> str:
    """How the panel names the rule and the clause after a finding's sentence."""
    return f'<small class="rule-ref"><code>{code}</code> {cite}</small>'


@pytest.fixture
def application(
    wenzhou_office, wenzhou_office_unit, in_window, pi_zhang, pi_zhang_person, colleague
):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-caps-2025",
        title="温州市2025年项目申报（历年项目与招生总数，测试）",
        extends="wenzhou-2025",
        text=PACK,
    )
    call = call_open(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        title="温州市2025年市级项目申报",
        level="city",
        year=2025,
        policy_id="wenzhou-caps-2025",
        paper_deadline=dt.datetime(2025, 3, 5, 17, 0, tzinfo=clock.SHANGHAI),
    )
    application = application_create(by=pi_zhang, call=call, fields=dict(PROJECT))
    application_save(
        by=pi_zhang,
        application=application,
        fields={},
        courses=good_schedule(pi_zhang_person, colleague),
    )
    return application


def rows(pi, colleague) -> list[dict]:
    return [
        row("开班仪式", "non_teaching", 30),
        row("高血压规范化管理", "theory", 150, pi),
        row("冠心病二级预防", "theory", 300, colleague),
        row("动态血压监测", "practical", 150, colleague),
    ]


def live(client, application, **fields) -> str:
    """The live check's panel as the PI's browser gets it while typing."""
    return client.post(
        f"/projects/applications/{application.pk}/findings/", fields
    ).content.decode()


def test_last_years_approved_project_is_not_applied_for_again_as_new(
    client, pi_zhang, pi_zhang_person, colleague, city_hospital, application
):
    client.force_login(pi_zhang)
    data = form_data(application, rows(pi_zhang_person, colleague))
    assert "APP_PAST_PROJECT" not in live(client, application, **data)

    # The office's list of last year's city projects has one of the same name.
    PastProject.objects.create(
        unit=city_hospital,
        year=2024,
        level="city",
        number="2024-03-01-011",
        name=PROJECT["name"],
        leader_name="张建华",
        held=True,
    )
    panel = live(client, application, **data)
    assert f"{PAST_MESSAGE} {ref('APP_PAST_PROJECT', '测试通知 二')}" in panel

    # Another name is a new project; the same name filed as 备案 is not this rule's business.
    renamed = form_data(
        application, rows(pi_zhang_person, colleague), name="基层心衰规范化诊疗培训班"
    )
    assert "APP_PAST_PROJECT" not in live(client, application, **renamed)
    # A project of 2023 is not "last year".
    PastProject.objects.update(year=2023)
    assert "APP_PAST_PROJECT" not in live(client, application, **data)


def test_the_cap_on_the_whole_project_follows_the_unit_category_the_office_sets(
    client, pi_zhang, pi_zhang_person, colleague, wenzhou_office, city_hospital, application
):
    client.force_login(pi_zhang)
    two = form_data(application, rows(pi_zhang_person, colleague), sessions="2")
    three = form_data(application, rows(pi_zhang_person, colleague), sessions="3")
    assert "APP_PROJECT_ENROLLMENT_LIMIT" not in live(client, application, **two)
    panel = live(client, application, **three)
    assert "线下项目计划招生共 360 人，超过每项目 300 人上限" in panel
    assert ref("APP_PROJECT_ENROLLMENT_LIMIT", "测试通知 三") in panel

    # The office records the hospital as a county unit: the pack's case for county units applies.
    client.force_login(wenzhou_office)
    response = client.post(f"/units/{city_hospital.pk}/category/", {"category": "county"})
    assert response.status_code == 302

    client.force_login(pi_zhang)
    panel = live(client, application, **two)
    assert "线下项目计划招生共 240 人，超过每项目 200 人上限" in panel

    # The saved application is checked the same way: a warning, the application may go on.
    saved = client.post(f"/projects/applications/{application.pk}/edit/", {**two, "action": "save"})
    assert saved.status_code == 302
    page = client.get(f"/projects/applications/{application.pk}/edit/").content.decode()
    assert "超过每项目 200 人上限" in page


def test_the_pack_page_shows_the_cap_by_category(client, wenzhou_office, application):
    client.force_login(wenzhou_office)
    page = client.get("/policy/wenzhou-caps-2025/").content.decode()
    assert "APP_PROJECT_ENROLLMENT_LIMIT" in page
    assert "<td>县（市）、乡镇</td><td>200</td>" in page
    assert '<td colspan="1">其他（默认）</td><td>300</td>' in page


REFILING = """
id = "wenzhou-refiling-2025"
title = "温州市2025年项目申报（备案须上年已举办并已上报，测试）"
extends = "wenzhou-2025"

[application.city.APP_PAST_PROJECT]
cite = "测试通知 四"
severity = "error"
tracks = ["refiling"]
years_before = [1]
needs = ["approved", "held", "reported"]
match = "name"
"""
REFILING_MESSAGE = "备案项目须为 2024 年已批准、已举办且已上报执行情况的同名项目，未找到相应记录"


def test_refiling_needs_last_years_project_held_and_its_report_accepted_here(
    client, pi_zhang, pi_zhang_person, colleague, city_hospital, wenzhou_office,
    wenzhou_office_unit, in_window,
):  # fmt: skip
    """Last year's project of the same name, published and held in the system: the PI may file
    it again (备案) once its execution report has been accepted — read from the one history."""
    from jijiao.execution.models import ExecutionReport
    from jijiao.hosting.models import Session
    from tests.factories.execution import ExecutionReportFactory
    from tests.factories.hosting import SessionFactory
    from tests.factories.projects import PublishedProjectFactory

    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-refiling-2025",
        title="温州市2025年项目申报（备案须上年已举办并已上报，测试）",
        extends="wenzhou-2025",
        text=REFILING,
    )
    call = call_open(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        title="温州市2025年市级项目申报",
        level="city",
        year=2025,
        policy_id="wenzhou-refiling-2025",
        paper_deadline=dt.datetime(2025, 3, 5, 17, 0, tzinfo=clock.SHANGHAI),
    )
    application = application_create(by=pi_zhang, call=call, fields=dict(PROJECT))
    client.force_login(pi_zhang)
    data = form_data(application, rows(pi_zhang_person, colleague), track="refiling")
    assert REFILING_MESSAGE in live(client, application, **data)

    last_year = PublishedProjectFactory(
        year=2024, number="2024-03-01-011", name=PROJECT["name"], host=city_hospital
    )
    session = SessionFactory(project=last_year, state=Session.State.ACCEPTED)
    report = ExecutionReportFactory(session=session, state=ExecutionReport.State.SUBMITTED)
    assert REFILING_MESSAGE in live(client, application, **data)  # not accepted yet

    report.state = ExecutionReport.State.ACCEPTED
    report.save(update_fields=["state"])
    assert "APP_PAST_PROJECT" not in live(client, application, **data)
