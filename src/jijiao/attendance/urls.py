from django.urls import path

from jijiao.attendance.views import host, lists, trainee

app_name = "attendance"
urlpatterns = [
    path("", trainee.home, name="home"),
    path("sessions/<int:pk>/register/", trainee.register, name="register"),
    path("registrations/<int:pk>/cancel/", trainee.cancel, name="cancel"),
    path("c/<str:token>/", trainee.checkin_scan, name="checkin_scan"),
    path("me/code/", trainee.my_code, name="my_code"),
    path("p/<str:code>/", trainee.person_code_scanned, name="person_code"),
    path("sessions/<int:pk>/", host.session_hub, name="session"),
    path(
        "sessions/<int:pk>/windows/<int:window_pk>/delete/",
        host.window_delete,
        name="window_delete",
    ),
    path("sessions/<int:pk>/walk-in/", host.walk_in, name="walk_in"),
    path("sessions/<int:pk>/checkin/", host.checkin_screen, name="checkin"),
    path("sessions/<int:pk>/checkin/qr/", host.checkin_qr, name="checkin_qr"),
    path("sessions/<int:pk>/staff/", host.staff_scan, name="staff_scan"),
    path("sessions/<int:pk>/scans/", host.scan_log, name="scans"),
    path("sessions/<int:pk>/eligibility/", lists.eligibility_view, name="eligibility"),
    path("sessions/<int:pk>/watchlog/", lists.watchlog_view, name="watchlog"),
    path("sessions/<int:pk>/corrections/", lists.corrections_view, name="corrections"),
    path(
        "sessions/<int:pk>/corrections/<int:correction_pk>/decide/",
        lists.correction_decide_view,
        name="correction_decide",
    ),
]
