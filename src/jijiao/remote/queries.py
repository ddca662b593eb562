"""Reads of remote education and the visibility query per role.

Detail pages and API calls fetch through these and answer 404 outside them: another
provider's course looks exactly like a course that does not exist.
"""

from django.db.models import Q, QuerySet

from jijiao.orgs import roles
from jijiao.orgs.models import Role
from jijiao.remote.models import (
    CompletionList,
    Course,
    Enrolment,
    PresenceCheck,
    Provider,
)


def _provider_units(user) -> set[int]:
    return roles.role_unit_ids(user, Role.PROVIDER)


def _cities(user) -> set[int]:
    return roles.role_unit_ids(user, Role.CITY_OFFICE)


def providers_for_user(user) -> QuerySet[Provider]:
    """A provider's own registration; a city office's registrations once submitted."""
    if not getattr(user, "is_authenticated", False):
        return Provider.objects.none()
    q = Q(unit_id__in=_provider_units(user))
    q |= Q(office_id__in=_cities(user)) & ~Q(state=Provider.State.DRAFT)
    return Provider.objects.filter(q).select_related("unit", "office")


def courses_for_user(user) -> QuerySet[Course]:
    """A provider's own courses; a city office's providers' courses once submitted; for
    anyone who studies, the approved courses of registered providers and the courses they
    have studied (so a player still open when a provider is suspended is told why its
    heartbeats no longer count)."""
    if not getattr(user, "is_authenticated", False):
        return Course.objects.none()
    q = Q(provider__unit_id__in=_provider_units(user))
    q |= Q(provider__office_id__in=_cities(user)) & ~Q(state=Course.State.DRAFT)
    person_id = getattr(user, "person_id", None)
    if person_id:
        q |= open_courses_q()
        studied = Enrolment.objects.filter(person_id=person_id).values("course_id")
        q |= Q(pk__in=studied)
    return Course.objects.filter(q).select_related("provider__unit", "discipline")


def open_courses_q() -> Q:
    return Q(state=Course.State.APPROVED, provider__state=Provider.State.REGISTERED)


def catalogue() -> QuerySet[Course]:
    """Courses that earn credit now, for people to study."""
    return (
        Course.objects.filter(open_courses_q())
        .select_related("provider__unit", "discipline")
        .order_by("title", "id")
    )


def provider_courses_for_user(user) -> QuerySet[Course]:
    """The courses the user manages or reviews (not the catalogue)."""
    q = Q(provider__unit_id__in=_provider_units(user))
    q |= Q(provider__office_id__in=_cities(user)) & ~Q(state=Course.State.DRAFT)
    return Course.objects.filter(q).select_related("provider__unit", "discipline")


def completion_lists_for_user(user) -> QuerySet[CompletionList]:
    if not getattr(user, "is_authenticated", False):
        return CompletionList.objects.none()
    q = Q(provider__unit_id__in=_provider_units(user))
    q |= Q(provider__office_id__in=_cities(user))
    return CompletionList.objects.filter(q).select_related("provider__unit")


def enrolments_for_user(user) -> QuerySet[Enrolment]:
    """One's own learning records; a provider's learners; a city office's providers'."""
    if not getattr(user, "is_authenticated", False):
        return Enrolment.objects.none()
    q = Q(person_id=user.person_id) if getattr(user, "person_id", None) else Q(pk__in=[])
    q |= Q(course__provider__unit_id__in=_provider_units(user))
    q |= Q(course__provider__office_id__in=_cities(user))
    return Enrolment.objects.filter(q).select_related("person", "course")


def checks_for_user(user) -> QuerySet[PresenceCheck]:
    """Presence checks the user may answer: their own, or their platform's learners'."""
    if not getattr(user, "is_authenticated", False):
        return PresenceCheck.objects.none()
    person_id = getattr(user, "person_id", None)
    q = Q(enrolment__person_id=person_id) if person_id else Q(pk__in=[])
    q |= Q(enrolment__course__provider__unit_id__in=_provider_units(user))
    return PresenceCheck.objects.filter(q).select_related("enrolment__course", "enrolment__person")
