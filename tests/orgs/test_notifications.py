"""A new account's first message says what was opened and what to do first; nobody else is
told."""

import pytest

from jijiao.notifications.models import Message
from jijiao.orgs.domain.accounts import account_create_for_staff

pytestmark = pytest.mark.django_db


def test_an_opened_account_is_told_and_nobody_else(hospital_admin, pi_zhang, city_hospital):
    from tests.factories import PersonFactory

    person = PersonFactory(name="孙小梅", unit=city_hospital)
    account, _password = account_create_for_staff(
        by=hospital_admin, person=person, username="sun_xm", role="applicant"
    )
    message = Message.objects.get()
    assert message.recipient == account
    assert message.title == "账号已开通：项目负责人(申报人)"
    assert (
        f"为您开通了{city_hospital.name}的项目负责人(申报人)账号（用户名 sun_xm）" in message.body
    )
    assert "首次登录请修改临时密码" in message.body
