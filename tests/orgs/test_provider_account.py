"""A new remote provider can start (issue 19, item 10): the account the city opens for a
远程教育机构 gets the provider role, its menu and its registration page."""

import pytest

from jijiao.orgs import roles
from jijiao.orgs.domain.units import (
    unit_account_application_approve,
    unit_account_application_submit,
)
from jijiao.orgs.models import Division, Role
from tests.factories import next_id_number

pytestmark = pytest.mark.django_db


def _open(office, office_unit, kind, name, username):
    application = unit_account_application_submit(
        unit_name=name,
        unit_kind=kind,
        division=Division.objects.get(code="330300"),
        licence_number="YC0001",
        licensed_by_district=False,
        legal_representative="刘某",
        agent_name="经办人",
        agent_phone="13900000000",
        agent_id_number=next_id_number("330302"),
    )
    _unit, account, _password = unit_account_application_approve(
        by=office, application=application, supervisor=office_unit, username=username
    )
    return account


def test_a_providers_account_gets_the_provider_role_and_can_register(
    client, wenzhou_office, wenzhou_office_unit
):
    account = _open(
        wenzhou_office, wenzhou_office_unit, "remote_provider", "温州医学远程教育中心", "yc_admin"
    )
    assert roles.has_role(account, Role.PROVIDER)
    assert not roles.has_role(account, Role.UNIT_ADMIN)
    account.must_change_password = False
    account.save(update_fields=["must_change_password"])
    client.force_login(account)
    home = client.get("/").content.decode()
    assert "远程教育机构" in home
    page = client.get("/remote/providers/new/")
    assert page.status_code == 200
    assert "远程教育机构备案" in page.content.decode()
    assert "长沙" not in page.content.decode()


def test_a_hospitals_account_stays_a_unit_admin(wenzhou_office, wenzhou_office_unit):
    account = _open(wenzhou_office, wenzhou_office_unit, "hospital", "温州某医院", "h_admin")
    assert roles.has_role(account, Role.UNIT_ADMIN)
    assert not roles.has_role(account, Role.PROVIDER)
