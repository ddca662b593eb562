from django.urls import path

from jijiao.remote.views import completions, courses, files, learning, providers, tokens

app_name = "remote"
urlpatterns = [
    path("providers/", providers.provider_list, name="providers"),
    path("providers/new/", providers.provider_file, name="provider_file"),
    path("providers/<int:pk>/", providers.provider_detail, name="provider"),
    path("providers/<int:pk>/edit/", providers.provider_edit, name="provider_edit"),
    path("providers/<int:pk>/submit/", providers.provider_submit, name="provider_submit"),
    path("providers/<int:pk>/decide/", providers.provider_decide, name="provider_decide"),
    path("providers/<int:pk>/revoke/", providers.provider_revoke, name="provider_revoke"),
    path(
        "providers/<int:pk>/documents/",
        providers.provider_document_add,
        name="provider_document_add",
    ),
    path(
        "providers/<int:pk>/documents/<int:document_pk>/",
        providers.provider_document,
        name="provider_document",
    ),
    path(
        "providers/<int:pk>/documents/<int:document_pk>/remove/",
        providers.provider_document_remove,
        name="provider_document_remove",
    ),
    path("courses/", courses.course_list, name="courses"),
    path("courses/new/", courses.course_file, name="course_file"),
    path("courses/<int:pk>/", courses.course_detail, name="course"),
    path("courses/<int:pk>/edit/", courses.course_edit, name="course_edit"),
    path("courses/<int:pk>/learners/", courses.course_learners, name="course_learners"),
    path(
        "courses/<int:pk>/learners/<int:enrolment_pk>/",
        courses.course_learner,
        name="course_learner",
    ),
    path("courses/<int:pk>/submit/", courses.course_submit, name="course_submit"),
    path("courses/<int:pk>/decide/", courses.course_decide, name="course_decide"),
    path("courses/<int:pk>/videos/", courses.course_video_add, name="course_video_add"),
    path(
        "courses/<int:pk>/videos/<int:video_pk>/remove/",
        courses.course_video_remove,
        name="course_video_remove",
    ),
    path("courses/<int:pk>/questions/", courses.course_question_add, name="course_question_add"),
    path(
        "courses/<int:pk>/questions/<int:question_pk>/remove/",
        courses.course_question_remove,
        name="course_question_remove",
    ),
    path("videos/<int:video_pk>/file/", files.video_file, name="video_file"),
    path("learn/", learning.course_catalogue, name="catalogue"),
    path("learn/<int:course_pk>/", learning.course_learn, name="learn"),
    path("learn/<int:course_pk>/play/<int:video_pk>/", learning.course_player, name="player"),
    path("learn/<int:course_pk>/exam/", learning.course_exam, name="exam"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("lists/", completions.list_index, name="lists"),
    path("lists/template.xlsx", completions.list_template, name="list_template"),
    path("lists/upload/", completions.list_upload, name="list_upload"),
    path("lists/from-progress/", completions.list_from_progress, name="list_from_progress"),
    path("lists/<int:pk>/", completions.list_detail, name="list"),
    path(
        "lists/<int:pk>/rows/<int:row_pk>/exclude/",
        completions.list_row_exclude,
        name="list_row_exclude",
    ),
    path("lists/<int:pk>/decide/", completions.list_decide, name="list_decide"),
]
