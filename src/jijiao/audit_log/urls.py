from django.urls import path

from jijiao.audit_log.views import entries as views

app_name = "audit_log"
urlpatterns = [path("", views.entry_list, name="entries")]
