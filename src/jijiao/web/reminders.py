"""The daily reminder run: every active account's workbench, read as of ``now``, handed to
notifications.reminders_send with the reminder days of the configured pack."""

from django.conf import settings

from jijiao.notifications.domain.reminders import reminders_send
from jijiao.orgs.models import Account
from jijiao.policy.access import get_policy
from jijiao.web.workbench import workbench_for

DEFAULT_REMINDER_DAYS = 7


def reminder_days() -> int:
    """``notifications.reminder_days`` of the pack named by JIJIAO_REMINDER_PACK (7 unset)."""
    value = get_policy(settings.REMINDER_PACK).get("notifications", "reminder_days")
    return DEFAULT_REMINDER_DAYS if value is None else int(value)


def send_reminders(now) -> dict[str, int]:
    """Side effects: as :func:`reminders_send` (messages, e-mail, sent-reminder rows, one audit
    entry)."""
    days = reminder_days()
    accounts = Account.objects.filter(is_active=True, roles__active=True).distinct().order_by("pk")
    digests = {}
    for account in accounts:
        items = [row.item for row in workbench_for(account, now).rows if row.item.deadline]
        if items:
            digests[account] = items
    return reminders_send(digests=digests, now=now, reminder_days=days)
