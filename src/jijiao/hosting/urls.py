from django.urls import path

from jijiao.hosting.views import filing, inspections, sessions

app_name = "hosting"
urlpatterns = [
    path("", sessions.session_list, name="sessions"),
    path(
        "projects/<int:project_pk>/sessions/new/",
        sessions.session_create_view,
        name="session_create",
    ),
    path("sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/filing/", filing.filing_edit, name="filing"),
    path("sessions/<int:pk>/filing/scan/", filing.filing_scan, name="filing_scan"),
    path("sessions/<int:pk>/filing/scan/file/", filing.filing_scan_file, name="filing_scan_file"),
    path("sessions/<int:pk>/filing/review/", filing.filing_review_view, name="filing_review"),
    path("sessions/<int:pk>/filing/form.pdf", filing.filing_form_pdf, name="filing_pdf"),
    path("sessions/<int:pk>/filing/form.xlsx", filing.filing_form_xlsx, name="filing_xlsx"),
    path("inspections/", inspections.inspection_home, name="inspections"),
    path("inspections/draws/<int:pk>/", inspections.draw_detail, name="draw"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/photo/", inspections.inspection_photo, name="inspection_photo"),
    path(
        "inspections/<int:pk>/sanction/",
        inspections.inspection_sanction,
        name="inspection_sanction",
    ),
]
