"""Registration: any unit or province, health professionals only; overlap with another session,
discipline and capacity are warnings."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.attendance.domain.registrations import registration_cancel, registration_create
from jijiao.common.errors import DomainError
from jijiao.orgs.models import Role
from tests.attendance.conftest import START, at, filed_session, register, trainee
from tests.factories import AccountFactory, PersonFactory, grant

pytestmark = pytest.mark.django_db


def test_trainee_of_another_unit_registers(offline_session, trainee_zhao):
    registration = register(trainee_zhao, offline_session)
    assert registration.state == "registered"
    assert registration.warnings == []


def test_trainee_from_another_province_registers(offline_session):
    person = PersonFactory(
        name="周强", unit=None, declared_unit_name="安阳市人民医院", declared_province="河南省"
    )
    account = grant(AccountFactory(username="zhou", person=person), Role.TRAINEE)
    assert register(account, offline_session).person == person


def test_discipline_mismatch_is_a_warning_kept_on_the_registration(offline_session, trainee_sun):
    registration = register(trainee_sun, offline_session)
    assert registration.state == "registered"
    assert registration.warnings == ["ATT_DISCIPLINE_MISMATCH"]


def test_registrations_beyond_capacity_are_warned(
    hospital_admin, offline_session, trainee_li, trainee_zhao
):
    from jijiao.hosting.domain.sessions import session_update

    session_update(by=hospital_admin, session=offline_session, fields={"capacity": 1}, reason="x")
    assert register(trainee_li, offline_session).warnings == []
    assert register(trainee_zhao, offline_session).warnings == ["ATT_CAPACITY"]


def test_not_a_health_professional_cannot_register(offline_session, city_hospital):
    clerk = trainee("clerk", "钱会计", city_hospital, is_health_professional=False)
    with pytest.raises(DomainError, match="钱会计 不是卫生专业技术人员，不能报名"):
        register(clerk, offline_session)


def test_registration_for_an_overlapping_session_is_warned_not_refused(
    client, hospital_admin, wenzhou_office, offline_session, national_project, trainee_li
):
    overlapping = filed_session(
        hospital_admin,
        wenzhou_office,
        national_project,
        "national-2024",
        start=START + dt.timedelta(hours=4),
    )
    register(trainee_li, offline_session)
    with at(dt.date(2025, 5, 5)):
        client.force_login(trainee_li)
        response = client.post(f"/attendance/sessions/{overlapping.pk}/register/", follow=True)
    assert "提示：同一时间已报名或已获其他项目学分，同期只授一个项目的学分 <small" in (
        response.content.decode()
    )
    registration = overlapping.registrations.get(person=trainee_li.person)
    assert (registration.state, registration.warnings) == ("registered", ["ATT_OVERLAP"])


def test_session_that_only_touches_does_not_overlap(
    hospital_admin, wenzhou_office, offline_session, national_project, trainee_li
):
    after = filed_session(
        hospital_admin,
        wenzhou_office,
        national_project,
        "national-2024",
        start=START + dt.timedelta(hours=8),
    )
    register(trainee_li, offline_session)
    assert register(trainee_li, after).state == "registered"


def test_unfiled_session_takes_no_registrations(hospital_admin, city_project, trainee_li):
    from tests.attendance.conftest import make_session

    session = make_session(hospital_admin, city_project, "anyang-2022")
    with at(dt.date(2025, 5, 5)), pytest.raises(PermissionDenied):
        registration_create(by=trainee_li, session=session)


def test_registering_twice_is_refused_and_cancelled_can_register_again(offline_session, trainee_li):
    registration = register(trainee_li, offline_session)
    with pytest.raises(DomainError, match="李明 已报名"):
        register(trainee_li, offline_session)
    with at(dt.date(2025, 5, 6)):
        registration_cancel(by=trainee_li, registration=registration)
    assert register(trainee_li, offline_session).pk == registration.pk
