"""What the execution domain functions share: the prefilled report, locking, persons by name."""

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.engine.rules.numbers import half_up
from jijiao.execution.facts import current_values, host_province, report_of
from jijiao.execution.models import ExecutionReport, ReportTopic
from jijiao.hosting.models import Session
from jijiao.orgs.models import Person
from jijiao.policy.access import get_policy


def teacher_person(session: Session, name: str, known: dict[str, Person]) -> Person | None:
    """The person a teacher's name stands for: one the session already knows by that name,
    else the only person of that name at the host unit (an imported project has no schedule
    of people); ``None`` when unknown or ambiguous."""
    if name in known:
        return known[name]
    host = session.project.host
    if host is None or not name:
        return None
    matches = list(Person.objects.filter(unit=host, name=name)[:2])
    return matches[0] if len(matches) == 1 else None


def known_teachers(session: Session, report: ExecutionReport | None = None) -> dict[str, Person]:
    """Teachers the system knows by name for this session: the leader, the schedule's
    teachers of the application, and those already linked on the report."""
    found: dict[str, Person] = {}
    application = getattr(session.project, "application", None)
    if application is not None:
        found[application.pi.name] = application.pi
        for course in application.courses.select_related("teacher_person"):
            if course.teacher_person is not None:
                found.setdefault(course.teacher_person.name, course.teacher_person)
    if report is not None and report.pk is not None:
        for topic in report.topics.select_related("teacher_person"):
            if topic.teacher_person is not None:
                found.setdefault(topic.teacher_name, topic.teacher_person)
    return found


def _hours(minutes: int, minutes_per_hour) -> Decimal | None:
    if not minutes_per_hour:
        return None
    value = half_up(Fraction(minutes, int(minutes_per_hour)), 2)
    return Decimal(value.numerator) / Decimal(value.denominator)


def prefilled_topics(session: Session) -> list[dict]:
    """附件2 教学情况 from the approved schedule, kept to the teachers the session now lists (a
    teacher changed after filing drops out) plus a row per teacher added since; 学时 from the
    minutes when the pack sets the length of a 学时."""
    current = session.teacher_names
    application = getattr(session.project, "application", None)
    known = known_teachers(session)
    rows: list[dict] = []
    if application is not None:
        per_hour = get_policy(session.policy_id).get(
            "credits", session.project.level, "minutes_per_hour"
        )
        for course in application.courses.exclude(kind="non_teaching").order_by("position"):
            name = course.teacher_person.name if course.teacher_person else course.teacher_name
            if current and name not in current:
                continue
            rows.append(
                {
                    "topic": course.topic,
                    "teacher_name": name,
                    "hours": _hours(course.minutes, per_hour),
                    "teacher_person": course.teacher_person,
                }
            )
    listed = {row["teacher_name"] for row in rows}
    for name in current:
        if name not in listed:
            rows.append(
                {
                    "topic": "",
                    "teacher_name": name,
                    "hours": None,
                    "teacher_person": teacher_person(session, name, known),
                }
            )
    return rows


def report_for(session: Session) -> ExecutionReport:
    """The session's report, or an unsaved one pre-filled from the session as it stands (the
    filing and its recorded changes)."""
    existing = report_of(session)
    if existing is not None:
        return existing
    values = current_values(session)
    return ExecutionReport(
        session=session,
        held=True,
        actual_start=values["starts_at"].date(),
        actual_end=values["ends_at"].date(),
        actual_days=values["days"],
        venue=values["venue"],
        venue_province=host_province(session),
        scenic_area=values["scenic_area"],
        format=values["format"],
        policy_id=session.policy_id,
    )


def lock_report(session: Session) -> ExecutionReport:
    """Take the session's row lock and return its report (saved, pre-filled on first use)."""
    Session.objects.select_for_update().filter(pk=session.pk).exists()
    report = report_for(session)
    if report.pk is None:
        now = clock.now()
        report.created_at = report.updated_at = now
        report.save()
        ReportTopic.objects.bulk_create(
            [
                ReportTopic(report=report, position=index, **row)
                for index, row in enumerate(prefilled_topics(session), start=1)
                if row["topic"] or row["teacher_name"]
            ]
        )
    else:
        report = ExecutionReport.objects.select_for_update().get(pk=report.pk)
    return report


def editable(session: Session) -> ExecutionReport:
    report = lock_report(session)
    if not report.editable:
        raise DomainError(f"执行情况{report.get_state_display()}，不能修改")
    return report


def decimal_or_none(value, label: str, places: int = 2) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise DomainError(f"{label}“{value}”不是数字", field=label) from None
    if number < 0:
        raise DomainError(f"{label}不能为负数", field=label)
    quantum = Decimal(1).scaleb(-places)
    if number != number.quantize(quantum):
        raise DomainError(f"{label}最多保留 {places} 位小数", field=label)
    return number.quantize(quantum)
