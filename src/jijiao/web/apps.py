from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jijiao.web"
    label = "web"
    verbose_name = "网站"
