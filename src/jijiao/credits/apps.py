from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "jijiao.credits"
    label = "credits"
    verbose_name = "学分"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        from jijiao.credits import permissions  # noqa: F401
