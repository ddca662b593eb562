from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "jijiao.notifications"
    label = "notifications"
    verbose_name = "消息通知"

    def ready(self) -> None:
        from jijiao.notifications import (
            permissions,  # noqa: F401  (registers the predicates)
            receivers,  # noqa: F401  (connects job_finished)
        )
