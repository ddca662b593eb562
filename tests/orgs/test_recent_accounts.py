"""A worker reuses a signed-in account it read for ACCOUNT_CACHE_SECONDS: one database round trip
saved per request; a save in the process applies at once, a change elsewhere within the window."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jijiao.orgs.auth import LockoutAwareBackend, recent_accounts
from jijiao.orgs.models import Account
from tests.factories import AccountFactory


@pytest.fixture
def window(settings):
    settings.ACCOUNT_CACHE_SECONDS = 5
    yield
    recent_accounts._accounts.clear()


def reads(user_id) -> tuple[Account | None, int]:
    with CaptureQueriesContext(connection) as captured:
        account = LockoutAwareBackend().get_user(user_id)
    return account, len(captured)


def test_the_account_is_read_once_in_the_window_and_each_request_gets_its_own(window, db):
    account = AccountFactory(username="nurse_li", display_name="李护士")
    first, queries = reads(account.pk)
    assert (first.username, queries) == ("nurse_li", 1)
    second, queries = reads(account.pk)
    assert (second.display_name, queries) == ("李护士", 0)
    second.display_name = "改了这一份"
    assert reads(account.pk)[0].display_name == "李护士"


def test_a_save_in_the_process_applies_at_once_and_another_within_the_window(
    window, settings, db, monkeypatch
):
    account = AccountFactory(username="dr_wu")
    reads(account.pk)
    account.is_active = False
    account.save()  # this process: forgotten at once
    assert reads(account.pk)[0] is None
    Account.objects.filter(pk=account.pk).update(is_active=True)  # as another process would
    assert reads(account.pk)[0] is None  # still the deactivated one read … until the window ends
    later = time.monotonic() + 6
    monkeypatch.setattr("jijiao.orgs.auth.time.monotonic", lambda: later)
    assert reads(account.pk)[0].username == "dr_wu"


def test_zero_reads_every_time(settings, db):
    settings.ACCOUNT_CACHE_SECONDS = 0
    account = AccountFactory()
    assert reads(account.pk)[1] == 1
    assert reads(account.pk)[1] == 1


def test_the_session_hash_is_made_once_per_read_and_follows_a_new_password(window, db):
    """Every signed-in request compares its session's hash with the account's: the copies of a
    kept account carry the one made when it was read; a new password makes a new one."""
    from unittest import mock

    from django.contrib.auth import base_user

    account = AccountFactory(username="nurse_wu")
    expected = Account.objects.get(pk=account.pk).get_session_auth_hash()
    with mock.patch.object(base_user, "salted_hmac", wraps=base_user.salted_hmac) as made:
        hashes = {reads(account.pk)[0].get_session_auth_hash() for _ in range(3)}
    assert hashes == {expected} and made.call_count == 1
    copy = reads(account.pk)[0]
    copy.set_password("Another@pass456")
    assert copy.get_session_auth_hash() != expected
    assert copy.pk == account.pk and copy._state.adding is False
