"""Sending a message (inbox, then the configured channels after commit), opening it, and the
e-mail preferences. Every area calls :func:`notify` after its own write."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.notifications.channels import Text, configured_channels
from jijiao.notifications.kinds import Kind
from jijiao.notifications.models import Message, Preference

log = logging.getLogger(__name__)


def _accounts(recipients: Iterable) -> list:
    seen, out = set(), []
    for account in recipients:
        if account is None or account.pk in seen or not account.is_active:
            continue
        seen.add(account.pk)
        out.append(account)
    return out


def notify(
    recipients: Iterable, *, kind: str, title: str, what: str, next_step: str = "", url: str = ""
) -> list[Message]:
    """Tell each recipient (accounts; duplicates and ``None`` dropped) what happened and what to
    do next, linking to ``url``.

    Side effects: one inbox :class:`Message` per recipient, in the caller's transaction; after
    commit, :func:`send_later` hands them to the channels (e-mail unless switched off for the
    kind). No audit entry of its own: the caller's write is the event and is logged by it.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown message kind {kind!r}")
    body = what + (f"\n{next_step}" if next_step else "")
    now = clock.now()
    messages = Message.objects.bulk_create(
        [
            Message(recipient=a, kind=kind, title=title[:200], body=body, url=url, created_at=now)
            for a in _accounts(recipients)
        ]
    )
    ids = [m.pk for m in messages]
    if ids:
        transaction.on_commit(lambda: send_later(ids))
    return messages


def send_later(message_ids: list[int]) -> None:
    """The one place that schedules delivery: a Celery task (run in-process when eager)."""
    from jijiao.notifications.tasks import deliver_task

    deliver_task.delay(message_ids)


def deliver(message_ids: list[int]) -> int:
    """Hand each message to every configured channel that wants it (e-mail: the kind not switched
    off and an address known). A channel that fails is logged and does not stop the others.
    Returns the number of sends.

    Idempotent under retry: each message is claimed (``delivered_at`` set, committed) before it
    is sent, and one already claimed is skipped — a task delivered again after its worker died
    sends nothing twice (a message whose sending the dying worker interrupted is not resent; its
    inbox entry stays). Side effects: ``delivered_at``; e-mail (or SMS …); no audit entry."""
    now = clock.now()
    messages = [
        message
        for message in Message.objects.filter(pk__in=message_ids, delivered_at__isnull=True)
        .select_related("recipient")
        .order_by("pk")
        if Message.objects.filter(pk=message.pk, delivered_at__isnull=True).update(delivered_at=now)
    ]
    off = set(
        Preference.objects.filter(
            account_id__in={m.recipient_id for m in messages}, email=False
        ).values_list("account_id", "kind")
    )
    channels = configured_channels()
    sent = 0
    for message in messages:
        link = settings.SITE_URL.rstrip("/") + message.url if message.url else ""
        text = Text(subject=message.title, body=message.body, link=link)
        email_on = (message.recipient_id, message.kind) not in off
        for channel in channels:
            if not channel.wants(message.recipient, message.kind, email_on):
                continue
            try:
                channel.send(message.recipient, text)
                sent += 1
            except Exception:
                log.exception("通知发送失败：%s 消息 %s", channel.name, message.pk)
    return sent


@transaction.atomic
def message_open(*, by, message: Message) -> str:
    """The recipient opens a message: marked read (the first time). Returns where it leads.
    Side effects: ``read_at``; audit ``message.read`` the first time."""
    require(by, "notifications.open_message", message)
    if message.read_at is None:
        message.read_at = clock.now()
        message.save(update_fields=["read_at"])
        record("message.read", actor=by, obj=message, data={"kind": message.kind})
    return message.url


@transaction.atomic
def messages_mark_all_read(*, by) -> int:
    """Mark every unread message of ``by`` read. Side effects: ``read_at``; one audit entry
    ``messages.read_all`` with the count."""
    require(by, "notifications.use_inbox")
    count = Message.objects.filter(recipient=by, read_at__isnull=True).update(read_at=clock.now())
    if count:
        record("messages.read_all", actor=by, obj=by, data={"count": count})
    return count


@transaction.atomic
def email_preferences_set(*, by, email_kinds: Iterable[str]) -> None:
    """Set which kinds ``by`` gets by e-mail (the kinds listed; the rest off). The inbox always
    gets every message. Side effects: one Preference row per kind; audit
    ``notifications.preferences_set`` with the kinds switched off."""
    require(by, "notifications.use_inbox")
    wanted = set(email_kinds)
    unknown = wanted - set(Kind.values)
    if unknown:
        raise DomainError("未知的消息类别：" + "、".join(sorted(unknown)), field="email")
    for kind in Kind.values:
        Preference.objects.update_or_create(
            account=by, kind=kind, defaults={"email": kind in wanted}
        )
    record(
        "notifications.preferences_set",
        actor=by,
        obj=by,
        data={"email_off": sorted(set(Kind.values) - wanted)},
    )
