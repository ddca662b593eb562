from django.apps import AppConfig


class RemoteConfig(AppConfig):
    name = "jijiao.remote"
    label = "remote"
    verbose_name = "远程继续教育"
