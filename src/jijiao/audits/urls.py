from django.urls import path

from jijiao.audits.views import campaigns, cases, documents

app_name = "audits"
urlpatterns = [
    path("", campaigns.home, name="home"),
    path("new/", campaigns.campaign_new, name="campaign_new"),
    path("<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("<int:pk>/intake-day/", campaigns.intake_day, name="intake_day"),
    path("<int:pk>/close/", campaigns.close, name="close"),
    path("<int:pk>/export/", campaigns.campaign_list_export, name="campaign_export"),
    path("<int:pk>/cases/new/", cases.case_new, name="case_new"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/options/", cases.options, name="case_options"),
    path("cases/<int:pk>/evidence/", cases.evidence, name="case_evidence"),
    path("cases/<int:pk>/submit/", cases.submit, name="case_submit"),
    path("cases/<int:pk>/approve/", cases.approve, name="case_approve"),
    path("cases/<int:pk>/return/", cases.return_case, name="case_return"),
    path("cases/<int:pk>/fail/", cases.fail, name="case_fail"),
    path("cases/<int:pk>/receive/", cases.receive, name="case_receive"),
    path("cases/<int:pk>/form.pdf", documents.form_pdf, name="case_form_pdf"),
    path("cases/<int:pk>/lists.pdf", documents.year_lists_pdf, name="case_lists_pdf"),
    path("cases/<int:pk>/lists/<int:year>.pdf", documents.year_lists_pdf, name="case_year_pdf"),
    path("cases/<int:pk>/pledge.pdf", documents.pledge_pdf, name="case_pledge_pdf"),
]
