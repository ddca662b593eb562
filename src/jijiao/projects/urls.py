from django.urls import include, path

from jijiao.projects.views import calls

app_name = "projects"
urlpatterns = [
    path("calls/", calls.call_list, name="calls"),
    path("calls/new/", calls.call_open, name="call_open"),
    path("calls/<int:pk>/", calls.call_detail, name="call"),
    path("calls/<int:pk>/change/", calls.call_change, name="call_change"),
    path("records/", include("jijiao.projects.urls_records")),
]
