from django.urls import path

from jijiao.web import audit_export, views

app_name = "web"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("system/", views.system, name="system"),
    # The audit log's export job (the audit log is below the jobs app: its page is here).
    path("audit/export/", audit_export.audit_log_export, name="audit_log_export"),
    path("audit/verify/", audit_export.audit_log_verify, name="audit_log_verify"),
]
