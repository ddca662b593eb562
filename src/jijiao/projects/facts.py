"""From the records to the plain document the application rules read (contract.md).

The workflow and the precheck run the same rules: this module only gathers facts. What the
system does not know is left out, so the rule that needs it is not applied.
"""

from typing import Any, Protocol

from django.db.models import Q

from jijiao.common import clock
from jijiao.credits.chain import county_level_of
from jijiao.orgs.facts import unit_facts as selector_unit_facts
from jijiao.orgs.models import Person
from jijiao.projects.models import Application, PublishedProject
from jijiao.records.models import PersonRecord

NOT_COUNTED = (Application.State.DRAFT, Application.State.REJECTED)


def _dates(person: Person | None, kind: str) -> list[dict[str, str]]:
    if person is None:
        return []
    return [{"date": r.date.isoformat()} for r in person.records.filter(kind=kind).order_by("date")]


class YearsBehind(Protocol):
    """What the application rules read about earlier years, served by the apps that own it:
    the one history of held / not-held / excused projects (jijiao.execution.history) and the
    confirmed sanctions (jijiao.hosting). The projects app imports neither: the provider is
    registered by its owner (``serve_years_behind``, from ``ExecutionConfig.ready``)."""

    def unit_facts(self, application: Application, quota_years: list[int] | None) -> dict:
        """``first_time``, ``completed_projects`` (per quota year), ``sanctions`` (disciplines
        barred), ``quota_cut`` and ``quota_cut_share`` of the application's unit."""
        ...

    def pi_facts(self, application: Application) -> dict:
        """``unexecuted_projects`` and ``sanctions`` (bars) of the application's PI."""
        ...

    def past_projects(self, application: Application) -> list[dict]:
        """The unit's approved projects of earlier years at the call's level (imported and
        decided here), each with ``year``, ``name``, ``number``, ``approved``, ``held`` and
        ``reported`` as far as they are known (APP_PAST_PROJECT)."""
        ...

    def execution_record(self, application: Application) -> dict:
        """The unit's and the PI's execution record per year, shown at review."""
        ...

    def year_summaries(self, units: list, year: int, level: str) -> list:
        """The 附件3/附件4 summaries (jijiao.projects.summaries.UnitYearSummary) of the units."""
        ...


_years_behind: list[YearsBehind] = []


def serve_years_behind(provider: YearsBehind) -> None:
    """Register the provider of earlier years' facts (one; a second replaces the first)."""
    _years_behind[:] = [provider]


def years_behind() -> YearsBehind:
    if not _years_behind:
        raise RuntimeError("没有登记历年执行情况的提供方（jijiao.execution 未安装？）")
    return _years_behind[0]


def teacher_facts(application: Application, row) -> dict[str, Any] | None:
    if not row.teacher_person_id and not row.teacher_name:
        return None
    person = row.teacher_person
    if person is not None:
        return {
            "name": person.name,
            "is_pi": person.pk == application.pi_id,
            "title": person.title_level or None,
            "own_unit": person.unit_id == application.unit_id,
            "discipline": person.specialty or None,
            "integrity_records": _dates(person, PersonRecord.Kind.INTEGRITY),
        }
    return {
        "name": row.teacher_name,
        "is_pi": row.teacher_name == application.pi.name,
        "title": row.teacher_title or None,
        "own_unit": row.teacher_unit.strip() == application.unit.name,
        "discipline": row.teacher_specialty or None,
    }


def application_document(
    application: Application,
    *,
    policy=None,
    submitted_at=None,
    recommending: bool = False,
    courses=None,
) -> dict[str, Any]:
    """The ``application`` document for the rules. ``recommending`` adds the unit's count of
    other recommended applications, which only the recommendation step checks (APP_UNIT_QUOTA
    limits recommendations, not submissions). ``courses`` (unsaved CourseRows, in order) stand
    in for the stored schedule: the live panel checks a form before it is saved."""
    call, unit, pi = application.call, application.unit, application.pi
    quota_years = None
    if policy is not None:
        quota_rule = policy.rule("application", call.level, "APP_UNIT_QUOTA")
        quota_years = list(quota_rule.get("years") or []) if quota_rule else None
    unit_facts: dict[str, Any] = {
        "name": unit.name,
        "licence_status": unit.licence_status,
        "is_medical": unit.is_medical,
        **years_behind().unit_facts(application, quota_years),
        # What a pack's cases select on: category, level, division, under a county office.
        **selector_unit_facts(unit, county_level=county_level_of(unit)),
    }
    if recommending:
        unit_facts["applications_in_call"] = (
            Application.objects.filter(call=call, unit=unit, state__in=RECOMMENDED_OR_LATER)
            .exclude(pk=application.pk)
            .count()
        )
    others_in_call = Application.objects.filter(call=call, pi=pi).exclude(pk=application.pk)
    project = {
        "name": application.name,
        "summary": application.summary,
        "level": call.level,
        "track": application.track,
        "theme_kind": application.theme_kind,
        "discipline": application.discipline or None,
        "format": application.format,
        "sessions": application.sessions,
        "enrollment_per_session": application.enrollment_per_session,
        "venue": application.venue or None,
        "venue_is_own_unit": application.venue_is_own_unit,
        "requested_credits": (
            float(application.requested_credits)
            if application.requested_credits is not None
            else None
        ),
        "out_of_province_trainees": application.out_of_province_trainees,
        "year": call.year,
        # The fields the pack declares (APP_FIELD_MISSING), as entered.
        "fields": dict(application.declared_fields or {}),
    }
    pi_facts = {
        "name": pi.name,
        "birth_date": pi.birth_date.isoformat(),
        # 在职（岗）: on the unit's staff and in service by the person's record (seed 000 一.1).
        "is_unit_staff": pi.unit_id == unit.pk and pi.employment_status == Person.Employment.ACTIVE,
        "employment": pi.get_employment_status_display(),
        "title": pi.title_level or None,
        "title_series": pi.title_series or None,
        "job_type": pi.job_type or None,
        "discipline": pi.specialty or None,
        "applications_in_call": others_in_call.exclude(state__in=NOT_COUNTED).count(),
        "integrity_records": _dates(pi, PersonRecord.Kind.INTEGRITY),
        "execution_misconduct": _dates(pi, PersonRecord.Kind.MISCONDUCT),
        **years_behind().pi_facts(application),
    }
    if courses is None:
        courses = application.courses.select_related("teacher_person").order_by("position")
    course_facts = [
        {
            "topic": row.topic,
            "kind": row.kind,
            "minutes": row.minutes,
            "discipline": row.discipline or None,
            "teacher": teacher_facts(application, row),
        }
        for row in courses
    ]
    return {
        "submitted_at": (submitted_at or clock.now()).isoformat(),
        "unit": unit_facts,
        "project": project,
        "pi": pi_facts,
        "courses": course_facts,
        "others": comparable_projects(application),
        "attachments": [
            {"kind": a.kind or None, "name": a.original_name} for a in application.attachments.all()
        ],
        "history": past_projects(application),
    }


RECOMMENDED_OR_LATER = (
    Application.State.RECOMMENDED,
    Application.State.UNDER_REVIEW,
    Application.State.APPROVED,
)


def past_projects(application: Application) -> list[dict[str, Any]]:
    """The unit's projects of past years at the call's level (APP_PAST_PROJECT): the one history
    of imported and published projects (held, reported), and the approved applications of earlier
    calls it does not hold yet (not published)."""
    unit, level, year = application.unit, application.call.level, application.call.year
    rows = years_behind().past_projects(application)
    known = {(r["year"], r["number"] or r["name"]) for r in rows}
    known |= {(r["year"], r["name"]) for r in rows}
    earlier = Application.objects.filter(
        unit=unit, call__level=level, call__year__lt=year, state=Application.State.APPROVED
    ).select_related("call")
    rows += [
        {"year": a.call.year, "name": a.name, "number": a.number or None, "approved": True}
        for a in earlier
        if (a.call.year, a.number or a.name) not in known and (a.call.year, a.name) not in known
    ]
    return rows


def comparable_projects(application: Application) -> list[dict[str, str]]:
    """Other applications of the call and projects published this year or last (duplicates)."""
    year = application.call.year
    in_call = (
        Application.objects.filter(call=application.call)
        .exclude(pk=application.pk)
        .exclude(state=Application.State.DRAFT)
        .values_list("name", "summary")
    )
    published = PublishedProject.objects.filter(
        Q(year=year) | Q(year=year - 1), level=application.call.level
    ).values_list("name", "note")
    return [{"name": n, "summary": s or ""} for n, s in [*in_call, *published]]
