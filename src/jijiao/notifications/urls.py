from django.urls import path

from jijiao.notifications.views import inbox

app_name = "notifications"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("<int:pk>/open/", inbox.message_open, name="open"),
    path("read-all/", inbox.mark_all_read, name="read_all"),
    path("preferences/", inbox.preferences, name="preferences"),
]
