from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "jijiao.overview"
    label = "overview"
    verbose_name = "统计概览"
