from django.urls import path

from jijiao.policy.views import editor
from jijiao.policy.views import packs as views

app_name = "policy"
urlpatterns = [
    path("", views.pack_list, name="list"),
    path("new/", views.pack_create, name="create"),
    path("diff/", editor.pack_diff, name="diff"),
    path("<slug:pack_id>/", views.pack_detail, name="detail"),
    path("<slug:pack_id>/edit/", views.pack_edit, name="edit"),
    path("<slug:pack_id>/examples/", views.pack_examples, name="examples"),
    path("<slug:pack_id>/rules/", editor.pack_editor, name="editor"),
]
