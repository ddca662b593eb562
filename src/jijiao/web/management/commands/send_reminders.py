"""``jijiao manage send_reminders``: the daily reminder run (cron it once a day, e.g. 08:00)."""

from django.core.management.base import BaseCommand

from jijiao.common import clock
from jijiao.web.reminders import reminder_days, send_reminders


class Command(BaseCommand):
    help = "向每人发送工作台中即将到期事项的提醒（每项每个提醒档次只发一次）"

    def handle(self, *args, **options):
        sent = send_reminders(clock.now())
        self.stdout.write(
            f"已提醒 {sent['people']} 人，共 {sent['items']} 项（提前 {reminder_days()} 天起提醒）"
        )
