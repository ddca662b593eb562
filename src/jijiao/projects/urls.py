from django.urls import path

from jijiao.projects.views import (
    applications,
    attachments,
    calls,
    office,
    plans,
    public,
    records,
    reviews,
    summaries,
    unit_review,
)

app_name = "projects"
urlpatterns = [
    path("calls/", calls.call_list, name="calls"),
    path("calls/new/", calls.call_open, name="call_open"),
    path("calls/<int:pk>/", calls.call_detail, name="call"),
    path("calls/<int:pk>/change/", calls.call_change, name="call_change"),
    path("calls/<int:call_pk>/apply/", applications.application_start, name="application_start"),
    # The PI
    path("mine/", applications.my_applications, name="my_applications"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/findings/",
        applications.application_findings,
        name="application_findings",
    ),
    path("applications/<int:pk>/teachers/", applications.teacher_search, name="teacher_search"),
    path(
        "applications/<int:pk>/submit/",
        applications.application_submit,
        name="application_submit",
    ),
    path(
        "applications/<int:pk>/return/",
        applications.application_return,
        name="application_return",
    ),
    path("applications/<int:pk>/pdf/", attachments.application_pdf, name="application_pdf"),
    path(
        "applications/<int:pk>/attachments/",
        attachments.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/",
        attachments.attachment_download,
        name="attachment",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/delete/",
        attachments.attachment_delete,
        name="attachment_delete",
    ),
    # The unit admin
    path("unit/", unit_review.unit_applications, name="unit_applications"),
    path("unit/recommend/", unit_review.unit_recommend, name="unit_recommend"),
    path("unit/summary.xlsx", unit_review.unit_summary, name="unit_summary"),
    # The office
    path("office/", office.office_applications, name="office_applications"),
    path("office/calls/<int:call_pk>/paper/", office.paper_receipts, name="paper_receipts"),
    path("office/calls/<int:call_pk>/criteria/", office.criteria, name="criteria"),
    path("office/calls/<int:call_pk>/publish/", office.publish, name="publish"),
    path(
        "office/applications/<int:pk>/accept/",
        office.application_accept,
        name="application_accept",
    ),
    path("office/applications/<int:pk>/assign/", office.review_assign, name="review_assign"),
    path(
        "office/applications/<int:pk>/decide/",
        office.application_decide,
        name="application_decide",
    ),
    # Expert reviewers
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    # Everyone, no login
    path("public/", public.public_list, name="public"),
    # The office's lists and imports, history, training plans, execution summaries
    path("records/", records.records_home, name="records"),
    path("records/lists/", records.lists, name="records_lists"),
    path("records/lists/import/", records.list_import, name="records_list_import"),
    path("records/lists/<int:pk>/", records.list_detail, name="records_list"),
    path("records/region/", records.region_projects, name="records_region"),
    path("records/history/", records.history, name="records_history"),
    path("records/history/import/", records.history_import, name="records_history_import"),
    path("records/summary/", summaries.summary_overview, name="records_summary"),
    path("records/summary/<int:unit_pk>/", summaries.summary_unit, name="records_summary_unit"),
    path("records/plans/", plans.plan_list, name="records_plans"),
    path("records/plans/call/<int:call_pk>/", plans.plan_edit, name="records_plan_edit"),
    path(
        "records/plans/call/<int:call_pk>/export/",
        plans.plan_call_export,
        name="records_plan_export",
    ),
    path("records/plans/<int:pk>/", plans.plan_detail, name="records_plan"),
    path("records/plans/<int:pk>/decide/", plans.plan_decide, name="records_plan_decide"),
]
