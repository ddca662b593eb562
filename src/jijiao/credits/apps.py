from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "jijiao.credits"
    label = "credits"
    verbose_name = "学分"
