"""The site's URLs plus a trivial view (the baseline: the whole middleware stack, signed in)
and the current check-in code of a session (what the host's screen shows), for the HTTP
benchmark only."""

from django.http import HttpResponse
from django.urls import path

from jijiao.attendance.tokens import session_token
from jijiao.urls import urlpatterns as site


def trivial(request):
    # Counted as a failure by wrk when the session cookie did not sign anyone in.
    return HttpResponse("ok", status=200 if request.user.is_authenticated else 403)


def token(request, pk: int):
    return HttpResponse(session_token(pk))


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/token/<int:pk>/", token),
    *site,
]
