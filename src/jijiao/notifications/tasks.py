"""Thin tasks: deliver messages already in the inbox to their channels (e-mail …)."""

from celery import shared_task


@shared_task(name="notifications.deliver", ignore_result=True)
def deliver_task(message_ids: list[int]) -> None:
    from jijiao.notifications.domain.messages import deliver

    deliver(message_ids)
