"""The site's URLs plus a trivial view (the baseline) and the current check-in code of a
session (what the host's screen shows), for the sign-in benchmark only."""

from django.http import HttpResponse
from django.urls import path

from jijiao.attendance.tokens import session_token
from jijiao.urls import urlpatterns as site


def trivial(request):
    return HttpResponse("ok")


def token(request, pk: int):
    return HttpResponse(session_token(pk))


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/token/<int:pk>/", token),
    *site,
]
