"""Accounts: lockout, address throttle, password policy and expiry, idle timeout, accounts opened
by a unit admin, password resets by the city office, API tokens."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.orgs.domain import accounts
from jijiao.orgs.models import Account, ApiToken, LoginFailure, Role
from tests.factories import AccountFactory, DepartmentFactory

PASSWORD = "Test@pass123"  # what AccountFactory sets
START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=clock.SHANGHAI)


def _login(client, username, password, address="10.1.2.3"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _errors(response) -> list[str]:
    return re.findall(r'<ul class="errorlist"[^>]*><li>(.*?)</li>', response.content.decode())


@pytest.fixture
def clerk(city_hospital):
    return AccountFactory(username="clerk", display_name="王科员")


def test_login_succeeds_and_is_audited_with_the_address(client, clerk):
    response = _login(client, "clerk", PASSWORD, address="10.1.2.3")
    assert response.status_code == 302
    assert response["Location"] == "/"
    [entry] = AuditEntry.objects.filter(action="account.login")
    assert (entry.actor, entry.address, entry.actor_label) == (clerk, "10.1.2.3", "王科员")


def test_failed_login_is_shown_and_audited_with_the_address(client, clerk):
    response = _login(client, "clerk", "wrong", address="10.1.2.4")
    assert response.status_code == 200
    assert _errors(response) == ["用户名或密码不正确"]
    [entry] = AuditEntry.objects.filter(action="account.login_failed")
    assert (entry.actor, entry.address, entry.data) == (clerk, "10.1.2.4", {"username": "clerk"})
    clerk.refresh_from_db()
    assert clerk.failed_logins == 1


def test_five_failures_lock_the_account_for_fifteen_minutes(client, clerk):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            assert _errors(_login(client, "clerk", "wrong")) == ["用户名或密码不正确"]
        clerk.refresh_from_db()
        assert clerk.locked_until == START + dt.timedelta(minutes=15)
        assert _errors(_login(client, "clerk", PASSWORD)) == [
            "账号已锁定，请 15 分钟后再试，或联系管理员解锁"
        ]
        traveller.shift(dt.timedelta(minutes=14, seconds=30))
        assert _errors(_login(client, "clerk", PASSWORD)) == [
            "账号已锁定，请 1 分钟后再试，或联系管理员解锁"
        ]
        traveller.shift(dt.timedelta(seconds=31))
        response = _login(client, "clerk", PASSWORD)
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert (clerk.failed_logins, clerk.locked_until) == (0, None)
    locked = AuditEntry.objects.filter(action="account.login_failed").order_by("id").last()
    assert locked.data == {
        "username": "clerk",
        "locked_until": (START + dt.timedelta(minutes=15)).isoformat(),
    }


def test_four_failures_do_not_lock_and_a_success_resets_the_count(client, clerk):
    for _ in range(4):
        _login(client, "clerk", "wrong")
    clerk.refresh_from_db()
    assert clerk.failed_logins == 4
    assert _login(client, "clerk", PASSWORD).status_code == 302
    clerk.refresh_from_db()
    assert clerk.failed_logins == 0
    client.post("/logout/")
    for _ in range(4):
        _login(client, "clerk", "wrong")
    assert _login(client, "clerk", PASSWORD).status_code == 302


def test_security_admin_lifts_a_lockout(clerk, security_admin):
    for _ in range(5):
        with pytest.raises(accounts.LoginRefused):
            accounts.login_attempt(username="clerk", password="wrong", address="10.1.2.3")
    accounts.account_unlock(by=security_admin, account=clerk)
    assert accounts.login_attempt(username="clerk", password=PASSWORD, address="10.1.2.3") == clerk


def test_an_address_is_throttled_after_its_failures_in_an_hour(client, clerk, settings):
    settings.ADDRESS_FAILURES_PER_HOUR = 3
    with time_machine.travel(START, tick=False) as traveller:
        for name in ("a", "b", "c"):
            _login(client, name, "wrong", address="10.9.9.9")
        assert _errors(_login(client, "clerk", PASSWORD, address="10.9.9.9")) == [
            "该网络地址登录失败次数过多，请一小时后再试"
        ]
        assert _login(client, "clerk", PASSWORD, address="10.9.9.10").status_code == 302
        client.post("/logout/")
        traveller.shift(dt.timedelta(minutes=61))
        assert _login(client, "clerk", PASSWORD, address="10.9.9.9").status_code == 302
    throttled = AuditEntry.objects.get(action="account.login_throttled")
    assert (throttled.address, throttled.data) == ("10.9.9.9", {"username": "clerk"})


def test_the_default_address_throttle_is_one_hundred_failures_an_hour(client, clerk, settings):
    assert settings.ADDRESS_FAILURES_PER_HOUR == 100
    now = clock.now()
    LoginFailure.objects.bulk_create(
        [LoginFailure(at=now - dt.timedelta(minutes=50), address="10.8.8.8", username="x")] * 99
        + [LoginFailure(at=now - dt.timedelta(minutes=70), address="10.8.8.8", username="x")] * 20
    )
    assert _errors(_login(client, "nobody", "wrong", address="10.8.8.8")) == ["用户名或密码不正确"]
    assert _errors(_login(client, "clerk", PASSWORD, address="10.8.8.8")) == [
        "该网络地址登录失败次数过多，请一小时后再试"
    ]


def test_a_forged_forwarded_for_header_does_not_escape_the_address_throttle(
    client, clerk, settings
):
    settings.ADDRESS_FAILURES_PER_HOUR = 2
    for forged in ("1.1.1.1", "2.2.2.2"):
        client.post(
            "/login/",
            {"username": "clerk", "password": "wrong"},
            REMOTE_ADDR="10.7.7.7",
            HTTP_X_FORWARDED_FOR=forged,
        )
    response = client.post(
        "/login/",
        {"username": "clerk", "password": PASSWORD},
        REMOTE_ADDR="10.7.7.7",
        HTTP_X_FORWARDED_FOR="3.3.3.3",
    )
    assert _errors(response) == ["该网络地址登录失败次数过多，请一小时后再试"]
    addresses = set(
        AuditEntry.objects.filter(action="account.login_failed").values_list("address", flat=True)
    )
    assert addresses == {"10.7.7.7"}


def test_behind_our_own_proxy_the_address_it_saw_is_recorded(client, clerk, settings):
    """nginx on the same machine, listed in JIJIAO_TRUSTED_PROXIES, appends the address it saw
    to what the client sent."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client.post(
        "/login/",
        {"username": "clerk", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="1.1.1.1, 10.20.30.40",
    )
    assert AuditEntry.objects.get(action="account.login").address == "10.20.30.40"


def test_a_loopback_peer_is_no_proxy_unless_listed(client, clerk, settings):
    """Any process on the machine can connect from 127.0.0.1: by itself that proves nothing, and
    its X-Forwarded-For must not pick the address the throttle counts."""
    settings.TRUSTED_PROXIES = []
    settings.ADDRESS_FAILURES_PER_HOUR = 2
    for forged in ("1.1.1.1", "2.2.2.2"):
        client.post(
            "/login/",
            {"username": "clerk", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forged,
        )
    response = client.post(
        "/login/",
        {"username": "clerk", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="3.3.3.3",
    )
    assert _errors(response) == ["该网络地址登录失败次数过多，请一小时后再试"]
    addresses = set(
        AuditEntry.objects.filter(action="account.login_failed").values_list("address", flat=True)
    )
    assert addresses == {"127.0.0.1"}


def test_an_unknown_account_locks_with_the_same_answers_as_a_real_one(client, clerk):
    answers = {}
    for username in ("clerk", "made_up_name"):
        with time_machine.travel(START, tick=False) as traveller:
            seen = [_errors(_login(client, username, "wrong")) for _ in range(6)]
            traveller.shift(dt.timedelta(minutes=14, seconds=30))
            seen.append(_errors(_login(client, username, "wrong")))
            traveller.shift(dt.timedelta(seconds=31))
            seen.append(_errors(_login(client, username, "wrong")))
        answers[username] = seen
    assert answers["made_up_name"] == answers["clerk"]
    assert answers["clerk"][4:] == [
        ["用户名或密码不正确"],
        ["账号已锁定，请 15 分钟后再试，或联系管理员解锁"],
        ["账号已锁定，请 1 分钟后再试，或联系管理员解锁"],
        ["用户名或密码不正确"],
    ]


def test_an_unknown_and_a_locked_account_cost_the_same_password_work(client, clerk, monkeypatch):
    """Timing follows the work done: count the password hashings per attempt, not seconds."""
    from django.contrib.auth.hashers import get_hasher

    hasher_class = type(get_hasher())
    calls, depth = [], [0]
    for name in ("encode", "verify"):
        original = getattr(hasher_class, name)

        def counting(self, *args, _original=original, _name=name, **kwargs):
            if depth[0] == 0:  # one hashing, whether verify computes it through encode or not
                calls.append(_name)
            depth[0] += 1
            try:
                return _original(self, *args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(hasher_class, name, counting)
    work = {}
    for username in ("clerk", "made_up_name"):
        with time_machine.travel(START, tick=False):
            per_attempt = []
            for _ in range(7):
                calls.clear()
                _login(client, username, "wrong")
                per_attempt.append(len(calls))
        work[username] = per_attempt
    assert work["made_up_name"] == work["clerk"]
    assert work["clerk"][5:] == [0, 0]  # locked: no hashing for either


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("Aa1!xyz", "密码至少需要 8 个字符。"),
        ("lowercase4812", "密码须包含小写字母、大写字母、数字、符号中的至少 3 类。"),
        ("Password1", "这个密码太常见了。"),
    ],
)
def test_password_policy_refuses_weak_passwords_with_chinese_messages(clerk, new_password, message):
    with pytest.raises(DomainError) as refused:
        accounts.account_change_password(
            account=clerk, old_password=PASSWORD, new_password=new_password
        )
    assert refused.value.message == message
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


def test_password_change_page_shows_the_policy_message(client, clerk):
    client.force_login(clerk)
    response = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password": "Aa1!xyz", "new_password_again": "Aa1!xyz"},
    )
    assert response.status_code == 200
    assert _errors(response) == ["密码至少需要 8 个字符。"]


def test_a_good_password_is_accepted_and_audited(clerk):
    accounts.account_change_password(
        account=clerk, old_password=PASSWORD, new_password="Wz-2025-jijiao"
    )
    clerk.refresh_from_db()
    assert clerk.check_password("Wz-2025-jijiao")
    assert AuditEntry.objects.filter(action="account.password_changed", actor=clerk).count() == 1


def test_password_expired_after_90_days_sends_to_the_change_page(client, clerk):
    clerk.password_changed_at = clock.now() - dt.timedelta(days=91)
    clerk.save()
    client.force_login(clerk)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/password/"
    page = client.get("/password/")
    assert page.status_code == 200
    assert "<h1>修改密码</h1>" in page.content.decode()


def test_password_changed_89_days_ago_is_still_valid(client, clerk):
    clerk.password_changed_at = clock.now() - dt.timedelta(days=89)
    clerk.save()
    client.force_login(clerk)
    assert client.get("/").status_code == 200


def test_password_expiry_can_be_turned_off(client, clerk, settings):
    settings.PASSWORD_EXPIRY_DAYS = 0
    clerk.password_changed_at = clock.now() - dt.timedelta(days=400)
    clerk.save()
    client.force_login(clerk)
    assert client.get("/").status_code == 200


def test_idle_for_more_than_30_minutes_logs_out(client, clerk):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(clerk)
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get("/people/")
        assert response.status_code == 302
        assert response["Location"] == "/login/?timeout=1&next=/people/"
        page = client.get(response["Location"])
        assert "长时间未操作，已自动退出，请重新登录。" in page.content.decode()
        again = client.get("/")
    assert again.status_code == 302
    assert again["Location"] == "/login/?next=/"


@pytest.fixture
def staff_person(city_hospital, cardiology):
    from tests.factories import PersonFactory

    return PersonFactory(name="陈思远", unit=city_hospital, department=cardiology)


def test_unit_admin_opens_a_staff_account_with_a_temporary_password(
    client, hospital_admin, staff_person, cardiology
):
    client.force_login(hospital_admin)
    response = client.post(
        f"/people/{staff_person.pk}/account/",
        {"username": "chensy", "role": Role.DEPARTMENT_ADMIN, "department": cardiology.pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>账号 chensy 的临时密码</h1>" in page
    password = re.search(r'data-testid="temporary-password">([^<]+)<', page).group(1)
    account = Account.objects.get(username="chensy")
    assert (account.person, account.must_change_password) == (staff_person, True)
    assert sorted((a.role, a.unit.name, a.department_id) for a in account.roles.all()) == [
        ("department_admin", "温州市第一人民医院", cardiology.pk),
        ("trainee", "温州市第一人民医院", None),
    ]
    [entry] = AuditEntry.objects.filter(action="account.created")
    assert entry.data == {
        "role": "department_admin",
        "unit": "温州市第一人民医院",
        "person": "陈思远",
    }
    assert password not in str(entry.data)

    client.post("/logout/")
    assert _login(client, "chensy", password).status_code == 302
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/password/")
    response = client.post(
        "/password/",
        {
            "old_password": password,
            "new_password": "Xin-mima-2025",
            "new_password_again": "Xin-mima-2025",
        },
    )
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get("/").status_code == 200


def test_unit_admin_cannot_open_an_account_for_another_units_person(lucheng_admin, staff_person):
    with pytest.raises(PermissionDenied):
        accounts.account_create_for_staff(
            by=lucheng_admin, person=staff_person, username="x1", role=Role.APPLICANT
        )


def test_unit_admin_cannot_make_a_department_admin_of_another_units_department(
    hospital_admin, staff_person, lucheng_hospital
):
    foreign = DepartmentFactory(unit=lucheng_hospital, name="急诊科")
    with pytest.raises(DomainError) as refused:
        accounts.account_create_for_staff(
            by=hospital_admin,
            person=staff_person,
            username="x2",
            role=Role.DEPARTMENT_ADMIN,
            department=foreign,
        )
    assert refused.value.message == "科室“急诊科”不属于温州市第一人民医院"
    assert not Account.objects.filter(username="x2").exists()


def test_unit_admin_cannot_hand_out_office_roles(hospital_admin, staff_person):
    with pytest.raises(DomainError) as refused:
        accounts.account_create_for_staff(
            by=hospital_admin, person=staff_person, username="x3", role=Role.CITY_OFFICE
        )
    assert refused.value.message == "单位管理员只能开通申报人、科室管理员或学员账号"


def test_city_office_resets_a_unit_admins_password(client, wenzhou_office, hospital_admin):
    client.force_login(wenzhou_office)
    response = client.post(f"/accounts/{hospital_admin.pk}/reset/")
    assert response.status_code == 200
    page = response.content.decode()
    password = re.search(r'data-testid="temporary-password">([^<]+)<', page).group(1)
    hospital_admin.refresh_from_db()
    assert hospital_admin.must_change_password is True
    assert hospital_admin.check_password(password)
    assert not hospital_admin.check_password(PASSWORD)
    [entry] = AuditEntry.objects.filter(action="account.password_reset")
    assert (entry.actor, entry.object_id) == (wenzhou_office, str(hospital_admin.pk))


@pytest.mark.parametrize("persona", ["lucheng_office", "lucheng_admin", "pi_zhang"])
def test_others_cannot_reset_a_unit_admins_password(request, client, persona, hospital_admin):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(f"/accounts/{hospital_admin.pk}/reset/").status_code == 404
    hospital_admin.refresh_from_db()
    assert hospital_admin.check_password(PASSWORD)


def test_api_token_authenticates_me_and_a_revoked_token_does_not(client, pi_zhang):
    token = accounts.api_token_create(by=pi_zhang, account=pi_zhang, label="院内系统对接")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.get("/api/v1/me", **auth)
    assert response.status_code == 200
    body = response.json()
    assert (body["username"], sorted(body["roles"])) == ("pi_zhang", ["applicant", "trainee"])
    assert body["person"]["name"] == "张建华"
    assert ApiToken.objects.get().key_hash != token

    accounts.api_token_revoke(by=pi_zhang, token=ApiToken.objects.get())
    assert client.get("/api/v1/me", **auth).status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer jj_not-a-token").status_code == 401
    assert [e.action for e in AuditEntry.objects.order_by("id")] == [
        "api_token.created",
        "api_token.revoked",
    ]
