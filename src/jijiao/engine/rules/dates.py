"""Dates and times as rules.md reads them: 周岁 ages, rolling windows, Asia/Shanghai instants."""

import calendar
from datetime import date, datetime, timedelta, timezone

# Asia/Shanghai has been UTC+8 without daylight saving since 1991; a fixed offset keeps the rules
# independent of the machine's tz database.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def to_shanghai(moment: datetime) -> datetime:
    """An instant in Asia/Shanghai; a naive date-time is read as already in Asia/Shanghai."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)


def local_date(moment: datetime) -> date:
    """The calendar day of an instant in Asia/Shanghai."""
    return to_shanghai(moment).date()


def age_in_full_years(birth: date, on: date) -> int:
    """Age in 周岁 on ``on``: a person reaches an age on the day *after* the birthday.

    最高人民法院: "从周岁生日的第二天起算". Born 1969-02-10: 55 on 2025-02-10, 56 on 2025-02-11.
    A 02-29 birthday is passed, in a common year, on 03-01.
    """
    years = on.year - birth.year
    if (on.month, on.day) <= (birth.month, birth.day):
        years -= 1
    return years


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 02-29 falls back to 02-28.

    民法典 第二百零二条: a period counted in years ends on the corresponding day, or on the last day
    of the month when there is none.
    """
    year = day.year - years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def within_years_before(record: date, reference: date, years: int) -> bool:
    """近 N 年: dated on or after the same day N years before ``reference``, and not after it."""
    return years_before(reference, years) <= record <= reference


def days_between(earlier: date, later: date) -> int:
    """Calendar days ``later − earlier``."""
    return (later - earlier).days
