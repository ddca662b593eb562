from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "jijiao.audits"
    label = "audits"
    verbose_name = "晋升学分审核"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        from jijiao.audits import permissions  # noqa: F401
