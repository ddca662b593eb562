from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "jijiao.projects"
    label = "projects"
    verbose_name = "项目"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        from jijiao.projects import permissions  # noqa: F401
