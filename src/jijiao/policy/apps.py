from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "jijiao.policy"
    label = "policy"
    verbose_name = "政策包"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        from jijiao.policy import permissions  # noqa: F401
