"""Daily reminders: each person's digest of the workbench items due soon, once per item and
threshold."""

import datetime as dt

from django.db import transaction
from django.urls import reverse

from jijiao.audit_log.log import record
from jijiao.common.todo import Todo
from jijiao.notifications.domain.messages import notify
from jijiao.notifications.kinds import Kind
from jijiao.notifications.models import SentReminder


def thresholds(reminder_days: int) -> list[int]:
    """The days-before at which an item is reminded of: the pack's reminder days, then 3 and 1
    (the last day) where they are inside it. ``[7, 3, 1]`` for 7."""
    return sorted({d for d in (reminder_days, 3, 1) if 1 <= d <= reminder_days}, reverse=True)


def threshold_of(days_left: int | None, marks: list[int]) -> int | None:
    """The nearest threshold an item due in ``days_left`` days has reached (None: not yet)."""
    if days_left is None or days_left < 0:
        return None
    reached = [d for d in marks if days_left <= d]
    return min(reached) if reached else None


def due(items: list[Todo], *, now: dt.datetime, reminder_days: int) -> list[tuple[Todo, int]]:
    """The items inside the reminder days (not overdue), with the threshold each has reached."""
    marks = thresholds(reminder_days)
    out = []
    for item in items:
        mark = threshold_of(item.days_left(now), marks)
        if item.deadline is not None and mark is not None:
            out.append((item, mark))
    return out


def _line(item: Todo, now: dt.datetime) -> str:
    days = item.days_left(now)
    when = "今天截止" if days == 0 else f"还剩 {days} 天"
    deadline = item.deadline.astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M")
    return f"· {item.title}（{item.note or item.kind}：{deadline}，{when}）"


@transaction.atomic
def reminders_send(*, digests: dict, now: dt.datetime, reminder_days: int) -> dict[str, int]:
    """Send each account in ``digests`` (account → its workbench items) one digest of the items
    due within ``reminder_days`` that it has not yet been reminded of at that threshold.

    Side effects: one inbox message (kind ``reminder``; e-mail unless switched off) per account
    with anything new; a SentReminder per item and threshold; one audit entry
    ``reminders.sent`` with the counts. Returns ``{"people": …, "items": …}``.
    """
    people = items_sent = 0
    for account, items in digests.items():
        fresh = []
        for item, mark in due(items, now=now, reminder_days=reminder_days):
            _row, created = SentReminder.objects.get_or_create(
                account=account,
                url=item.url,
                deadline=item.deadline,
                threshold=mark,
                defaults={"sent_at": now},
            )
            if created:
                fresh.append(item)
        if not fresh:
            continue
        fresh.sort(key=lambda i: i.deadline)
        first = fresh[0]
        notify(
            [account],
            kind=Kind.REMINDER,
            title=f"截止提醒：{len(fresh)} 项待办即将到期"
            if len(fresh) > 1
            else f"截止提醒：{first.title}",
            what="以下待办将在截止前到期：\n" + "\n".join(_line(i, now) for i in fresh),
            next_step="请在截止前办理；全部待办见工作台。",
            url=first.url if len(fresh) == 1 else reverse("home"),
        )
        people += 1
        items_sent += len(fresh)
    record(
        "reminders.sent",
        data={"people": people, "items": items_sent, "reminder_days": reminder_days},
    )
    return {"people": people, "items": items_sent}
