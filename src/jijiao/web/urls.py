from django.urls import path

from jijiao.web import views

app_name = "web"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("system/", views.system, name="system"),
]
