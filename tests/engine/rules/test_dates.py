from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from jijiao.engine.rules.dates import (
    age_in_full_years,
    days_between,
    local_date,
    to_shanghai,
    within_years_before,
    years_before,
)


def test_age_is_55_on_the_birthday_and_56_the_day_after():
    born = date(1969, 2, 10)
    assert age_in_full_years(born, date(2025, 2, 10)) == 55
    assert age_in_full_years(born, date(2025, 2, 11)) == 56


def test_age_the_day_before_the_birthday_is_still_the_lower_age():
    assert age_in_full_years(date(1969, 2, 10), date(2025, 2, 9)) == 55


def test_a_leap_day_birthday_is_passed_on_march_first_in_a_common_year():
    born = date(2000, 2, 29)
    assert age_in_full_years(born, date(2023, 2, 28)) == 22
    assert age_in_full_years(born, date(2023, 3, 1)) == 23


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)), st.integers(1, 80))
def test_age_increases_exactly_on_the_day_after_each_birthday(born, years):
    try:
        birthday = born.replace(year=born.year + years)
    except ValueError:  # 02-29 in a common year
        return
    assert age_in_full_years(born, birthday) == years - 1
    assert age_in_full_years(born, birthday + timedelta(days=1)) == years


def test_three_years_before_is_the_same_calendar_day():
    assert years_before(date(2025, 2, 10), 3) == date(2022, 2, 10)


def test_three_years_before_a_leap_day_is_february_28():
    assert years_before(date(2028, 2, 29), 3) == date(2025, 2, 28)


def test_rolling_window_includes_the_same_day_n_years_earlier_and_not_the_day_before():
    submitted = date(2025, 2, 10)
    assert within_years_before(date(2022, 2, 10), submitted, 3)
    assert not within_years_before(date(2022, 2, 9), submitted, 3)
    assert within_years_before(submitted, submitted, 3)


def test_days_between_counts_calendar_days_later_minus_earlier():
    assert days_between(date(2024, 4, 20), date(2024, 5, 10)) == 20


def test_instants_with_other_offsets_are_converted_to_shanghai():
    utc_evening = datetime(2025, 2, 27, 16, 30, tzinfo=UTC)
    assert local_date(utc_evening) == date(2025, 2, 28)
    assert to_shanghai(utc_evening).hour == 0


def test_naive_times_are_read_as_shanghai_time():
    assert to_shanghai(datetime(2025, 2, 27, 17, 0)).utcoffset() == timedelta(hours=8)
