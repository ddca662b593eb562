"""The security admin's workbench: accounts locked by failed logins, until unlocked or the lock
runs out."""

import datetime as dt

from jijiao.common import clock
from jijiao.orgs import todo
from jijiao.orgs.domain.accounts import account_unlock
from jijiao.orgs.models import Account
from tests.factories import AccountFactory


def test_a_locked_account_waits_for_the_security_admin_until_unlocked(
    security_admin, system_admin, client
):
    now = clock.now()
    until = now + dt.timedelta(minutes=30)
    AccountFactory(username="nurse_chen", display_name="陈护士", locked_until=until)
    AccountFactory(username="dr_lin", locked_until=now - dt.timedelta(minutes=1))  # ran out
    (item,) = todo.todos_for(security_admin, now)
    assert (item.kind, item.title, item.deadline, item.url) == (
        "被锁定的账号",
        "陈护士（nurse_chen）连续登录失败被锁定，核实本人后可解锁",
        until,
        "/security/",
    )
    assert todo.todos_for(system_admin, now) == []

    client.force_login(security_admin)
    assert "陈护士（nurse_chen）连续登录失败被锁定" in client.get("/").content.decode()
    account_unlock(by=security_admin, account=Account.objects.get(username="nurse_chen"))
    assert todo.todos_for(security_admin, now) == []
