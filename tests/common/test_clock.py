"""The one clock: time-machine moves it, JIJIAO_NOW pins it, and it speaks Beijing time."""

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine

from jijiao.common import clock

SHANGHAI = clock.SHANGHAI


@pytest.fixture
def pinned(settings):
    """Pin the clock as ``JIJIAO_NOW`` would; the offset cache is per value, so clear it."""

    def pin(value: str) -> None:
        settings.NOW = value
        settings.NOW_SINCE = None
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


PRINT_OFFSET = (
    "import django, datetime as dt; django.setup();"
    "from jijiao.common import clock;"
    "from django.utils import timezone;"
    "print((clock.now() - timezone.now()).total_seconds())"
)


def _env(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIJIAO_")}
    env.update(DJANGO_SETTINGS_MODULE="jijiao.settings", **variables)
    return env


def _offset(env: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", PRINT_OFFSET],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def test_processes_started_apart_read_the_same_pinned_clock():
    env = _env(JIJIAO_NOW="2025-02-10T09:00", JIJIAO_NOW_SINCE="2026-01-01T00:00:00+00:00")
    first = _offset(env)
    time.sleep(1.5)
    second = _offset(env)
    assert abs(first - second) < 0.05  # apart only by the microseconds between two reads
    expected = dt.datetime(2025, 2, 10, 9, 0, tzinfo=clock.SHANGHAI) - dt.datetime(
        2026, 1, 1, tzinfo=dt.UTC
    )
    assert abs(first - expected.total_seconds()) < 0.05


def test_the_jijiao_command_anchors_a_bare_pin_for_every_process_it_starts():
    jijiao = str(Path(sys.executable).with_name("jijiao"))
    done = subprocess.run(
        [jijiao, "manage", "shell", "-c", "import os; print(os.environ['JIJIAO_NOW_SINCE'])"],
        env=_env(JIJIAO_NOW="2025-02-10T09:00"),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    since = dt.datetime.fromisoformat(done.stdout.strip().splitlines()[-1])
    assert abs((dt.datetime.now(dt.UTC) - since).total_seconds()) < 120
    assert "JIJIAO_NOW_SINCE=" in done.stderr


def test_a_pinned_clock_runs_on_from_its_anchor(settings):
    settings.NOW = "2025-02-10T09:00"
    settings.NOW_SINCE = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat()
    clock._pinned_offset.cache_clear()
    try:
        moment = clock.now()
    finally:
        clock._pinned_offset.cache_clear()
    pinned = dt.datetime(2025, 2, 10, 9, 0, tzinfo=clock.SHANGHAI)
    assert dt.timedelta(minutes=5) <= moment - pinned < dt.timedelta(minutes=6)
