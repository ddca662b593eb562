"""Session security: idle timeout, and forcing a password change when one is due."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from jijiao.common import clock

LAST_SEEN_KEY = "last_seen"
# Pages that keep themselves alive by activity (the check-in screen, the video player) send this.
KEEPALIVE_HEADER = "HTTP_X_JIJIAO_KEEPALIVE"


# The stamp of the last request is rewritten once it is this old: one session write a minute.
STAMP_EVERY = dt.timedelta(minutes=1)


class IdleTimeoutMiddleware:
    """Log a person out after ``IDLE_TIMEOUT_MINUTES`` without a request, exact to the minute.

    The session keeps a stamp of the last request, set at login and rewritten only once it is
    a minute old — at most one session write a minute instead of one per request. The stamp
    lags the last request by less than a minute, so a person is logged out once the stamp is
    the limit plus that minute old: after more than ``N`` and at most ``N`` + 1 minutes
    without a request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = clock.now()
            last_seen = request.session.get(LAST_SEEN_KEY)
            seen = dt.datetime.fromisoformat(last_seen) if last_seen else None
            limit = dt.timedelta(minutes=settings.IDLE_TIMEOUT_MINUTES)
            if seen is not None and now - seen >= limit + STAMP_EVERY:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(f"{reverse('login')}?timeout=1&next={request.path}")
            if seen is None or now - seen >= STAMP_EVERY:
                request.session[LAST_SEEN_KEY] = now.isoformat()
        return self.get_response(request)


def stamp_at_login(sender, request, user, **kwargs) -> None:
    """Logging in starts the idle clock (the login writes the session anyway)."""
    if getattr(request, "session", None) is not None:
        request.session[LAST_SEEN_KEY] = clock.now().isoformat()


class PasswordExpiryMiddleware:
    """Send a person whose password has expired (or must change) to the change-password page."""

    exempt_names = ("password_change", "logout", "login")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        # The cheap test first: the exempt pages are reversed only for the rare person whose
        # change is due, not on every request of everyone else.
        if (
            user.is_authenticated
            and not request.path.startswith(("/static/", "/api/"))
            and password_change_due(user)
            and request.path not in {reverse(name) for name in self.exempt_names}
        ):
            return redirect("password_change")
        return self.get_response(request)


def password_change_due(user) -> bool:
    if user.must_change_password:
        return True
    days = settings.PASSWORD_EXPIRY_DAYS
    if not settings.PASSWORD_POLICY_ENABLED or days <= 0 or user.password_changed_at is None:
        return False
    return clock.now() - user.password_changed_at > dt.timedelta(days=days)
