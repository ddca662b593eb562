from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "jijiao.credits"
    label = "credits"
    verbose_name = "学分"

    def ready(self) -> None:
        # The permission predicates (django-rules) and the receivers that keep the compliance
        # summaries current (post_save).
        from jijiao.credits import permissions, signals  # noqa: F401
