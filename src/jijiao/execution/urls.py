from django.urls import path

from jijiao.execution.views import reports, review, scores, standing, summaries, surveys

app_name = "execution"
urlpatterns = [
    path("", reports.home, name="home"),
    path("sessions/<int:pk>/", reports.report_detail, name="session"),
    path("sessions/<int:pk>/edit/", reports.report_edit, name="edit"),
    path("sessions/<int:pk>/files/", reports.file_add, name="file_add"),
    path("sessions/<int:pk>/files/<int:file_pk>/", reports.file_download, name="file"),
    path("sessions/<int:pk>/files/<int:file_pk>/delete/", reports.file_remove, name="file_remove"),
    path("sessions/<int:pk>/textbooks/", reports.textbook_add, name="textbook_add"),
    path(
        "sessions/<int:pk>/textbooks/<int:textbook_pk>/delete/",
        reports.textbook_remove,
        name="textbook_remove",
    ),
    path("sessions/<int:pk>/submit/", reports.submit, name="submit"),
    path("sessions/<int:pk>/review/", review.review, name="review"),
    path("sessions/<int:pk>/grant/", review.grant, name="grant"),
    path("sessions/<int:pk>/summary.pdf", reports.summary_pdf, name="summary_pdf"),
    path("sessions/<int:pk>/textbooks.pdf", reports.textbooks_pdf, name="textbooks_pdf"),
    path("sessions/<int:pk>/survey/", surveys.survey_host, name="survey"),
    path("sessions/<int:pk>/survey/toggle/", surveys.survey_toggle, name="survey_toggle"),
    path("sessions/<int:pk>/score/", scores.session_score, name="session_score"),
    path("projects/<int:pk>/score/", scores.project_score, name="project_score"),
    path("scores/", scores.ranking, name="scores"),
    path("scores.xlsx", scores.ranking_xlsx, name="scores_xlsx"),
    path("scores/recompute/", scores.ranking_recompute, name="scores_recompute"),
    path("summaries/", summaries.overview, name="summaries"),
    path("summaries/units/<int:unit_pk>.xlsx", summaries.unit_form, name="summary_unit"),
    path("sanctions/", standing.sanctions, name="sanctions"),
    path("sanctions/<int:pk>/decide/", standing.sanction_decide, name="sanction_decide"),
    path("sanctions/scan/", standing.scan, name="sanctions_scan"),
    path("sanctions/criticisms/", standing.criticism, name="criticism"),
    path("units/<int:unit_pk>/standing/", standing.unit_standing, name="unit_standing"),
    path("e/<str:token>/", surveys.answer, name="answer"),
    path("me/", surveys.mine, name="mine"),
]
