"""Forgetting old failed logins (the audit log keeps every attempt)."""

import datetime as dt

from django.conf import settings

from jijiao.common import clock
from jijiao.orgs.models import LoginFailure


def login_failures_prune() -> int:
    """Forget failed logins older than ``LOGIN_FAILURE_RETENTION_DAYS`` (the throttle looks
    back one hour; the audit log keeps every attempt anyway). Side effect: the count is in the
    ``audit_log.pruned`` entry of the same run."""
    cutoff = clock.now() - dt.timedelta(days=settings.LOGIN_FAILURE_RETENTION_DAYS)
    deleted, _ = LoginFailure.objects.filter(at__lt=cutoff).delete()
    return deleted
