"""What keeps the overview's summaries current (``overview.kept``): every saved or deleted record
a figure counts marks its unit's year, resolved into (kind, unit, year) once the transaction
commits, and refreshed by the ``overview.summaries_refresh`` task.

- projects and quality: a published project, a session (filed, changed), its execution report,
  score, evaluation answers, registrations and inspections; a publication list or an
  inspection draw (their projects and inspections are bulk-created after them, so they are
  resolved at commit, when those exist);
- credits and compliance counts: every (person, year) the credits area marks for its
  compliance summaries (``credits.summaries.marked``: ledger rows saved or imported, annual
  facts, a person's unit or title changed), a person's unit or department changed — the unit
  they left as well; the compliance counts once the people's own summaries are rewritten
  (``credits.summaries.refreshed``) or a recompute job of them has finished.

What no event reaches (a list imported over earlier rows, a trainee's transfer seen in another
unit's sessions) the nightly ``summaries_fill`` recomputes.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from jijiao.attendance.models import Registration
from jijiao.credits.summaries import ALL_YEARS, marked, refreshed
from jijiao.execution.models import ExecutionReport, SessionScore, Survey, SurveyAnswer
from jijiao.hosting.models import Inspection, InspectionDraw, Session
from jijiao.jobs.models import Job
from jijiao.orgs import roles
from jijiao.orgs.models import Person
from jijiao.overview.kept import COMPLIANCE, CREDITS, PROJECTS, mark
from jijiao.projects.models import PublicationList, PublishedProject

SESSION, PROJECT, PUBLICATION, DRAW = "session", "project", "publication", "draw"
PERSON, PERSON_YEAR, STANDING, SURVEY = "person", "person_year", "standing", "survey"


def _project(sender, instance: PublishedProject, **kwargs) -> None:
    mark([(PROJECTS, instance.host_id, instance.year)] if instance.host_id else [])
    mark([(PROJECT, instance.pk)])


def _by_session(sender, instance, **kwargs) -> None:
    session_id = instance.pk if isinstance(instance, Session) else instance.session_id
    mark([(SESSION, session_id)])


def _answer(sender, instance: SurveyAnswer, **kwargs) -> None:
    mark([(SURVEY, instance.survey_id)])


def _publication(sender, instance: PublicationList, **kwargs) -> None:
    mark([(PUBLICATION, instance.pk)])


def _draw(sender, instance: InspectionDraw, **kwargs) -> None:
    mark([(DRAW, instance.pk)])


def _job_saved(sender, instance: Job, **kwargs) -> None:
    """A recompute of the year's compliance summaries (an office's, a unit's) has finished:
    the units' counted standings follow."""
    if instance.kind != "compliance_summaries" or instance.state != Job.State.DONE:
        return
    organisation = instance.organisation
    if organisation is None or not instance.params.get("year"):
        return
    if organisation.is_office:
        units = roles.units_in_jurisdiction({organisation.pk}).values_list("pk", flat=True)
    else:
        units = [organisation.pk]
    mark((COMPLIANCE, unit, int(instance.params["year"])) for unit in units)


def _credits_marked(sender, pairs, **kwargs) -> None:
    mark((PERSON_YEAR, person, year) for person, year in pairs)


def _standings_refreshed(sender, pairs, **kwargs) -> None:
    mark((STANDING, person, year) for person, year in pairs)


PERSON_FIELDS = {"unit", "unit_id", "department", "department_id"}


def _person_before(sender, instance: Person, update_fields=None, **kwargs) -> None:
    """The unit and department a person leaves, remembered for after the save."""
    if instance.pk is None or (
        update_fields is not None and not PERSON_FIELDS & set(update_fields)
    ):
        return
    before = Person.objects.filter(pk=instance.pk).values_list("unit_id", "department_id").first()
    instance._overview_before = before


def _person_saved(sender, instance: Person, created: bool, **kwargs) -> None:
    before = getattr(instance, "_overview_before", None)
    instance._overview_before = None
    if created or before is None:
        return
    if before != (instance.unit_id, instance.department_id):
        mark([(PERSON, instance.pk, before[0]), (PERSON, instance.pk, instance.unit_id)])


def connect() -> None:
    """Called once from ``OverviewConfig.ready``."""
    for signal in (post_save, post_delete):
        signal.connect(_project, sender=PublishedProject, dispatch_uid=f"ov_project_{signal}")
        for model in (Session, ExecutionReport, SessionScore, Survey, Registration, Inspection):
            signal.connect(_by_session, sender=model, dispatch_uid=f"ov_{model.__name__}_{signal}")
        signal.connect(_answer, sender=SurveyAnswer, dispatch_uid=f"ov_answer_{signal}")
    post_save.connect(_publication, sender=PublicationList, dispatch_uid="ov_publication")
    post_save.connect(_draw, sender=InspectionDraw, dispatch_uid="ov_draw")
    marked.connect(_credits_marked, dispatch_uid="ov_credits_marked")
    refreshed.connect(_standings_refreshed, dispatch_uid="ov_standings_refreshed")
    post_save.connect(_job_saved, sender=Job, dispatch_uid="ov_job_saved")
    pre_save.connect(_person_before, sender=Person, dispatch_uid="ov_person_before")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="ov_person_saved")


def resolve(items: set[tuple]) -> set[tuple[str, int, int]]:
    """The (kind, unit id, year) triples the marked records stand for, read now (after commit)."""
    found = {t for t in items if t[0] in (PROJECTS, CREDITS, COMPLIANCE)}
    sessions = {t[1] for t in items if t[0] == SESSION}
    surveys = {t[1] for t in items if t[0] == SURVEY}
    if surveys:
        sessions |= set(Survey.objects.filter(pk__in=surveys).values_list("session_id", flat=True))
    draws = {t[1] for t in items if t[0] == DRAW}
    if draws:
        sessions |= set(
            Inspection.objects.filter(draw_id__in=draws).values_list("session_id", flat=True)
        )
    project_ids = {t[1] for t in items if t[0] == PROJECT}
    lists = {t[1] for t in items if t[0] == PUBLICATION}
    hosts = set()
    if sessions:
        hosts |= set(
            Session.objects.filter(pk__in=sessions).values_list("project__host_id", "project__year")
        )
    if project_ids or lists:
        hosts |= set(
            PublishedProject.objects.filter(pk__in=project_ids).values_list("host_id", "year")
        )
        hosts |= set(
            PublishedProject.objects.filter(publication_id__in=lists).values_list("host_id", "year")
        )
    found |= {(PROJECTS, unit, year) for unit, year in hosts if unit}
    for kind, mark_kind in ((CREDITS, PERSON_YEAR), (COMPLIANCE, STANDING)):
        found |= _people_years(kind, {(t[1], t[2]) for t in items if t[0] == mark_kind})
    return found | _all_years({t[2] for t in items if t[0] == PERSON and t[2]})


def _people_years(kind: str, pairs: set[tuple[int, int]]) -> set[tuple[str, int, int]]:
    """The (kind, unit, year) of these people's current units; a year of ``ALL_YEARS``: every
    year their unit has counts of."""
    if not pairs:
        return set()
    units = dict(Person.objects.filter(pk__in={p for p, _y in pairs}).values_list("pk", "unit_id"))
    found = {(kind, units[p], y) for p, y in pairs if y != ALL_YEARS and units.get(p)}
    every = {units.get(p) for p, y in pairs if y == ALL_YEARS} - {None}
    return found | {t for t in _all_years(every) if t[0] == kind}


def _all_years(units: set[int]) -> set[tuple[str, int, int]]:
    """Every year of these units' credit and compliance counts (someone came or went)."""
    if not units:
        return set()
    from jijiao.overview.models import ComplianceTotals, CreditSummary

    found = set()
    for kind, model in ((CREDITS, CreditSummary), (COMPLIANCE, ComplianceTotals)):
        years = model.objects.filter(unit_id__in=units).values_list("unit_id", "year")
        found |= {(kind, unit, year) for unit, year in years}
    return found
