"""Validation that speaks Chinese and names the key path: window order, date-only deadlines,
"did you mean", the missing level, inherited markers, and tables that only turn a rule off."""

import datetime as dt

import pytest

from jijiao.engine.packs import PolicyError, load_pack_text

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def error_of(text: str) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        load_pack_text("test-pack", text, origin="db:test-pack")
    return caught.value


HEAD = 'id = "test-pack"\ntitle = "t"\nextends = "wenzhou-2025"\n'


def test_a_window_that_starts_after_it_ends_is_refused():
    error = error_of(
        HEAD + '[application.city.APP_WINDOW]\ncite = "x"\n'
        "start = 2026-03-01T08:00:00+08:00\nend = 2026-02-01T17:00:00+08:00\n"
    )
    assert str(error) == (
        "db:test-pack: application.city.APP_WINDOW: 开始时间 2026-03-01T08:00:00+08:00 "
        "晚于结束时间 2026-02-01T17:00:00+08:00"
    )


def test_an_end_before_the_inherited_start_is_refused_too():
    error = error_of(HEAD + '[application.city.APP_WINDOW]\ncite = "x"\nend = 2025-01-01\n')
    assert error.key == "application.city.APP_WINDOW"
    assert error.reason.startswith("开始时间 2025-01-20T12:00:00+08:00 晚于结束时间 2025-01-01")


def test_a_date_only_deadline_is_that_day_until_23_59_59_in_shanghai():
    policy = load_pack_text(
        "test-pack",
        HEAD + '[application.city.APP_WINDOW]\ncite = "x"\nstart = 2026-01-05\nend = 2026-02-27\n',
    )
    window = policy.rule("application", "city", "APP_WINDOW")
    assert window.get("end") == dt.datetime(2026, 2, 27, 23, 59, 59, tzinfo=SHANGHAI)
    assert window.get("start") == dt.datetime(2026, 1, 5, 0, 0, tzinfo=SHANGHAI)


def test_a_local_date_time_without_a_zone_is_refused_in_words_not_python():
    error = error_of(
        HEAD + '[application.city.APP_WINDOW]\ncite = "x"\nend = 2026-02-27T17:00:00\n'
    )
    assert error.key == "application.city.APP_WINDOW.end"
    assert error.reason.endswith("实际为日期时间 2026-02-27T17:00:00（未写时区）")
    assert "datetime." not in error.reason


def test_a_misspelled_key_gets_a_suggestion():
    error = error_of(HEAD + '[application.city.APP_PI_AGE]\ncite = "x"\nmaxx = 55\n')
    assert (error.key, error.reason) == (
        "application.city.APP_PI_AGE.maxx",
        "未知的键（是否应为 max？）",
    )
    error = error_of(HEAD + '[application.city.APP_PI_AEG]\ncite = "x"\nmax = 55\n')
    assert error.reason == "未知的键（是否应为 APP_PI_AGE？）"


def test_a_rule_without_its_level_says_the_level_is_missing():
    error = error_of(HEAD + '[application.APP_PI_AGE]\ncite = "x"\nmax = 58\n')
    assert (error.key, error.reason) == (
        "application.APP_PI_AGE",
        "未知的键：缺少项目级别，应写作 application.city.APP_PI_AGE"
        "（级别：national、provincial、city）",
    )


def test_a_value_the_child_overrides_is_no_longer_marked_secondary():
    policy = load_pack_text(
        "test-pack",
        'id = "test-pack"\ntitle = "t"\nextends = "national-2024"\n'
        '[application.national.APP_PI_APPLICATION_LIMIT]\ncite = "某省通知 二"\nmax = 3\n',
    )
    assert policy.get("application", "national", "APP_PI_APPLICATION_LIMIT", "secondary") is None
    untouched = policy.get("application", "national", "APP_THEORY_TEACHER_TITLE", "secondary")
    assert untouched is True


def test_a_table_that_only_turns_a_rule_off_needs_no_citation():
    policy = load_pack_text("test-pack", HEAD + "[application.city.APP_PI_AGE]\nenabled = false\n")
    assert policy.rule("application", "city", "APP_PI_AGE") is None
    error = error_of(HEAD + "[application.city.APP_PI_AGE]\nenabled = false\nmax = 60\n")
    assert (error.key, error.reason) == ("application.city.APP_PI_AGE", "缺少必填的键：cite")
