"""Login with lockout: 5 failures lock an account for 15 minutes; an address is throttled at
100 failures an hour (generous, because a whole hospital can share one public address).

Every attempt, good or bad, is written to the audit log by ``domain.accounts.login_*``.
"""

import datetime as dt
import threading
import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models.base import ModelState
from django.db.models.signals import post_save
from django.dispatch import receiver

from jijiao.common import clock, rows
from jijiao.orgs.models import Account, LoginFailure


class AccountLocked(Exception):
    def __init__(self, until: dt.datetime):
        self.until = until


class AddressThrottled(Exception):
    pass


def address_throttled(address: str | None) -> bool:
    if not address:
        return False
    since = clock.now() - dt.timedelta(hours=1)
    failures = LoginFailure.objects.filter(address=address, at__gte=since).count()
    return failures >= settings.ADDRESS_FAILURES_PER_HOUR


class _RecentAccounts:
    """The accounts this process read in the last ``ACCOUNT_CACHE_SECONDS``: every signed-in
    request needs its account, and at 09:00 the same trainees ask again and again, so one
    database round trip in two or three is saved. A save in this process forgets the account
    at once; another process sees a change (deactivation, a new password, a lock) within the
    window. Each request gets its own copy."""

    def __init__(self):
        self._lock = threading.Lock()
        self._accounts: dict[int, tuple[float, Account]] = {}

    def get(self, user_id) -> Account | None:
        seconds = settings.ACCOUNT_CACHE_SECONDS
        if seconds <= 0:
            return rows.by_pk(Account, user_id)
        now = time.monotonic()
        kept = self._accounts.get(user_id)
        if kept is None or kept[0] <= now:
            account = rows.by_pk(Account, user_id)
            if account is None:
                return None
            account.get_session_auth_hash()  # made once here; the copies carry it
            with self._lock:
                if len(self._accounts) > 10_000:  # a worker's share of a province's morning
                    self._accounts.clear()
                self._accounts[user_id] = (now + seconds, account)
            kept = self._accounts[user_id]
        return _copy(kept[1])

    def forget(self, user_id) -> None:
        with self._lock:
            self._accounts.pop(user_id, None)


def _copy(account: Account) -> Account:
    """A request's own copy of a kept account: its fields, not its related objects' caches
    (a kept account is read alone); cheaper than ``copy.copy``'s pickling protocol."""
    clone = Account.__new__(Account)
    clone.__dict__ = account.__dict__.copy()
    clone._state = ModelState()
    clone._state.db, clone._state.adding = account._state.db, False
    return clone


recent_accounts = _RecentAccounts()


@receiver(post_save, sender=Account, dispatch_uid="recent_accounts_forget")
def _forget_saved(sender, instance, **kwargs):
    recent_accounts.forget(instance.pk)


class LockoutAwareBackend(ModelBackend):
    """ModelBackend that refuses locked accounts; counting failures is the login view's job."""

    def get_user(self, user_id):
        """The signed-in account of every request, read without compiling an ORM query (and at
        most once in ``ACCOUNT_CACHE_SECONDS`` per process)."""
        try:
            key = int(user_id)
        except (TypeError, ValueError):
            return None
        user = recent_accounts.get(key)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: Account) -> bool:
        if user.locked_until and user.locked_until > clock.now():
            return False
        return super().user_can_authenticate(user)
