"""Login with lockout: 5 failures lock an account for 15 minutes; an address is throttled at
100 failures an hour (generous, because a whole hospital can share one public address).

Every attempt, good or bad, is written to the audit log by ``domain.accounts.login_*``.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

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


class LockoutAwareBackend(ModelBackend):
    """ModelBackend that refuses locked accounts; counting failures is the login view's job."""

    def get_user(self, user_id):
        """The signed-in account of every request, read without compiling an ORM query."""
        user = rows.by_pk(Account, user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: Account) -> bool:
        if user.locked_until and user.locked_until > clock.now():
            return False
        return super().user_can_authenticate(user)
