"""Reads of the execution area and the visibility per role.

Session pages fetch through ``hosting.queries.sessions_for_user`` (host and the offices over
it; 404 outside). A trainee reaches an evaluation only by its link, and only for a session
they attended; projects' scores are listed for the offices over the projects.
"""

from django.db.models import QuerySet

from jijiao.attendance.models import Registration
from jijiao.execution.models import ProjectScore, ReportFile, SessionScore
from jijiao.hosting.models import Session
from jijiao.hosting.queries import projects_for_user, sessions_for_user
from jijiao.orgs import roles


def report_sessions_for_user(user) -> QuerySet[Session]:
    """Sessions whose report the user writes or reviews, with their report and score."""
    return sessions_for_user(user).select_related(
        "execution_report", "execution_score", "project__application"
    )


def review_queue_for_user(user) -> list[Session]:
    """Sessions whose report waits at one of the user's offices."""
    offices = roles.office_ids(user)
    if not offices:
        return []
    waiting = report_sessions_for_user(user).filter(execution_report__state="submitted")
    return [s for s in waiting if s.execution_report.stage["office"] in offices]


def files_for_user(user) -> QuerySet[ReportFile]:
    return ReportFile.objects.filter(report__session__in=sessions_for_user(user))


def project_scores_for_user(user) -> QuerySet[ProjectScore]:
    """Scored projects the user oversees (offices) or hosts, best first."""
    return (
        ProjectScore.objects.filter(project__in=projects_for_user(user))
        .select_related("project", "project__host")
        .order_by("-total", "project__number")
    )


def session_scores_of(project) -> QuerySet[SessionScore]:
    return SessionScore.objects.filter(session__project=project).select_related("session")


def attended_registrations(person) -> QuerySet[Registration]:
    """A trainee's registrations, latest first, with the evaluation of each session."""
    return (
        Registration.objects.filter(person=person, state=Registration.State.REGISTERED)
        .select_related("session", "session__project", "session__survey")
        .order_by("-session__starts_at")
    )
