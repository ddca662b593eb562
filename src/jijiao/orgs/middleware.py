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


class IdleTimeoutMiddleware:
    """Log a person out after ``IDLE_TIMEOUT_MINUTES`` without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = clock.now()
            last_seen = request.session.get(LAST_SEEN_KEY)
            limit = dt.timedelta(minutes=settings.IDLE_TIMEOUT_MINUTES)
            if last_seen and now - dt.datetime.fromisoformat(last_seen) > limit:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(f"{reverse('login')}?timeout=1&next={request.path}")
            request.session[LAST_SEEN_KEY] = now.isoformat()
        return self.get_response(request)


class PasswordExpiryMiddleware:
    """Send a person whose password has expired (or must change) to the change-password page."""

    exempt_names = ("password_change", "logout", "login")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(("/static/", "/api/")):
            allowed = {reverse(name) for name in self.exempt_names}
            if request.path not in allowed and password_change_due(user):
                return redirect("password_change")
        return self.get_response(request)


def password_change_due(user) -> bool:
    if user.must_change_password:
        return True
    days = settings.PASSWORD_EXPIRY_DAYS
    if not settings.PASSWORD_POLICY_ENABLED or days <= 0 or user.password_changed_at is None:
        return False
    return clock.now() - user.password_changed_at > dt.timedelta(days=days)
