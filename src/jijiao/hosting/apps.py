from django.apps import AppConfig


class HostingConfig(AppConfig):
    name = "jijiao.hosting"
    label = "hosting"
    verbose_name = "项目举办"
