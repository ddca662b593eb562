"""Changsha (seed 003 第七条): TCM projects are taken in and reviewed by the 中医处, the others by
the 科教处 — the pack's ``routing.tcm``; a call under such a pack names its TCM office, and an
application marked 中医类 goes there. A pack without it sends every application to the call's
office."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.orgs.models import Division, Role, Unit
from jijiao.policy.domain.packs import pack_create
from jijiao.projects.domain.applications import (
    application_create,
    application_save,
    application_submit,
)
from jijiao.projects.domain.calls import call_open
from jijiao.projects.domain.intake import application_accept
from jijiao.projects.domain.unit_review import applications_recommend
from jijiao.projects.queries import applications_for_user
from tests.factories import AccountFactory, OfficeFactory, grant
from tests.projects.conftest import PROJECT, good_schedule, record_paper

pytestmark = pytest.mark.django_db

ROUTED = (
    'id = "wenzhou-tcm-2025"\ntitle = "中医类项目由中医处受理（测试）"\nextends = "wenzhou-2025"\n'
    '\n[routing]\ncite = "测试通知 七"\ntcm = true\n'
)


@pytest.fixture
def tcm(wenzhou_office_unit):
    unit = OfficeFactory(
        name="温州市卫生健康委中医处",
        division=Division.objects.get(code="330300"),
        office_level=Unit.OfficeLevel.CITY,
    )
    return unit, grant(AccountFactory(username="wz_tcm"), Role.CITY_OFFICE, unit)


@pytest.fixture
def routed_call(wenzhou_office, wenzhou_office_unit, tcm, in_window):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-tcm-2025",
        title="中医类项目由中医处受理（测试）",
        extends="wenzhou-2025",
        text=ROUTED,
    )
    return call_open(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        title="2025年度市级项目申报（中医类分流）",
        level="city",
        year=2025,
        policy_id="wenzhou-tcm-2025",
        paper_deadline=dt.datetime(2025, 3, 5, 17, 0, tzinfo=clock.SHANGHAI),
        tcm_office=tcm[0],
    )


def _recommended(call, pi, pi_person, colleague, hospital_admin, hospital, office, *, tcm):
    application = application_create(by=pi, call=call, fields={**PROJECT, "tcm": tcm})
    application_save(
        by=pi, application=application, fields={}, courses=good_schedule(pi_person, colleague)
    )
    application_submit(by=pi, application=application)
    applications_recommend(by=hospital_admin, call=call, unit=hospital, applications=[application])
    record_paper(call, hospital, office)
    application.refresh_from_db()
    return application


def test_changsha_asks_the_call_for_its_tcm_office():
    office_unit = OfficeFactory(
        name="长沙市卫生健康委科教处",
        division=Division.objects.get(code="430100"),
        office_level=Unit.OfficeLevel.CITY,
    )
    office = grant(AccountFactory(username="cs_office"), Role.CITY_OFFICE, office_unit)
    with pytest.raises(DomainError) as refused:
        call_open(
            by=office,
            office=office_unit,
            title="2022年度省级项目申报",
            level="provincial",
            year=2022,
            policy_id="changsha-2022",
            opens_at=dt.datetime(2022, 3, 1, tzinfo=clock.SHANGHAI),
            closes_at=dt.datetime(2022, 3, 31, tzinfo=clock.SHANGHAI),
        )
    assert refused.value.message == (
        "中医类项目由中医主管处室受理审核（长沙市继续医学教育管理办法（试行）第七条），"
        "请选择中医类项目受理部门"
    )


def test_a_tcm_project_is_taken_in_by_the_tcm_office_only(
    routed_call,
    tcm,
    wenzhou_office,
    pi_zhang,
    pi_zhang_person,
    colleague,
    hospital_admin,
    city_hospital,
):
    _unit, tcm_office = tcm
    args = (pi_zhang, pi_zhang_person, colleague, hospital_admin, city_hospital, wenzhou_office)
    herbal = _recommended(routed_call, *args, tcm=True)
    assert herbal in applications_for_user(tcm_office)
    assert herbal not in applications_for_user(wenzhou_office)
    with pytest.raises(PermissionDenied):
        application_accept(by=wenzhou_office, application=herbal)
    application_accept(by=tcm_office, application=herbal)


def test_the_others_stay_with_the_calls_office(
    routed_call,
    tcm,
    wenzhou_office,
    pi_zhang,
    pi_zhang_person,
    colleague,
    hospital_admin,
    city_hospital,
):
    _unit, tcm_office = tcm
    args = (pi_zhang, pi_zhang_person, colleague, hospital_admin, city_hospital, wenzhou_office)
    cardiology = _recommended(routed_call, *args, tcm=False)
    assert cardiology not in applications_for_user(tcm_office)
    with pytest.raises(PermissionDenied):
        application_accept(by=tcm_office, application=cardiology)
    application_accept(by=wenzhou_office, application=cardiology)


def test_without_routing_the_calls_office_takes_everything(
    city_call,
    tcm,
    wenzhou_office,
    pi_zhang,
    pi_zhang_person,
    colleague,
    hospital_admin,
    city_hospital,
):
    _unit, tcm_office = tcm
    args = (pi_zhang, pi_zhang_person, colleague, hospital_admin, city_hospital, wenzhou_office)
    herbal = _recommended(city_call, *args, tcm=True)
    assert herbal not in applications_for_user(tcm_office)
    application_accept(by=wenzhou_office, application=herbal)


def test_through_the_pages(
    client,
    routed_call,
    tcm,
    wenzhou_office,
    pi_zhang,
    pi_zhang_person,
    colleague,
    hospital_admin,
    city_hospital,
):
    _unit, tcm_office = tcm
    client.force_login(wenzhou_office)
    assert "中医类项目受理部门" in client.get("/projects/calls/new/").content.decode()
    args = (pi_zhang, pi_zhang_person, colleague, hospital_admin, city_hospital, wenzhou_office)
    herbal = _recommended(routed_call, *args, tcm=True)
    herbal.name = "中医适宜技术推广培训班"
    herbal.save(update_fields=["name"])
    assert "中医适宜技术推广培训班" not in client.get("/projects/office/").content.decode()
    client.force_login(tcm_office)
    assert "中医适宜技术推广培训班" in client.get("/projects/office/").content.decode()
    draft = application_create(by=pi_zhang, call=routed_call, fields={"name": "另一个项目"})
    client.force_login(pi_zhang)
    form = client.get(f"/projects/applications/{draft.pk}/edit/").content.decode()
    assert "中医类项目" in form and "中医类项目由温州市卫生健康委中医处受理审核" in form
