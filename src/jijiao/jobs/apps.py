from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jijiao.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        # The Celery app becomes the current one in every Django process (web, worker, tests),
        # so the apps' ``shared_task``s are bound to its configuration (eager or Redis).
        from jijiao.celery import app  # noqa: F401
