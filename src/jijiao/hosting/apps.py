from django.apps import AppConfig


class HostingConfig(AppConfig):
    name = "jijiao.hosting"
    label = "hosting"
    verbose_name = "项目举办"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        from jijiao.hosting import permissions  # noqa: F401
