"""Reads of the projects area and the visibility query per role."""

from django.db.models import QuerySet

from jijiao import clock
from jijiao.orgs import roles
from jijiao.projects.models import Call


def calls_for_user(user) -> QuerySet[Call]:
    """Offices see the calls they own; everyone signed in sees open calls (to apply)."""
    offices = roles.office_ids(user)
    queryset = Call.objects.filter(office_id__in=offices) if offices else Call.objects.none()
    return (queryset | open_calls()).distinct().select_related("office")


def open_calls() -> QuerySet[Call]:
    now = clock.now()
    return Call.objects.filter(state=Call.State.OPEN, opens_at__lte=now, closes_at__gte=now)
