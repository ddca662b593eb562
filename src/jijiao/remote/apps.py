from django.apps import AppConfig


class RemoteConfig(AppConfig):
    name = "jijiao.remote"
    label = "remote"
    verbose_name = "远程继续教育"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        from jijiao.remote import permissions  # noqa: F401
