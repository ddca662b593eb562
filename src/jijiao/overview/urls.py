from django.urls import path

from jijiao.overview import views

app_name = "overview"
urlpatterns = [
    path("", views.home, name="home"),
    path("list/<slug:what>/", views.listing, name="list"),
    path("export/", views.export, name="export"),
]
