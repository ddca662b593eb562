from django.apps import AppConfig


class ExecutionConfig(AppConfig):
    name = "jijiao.execution"
    label = "execution"
    verbose_name = "执行情况"
