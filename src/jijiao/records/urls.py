"""URLs of the records kept against people, at /projects/records/people/ and
/projects/records/entries/ (where they were while they lived in ``projects``)."""

from django.urls import path

from jijiao.records.views import people

app_name = "records"
urlpatterns = [
    path("people/", people.people, name="people"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/add/", people.person_record_add, name="person_add"),
    path("people/<int:pk>/unexecuted/", people.unexecuted_add, name="unexecuted_add"),
    path("entries/<int:pk>/withdraw/", people.person_record_withdraw, name="entry_withdraw"),
]
