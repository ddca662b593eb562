from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "jijiao.overview"
    label = "overview"
    verbose_name = "统计概览"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        from jijiao.overview import permissions  # noqa: F401
        from jijiao.overview.signals import connect

        connect()  # the kept summaries' refresh after the events that change them
