from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "jijiao.orgs"
    label = "orgs"
    verbose_name = "机构与人员"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        from jijiao.orgs import permissions  # noqa: F401
