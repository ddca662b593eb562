from django.apps import AppConfig


class AuditLogConfig(AppConfig):
    name = "jijiao.audit_log"
    label = "audit_log"
    verbose_name = "审计日志"
