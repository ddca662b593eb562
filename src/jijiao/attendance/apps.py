from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "jijiao.attendance"
    label = "attendance"
    verbose_name = "报名与考勤"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        from jijiao.attendance import permissions  # noqa: F401
