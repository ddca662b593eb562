"""What waits for a person: the items of the workbench (工作台).

Each domain app answers for its own work in a ``todo.py`` module with
``todos_for(user, now) -> list[Todo]``; the site shell gathers them. A provider reads in a fixed
number of queries whatever the number of items (aggregates, ``select_related``), so a busy
office's workbench costs what a quiet one's does.
"""

import datetime as dt
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    """One thing to do: ``kind`` groups it (e.g. 待推荐的申报), ``title`` says what and for whom,
    ``url`` opens the page where it is done, ``deadline`` (aware) when it is due."""

    kind: str
    title: str
    url: str
    deadline: dt.datetime | None = None
    note: str = ""

    def days_left(self, now: dt.datetime) -> int | None:
        """Whole days until the deadline (0 on the day, negative when overdue)."""
        if self.deadline is None:
            return None
        return math.floor((self.deadline - now).total_seconds() / 86400)

    def urgency(self, now: dt.datetime) -> str:
        days = self.days_left(now)
        if days is None:
            return "none"
        if days < 0:
            return "overdue"
        return "soon" if days <= 3 else "later"


def most_urgent_first(items: list[Todo]) -> list[Todo]:
    """Due first, the earliest deadline first; undated items after, in the order given."""
    dated = sorted((i for i in items if i.deadline), key=lambda i: i.deadline)
    return dated + [i for i in items if not i.deadline]


def end_of_day(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """A date-only deadline means the end of that day (23:59:59) where it is read."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz)
