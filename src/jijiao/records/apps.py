from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "jijiao.records"
    label = "records"
    verbose_name = "人员与单位记录"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        from jijiao.records import permissions  # noqa: F401
