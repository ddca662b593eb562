from django.urls import path

from jijiao.audit_log import views

app_name = "audit_log"
urlpatterns = [path("", views.entry_list, name="entries")]
