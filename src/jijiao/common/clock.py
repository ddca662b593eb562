"""The one clock of 继教: every "now" in the code comes from here.

Tests move time with time-machine, which this clock follows because it reads the real clock
through :func:`django.utils.timezone.now`. A deployment can pin the clock for a demo with
``JIJIAO_NOW`` (an ISO date or date-time, Asia/Shanghai when no offset is given), and time then
runs on from it, so rotating QR codes and timeouts still work while the 2022–2025 notices stay
exercisable.

The pinned instant holds at one fixed real instant, ``JIJIAO_NOW_SINCE``, the same for every
process — web workers, Celery workers, beat, ``jijiao demo`` — so they agree to the microsecond:
``now = JIJIAO_NOW + (real now − JIJIAO_NOW_SINCE)``. The ``jijiao`` command sets
``JIJIAO_NOW_SINCE`` for itself and every process it starts when only ``JIJIAO_NOW`` is given
(and ``make run`` sets it once for all of its steps); processes started separately are given the
same value. Without it a process falls back to its own first call, and says so in its log.
"""

import datetime as dt
import logging
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse_pinned(value: str) -> dt.datetime:
    """Read a ``JIJIAO_NOW`` value: ``2025-02-10`` or ``2025-02-10T09:30`` or with an offset."""
    moment = dt.datetime.fromisoformat(value.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment


@cache
def _pinned_offset(value: str, since: str | None) -> dt.timedelta:
    if since:
        return parse_pinned(value) - parse_pinned(since)
    logging.getLogger("jijiao.clock").warning(
        "JIJIAO_NOW without JIJIAO_NOW_SINCE: this process pins %s at its own start, "
        "other processes will disagree",
        value,
    )
    return parse_pinned(value) - timezone.now()


def now() -> dt.datetime:
    """The current instant, aware, in Asia/Shanghai."""
    real = timezone.now()
    pinned = settings.NOW
    if pinned:
        real = real + _pinned_offset(pinned, getattr(settings, "NOW_SINCE", None))
    return real.astimezone(SHANGHAI)


def today() -> dt.date:
    """Today's date in Asia/Shanghai."""
    return now().date()


def local(moment: dt.datetime) -> dt.datetime:
    """An aware instant in Asia/Shanghai (naive values are taken to be Shanghai time)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)
