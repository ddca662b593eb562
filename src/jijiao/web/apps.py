from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jijiao.web"
    label = "web"
    verbose_name = "网站"

    def ready(self) -> None:
        from jijiao.web import audit_links

        audit_links.register()
