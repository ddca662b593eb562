"""Who sees which jobs: the person who started one, and the offices above its organisation."""

from django.db.models import Q, QuerySet

from jijiao.jobs.models import Job


def jobs_for_user(user, *, jurisdiction: QuerySet | None = None) -> QuerySet[Job]:
    """The jobs ``user`` started, and those of the units in ``jurisdiction`` (the units under
    the user's offices, which the caller reads from orgs: the jobs app sits below it)."""
    if user is None or not user.is_authenticated:
        return Job.objects.none()
    visible = Q(started_by=user)
    if jurisdiction is not None:
        visible |= Q(organisation__in=jurisdiction)
    return Job.objects.filter(visible).select_related("started_by", "organisation")
