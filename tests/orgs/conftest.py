"""The orgs area's shared world: every persona, two staff members with accounts, and a
deregistered unit nobody manages any more (under 鹿城区)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from jijiao.orgs.models import Role, Unit
from tests.factories import AccountFactory, UnitFactory, grant

PERSONAS = (
    "hospital_admin",
    "lucheng_admin",
    "ruian_admin",
    "dept_admin",
    "pi_zhang",
    "wenzhou_office",
    "lucheng_office",
    "ruian_office",
    "system_admin",
    "security_admin",
    "audit_admin",
    "anonymous",
)


@pytest.fixture
def closed_clinic(lucheng_office_unit):
    """A unit whose licence was deregistered while people were still on its books."""
    return UnitFactory(
        name="鹿城区五马诊所",
        supervisor=lucheng_office_unit,
        licence_status=Unit.Licence.DEREGISTERED,
    )


@pytest.fixture
def nurse_wang_account(nurse_wang, lucheng_hospital):
    return grant(
        AccountFactory(username="nurse_wang", person=nurse_wang), Role.TRAINEE, lucheng_hospital
    )


@pytest.fixture
def world(
    request,
    hospital_admin,
    lucheng_admin,
    ruian_admin,
    dept_admin,
    pi_zhang,
    wenzhou_office,
    lucheng_office,
    ruian_office,
    system_admin,
    security_admin,
    audit_admin,
    nurse_wang_account,
    closed_clinic,
    city_hospital,
    lucheng_hospital,
    ruian_hospital,
):
    """Every persona by name (``anonymous`` included) and the objects the tables are about."""
    users = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    users["anonymous"] = AnonymousUser()
    return SimpleNamespace(
        users=users,
        zhang=pi_zhang.person,
        wang=nurse_wang_account.person,
        zhang_account=pi_zhang,
        wang_account=nurse_wang_account,
        city_hospital=city_hospital,
        lucheng_hospital=lucheng_hospital,
        ruian_hospital=ruian_hospital,
        closed_clinic=closed_clinic,
        lucheng_application=_unit_application("鹿城区五马街道社区卫生服务中心", "330302"),
        ruian_application=_unit_application("瑞安市安阳街道社区卫生服务中心", "330381"),
    )


def _unit_application(name: str, division: str):
    from jijiao.orgs.domain.units import unit_account_application_submit
    from jijiao.orgs.models import Division
    from tests.factories import next_id_number

    return unit_account_application_submit(
        unit_name=name,
        unit_kind="hospital",
        division=Division.objects.get(code=division),
        licence_number="PDY00001",
        licensed_by_district=True,
        legal_representative="某某",
        agent_name="经办人",
        agent_phone="13900000000",
        agent_id_number=next_id_number(division),
    )
