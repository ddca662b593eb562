"""Thin scheduled tasks of the site shell: the daily reminder run (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task(name="web.send_reminders", ignore_result=True)
def send_reminders_task() -> None:
    from jijiao.common import clock
    from jijiao.web.reminders import send_reminders

    send_reminders(clock.now())
