"""The one clock: time-machine moves it, JIJIAO_NOW pins it, and it speaks Beijing time."""

import datetime as dt

import pytest
import time_machine

from jijiao.common import clock

SHANGHAI = clock.SHANGHAI


@pytest.fixture
def pinned(settings):
    """Pin the clock as ``JIJIAO_NOW`` would; the offset cache is per value, so clear it."""

    def pin(value: str) -> None:
        settings.NOW = value
        clock._pinned_offset.cache_clear()

    yield pin
    clock._pinned_offset.cache_clear()


def test_time_machine_moves_the_clock_and_it_answers_in_shanghai_time():
    with time_machine.travel(dt.datetime(2024, 5, 1, 0, 30, tzinfo=dt.UTC), tick=False):
        now = clock.now()
        assert now == dt.datetime(2024, 5, 1, 8, 30, tzinfo=SHANGHAI)
        assert now.tzinfo.key == "Asia/Shanghai"
        assert now.utcoffset() == dt.timedelta(hours=8)
        assert clock.today() == dt.date(2024, 5, 1)


def test_today_is_the_shanghai_date_not_the_utc_one():
    with time_machine.travel(dt.datetime(2024, 12, 31, 17, 0, tzinfo=dt.UTC), tick=False):
        assert clock.today() == dt.date(2025, 1, 1)


def test_jijiao_now_pins_the_clock_and_time_runs_on_from_there(pinned):
    with time_machine.travel(dt.datetime(2026, 7, 1, 12, 0, tzinfo=SHANGHAI), tick=False) as trip:
        pinned("2025-02-10T09:30")
        assert clock.now() == dt.datetime(2025, 2, 10, 9, 30, tzinfo=SHANGHAI)
        trip.shift(dt.timedelta(minutes=10))
        assert clock.now() == dt.datetime(2025, 2, 10, 9, 40, tzinfo=SHANGHAI)
        assert clock.now().tzinfo.key == "Asia/Shanghai"


def test_a_pinned_date_alone_means_midnight_in_shanghai(pinned):
    with time_machine.travel(dt.datetime(2026, 7, 1, 12, 0, tzinfo=SHANGHAI), tick=False):
        pinned("2025-02-10")
        assert clock.now() == dt.datetime(2025, 2, 10, 0, 0, tzinfo=SHANGHAI)
        assert clock.today() == dt.date(2025, 2, 10)


def test_a_pinned_instant_with_an_offset_is_shown_in_shanghai_time(pinned):
    with time_machine.travel(dt.datetime(2026, 7, 1, 12, 0, tzinfo=SHANGHAI), tick=False):
        pinned("2025-02-10T01:30+00:00")
        assert clock.now().isoformat() == "2025-02-10T09:30:00+08:00"


def test_without_a_pin_the_clock_is_the_real_time(pinned, settings):
    settings.NOW = None
    with time_machine.travel(dt.datetime(2026, 7, 1, 12, 0, tzinfo=SHANGHAI), tick=False):
        assert clock.now() == dt.datetime(2026, 7, 1, 12, 0, tzinfo=SHANGHAI)


def test_local_reads_naive_values_as_shanghai_time():
    assert clock.local(dt.datetime(2025, 1, 1, 8, 0)) == dt.datetime(
        2025, 1, 1, 8, 0, tzinfo=SHANGHAI
    )
    assert clock.local(dt.datetime(2025, 1, 1, 0, 0, tzinfo=dt.UTC)).hour == 8
