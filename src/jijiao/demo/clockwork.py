"""The demo's clock: every step happens on a day relative to the day the demo is loaded.

``at(moment)`` pins the one project clock (:mod:`jijiao.common.clock`) for the steps inside it,
the same pin ``JIJIAO_NOW`` gives a deployment: the domain functions read their "now" there, so
the rules of windows and deadlines, the audit entries and the documents carry the demo's day.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.test.utils import override_settings
from django.utils import timezone

from jijiao.common import clock


@cache
def load_day() -> dt.date:
    """The day the demo is loaded (today by the project clock when first asked)."""
    return clock.today()


def day(offset: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """``offset`` days from the load day, at ``hour:minute`` Asia/Shanghai."""
    date = load_day() + dt.timedelta(days=offset)
    return dt.datetime.combine(date, dt.time(hour, minute), clock.SHANGHAI)


@contextmanager
def at(moment: dt.datetime | dt.date) -> Iterator[dt.datetime]:
    """Pin the project clock at ``moment`` (time runs on from there) for the block."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(9), clock.SHANGHAI)
    moment = clock.local(moment)
    since = timezone.now().isoformat()
    with override_settings(NOW=moment.isoformat(), NOW_SINCE=since):
        yield moment
