"""Reads of the attendance area. Host and office pages fetch sessions through
``hosting.queries.sessions_for_user`` (404 outside it); trainees see open sessions."""

from django.db.models import QuerySet

from jijiao.attendance.models import Registration, Scan
from jijiao.common import clock
from jijiao.hosting.models import Session


def open_sessions() -> QuerySet[Session]:
    """Filed sessions not yet over: anyone who is a health professional may register."""
    return (
        Session.objects.filter(
            state__in=(Session.State.FILED, Session.State.ACCEPTED), ends_at__gt=clock.now()
        )
        .select_related("project")
        .order_by("starts_at")
    )


def registrations_for_user(user) -> QuerySet[Registration]:
    if not getattr(user, "person_id", None):
        return Registration.objects.none()
    return Registration.objects.filter(person_id=user.person_id).select_related(
        "session", "session__project"
    )


def scans_of(session: Session) -> QuerySet[Scan]:
    return Scan.objects.filter(session=session).select_related("person", "by")
