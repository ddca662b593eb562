"""Thin tasks: deliver messages already in the inbox to their channels (e-mail …)."""

from celery import shared_task


@shared_task(
    name="notifications.deliver", acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def deliver_task(message_ids: list[int]) -> None:
    """Ids in; acknowledged only when done and put back when its worker dies — a second delivery
    sends nothing already sent (:func:`deliver` claims each message first)."""
    from jijiao.notifications.domain.messages import deliver

    deliver(message_ids)
