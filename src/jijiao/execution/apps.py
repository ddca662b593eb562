from django.apps import AppConfig


class ExecutionConfig(AppConfig):
    name = "jijiao.execution"
    label = "execution"
    verbose_name = "执行情况"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        from jijiao.execution import permissions  # noqa: F401
        from jijiao.execution.standing import YearsBehind
        from jijiao.projects.facts import serve_years_behind

        # The applications read earlier years (history, sanctions) from here (issue 13).
        serve_years_behind(YearsBehind())
