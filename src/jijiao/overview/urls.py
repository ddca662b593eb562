from django.urls import path

from jijiao.overview import views, views_impact, views_upward

app_name = "overview"
urlpatterns = [
    path("", views.home, name="home"),
    path("list/<slug:what>/", views.listing, name="list"),
    path("export/", views.export, name="export"),
    path("mine/", views.mine, name="mine"),
    path("upward/", views_upward.upward, name="upward"),
    path("upward/<int:pk>/", views_upward.upward_file, name="upward_file"),
    path("impact/pack/<slug:pack_id>/", views_impact.impact_start, name="impact_start"),
    path("impact/<int:pk>/", views_impact.impact, name="impact"),
    path("impact/<int:pk>/<slug:code>/", views_impact.impact_rule, name="impact_rule"),
]
