"""URLs of the office's records and imports (publication lists, history, person records),
training plans and execution summaries; included at /projects/records/ in ``projects``."""

from django.urls import path

from jijiao.projects.views import person_records, plans, records, summaries

urlpatterns = [
    path("", records.records_home, name="records"),
    path("lists/", records.lists, name="records_lists"),
    path("lists/import/", records.list_import, name="records_list_import"),
    path("lists/<int:pk>/", records.list_detail, name="records_list"),
    path("region/", records.region_projects, name="records_region"),
    path("history/", records.history, name="records_history"),
    path("history/import/", records.history_import, name="records_history_import"),
    path("people/", person_records.people, name="records_people"),
    path("people/<int:pk>/", person_records.person, name="records_person"),
    path("people/<int:pk>/add/", person_records.person_record_add, name="records_person_add"),
    path(
        "people/<int:pk>/unexecuted/",
        person_records.unexecuted_add,
        name="records_unexecuted_add",
    ),
    path(
        "entries/<int:pk>/withdraw/",
        person_records.person_record_withdraw,
        name="records_entry_withdraw",
    ),
    path("summary/", summaries.summary_overview, name="records_summary"),
    path("summary/<int:unit_pk>/", summaries.summary_unit, name="records_summary_unit"),
    path("plans/", plans.plan_list, name="records_plans"),
    path("plans/call/<int:call_pk>/", plans.plan_edit, name="records_plan_edit"),
    path("plans/call/<int:call_pk>/export/", plans.plan_call_export, name="records_plan_export"),
    path("plans/<int:pk>/", plans.plan_detail, name="records_plan"),
    path("plans/<int:pk>/decide/", plans.plan_decide, name="records_plan_decide"),
]
