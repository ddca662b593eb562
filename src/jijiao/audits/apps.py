from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "jijiao.audits"
    label = "audits"
    verbose_name = "晋升学分审核"
