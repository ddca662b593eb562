"""Records the application rules read, kept by the office: unexecuted projects with their
reasons (``APP_PI_UNEXECUTED``), research-integrity records (``APP_INTEGRITY_RECORD``) and
execution misconduct (``APP_PI_EXECUTION_MISCONDUCT``)."""

import datetime as dt

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.vocab import Level, Track
from jijiao.orgs.models import Person, Unit
from jijiao.records.models import PastProject, PersonRecord


def _snapshot(project: PastProject) -> dict:
    return {
        "number": project.number,
        "held": project.held,
        "excused": project.excused,
        "reason": project.not_held_reason,
        "leader": project.leader_id,
    }


@transaction.atomic
def unexecuted_record(
    *,
    by,
    leader: Person,
    year: int,
    level: str,
    name: str,
    reason: str,
    excused: bool,
    number: str = "",
    track: str = Track.NEW,
    unit: Unit | None = None,
) -> PastProject:
    """The office records that an approved project was not held, why, and whether the reason
    is valid (an unexcused one bars the leader under ``APP_PI_UNEXECUTED``).

    The project belongs to ``unit`` (default: the leader's unit); the office must oversee both
    the leader and the unit. Recording the same project again (same unit, year, level, name and
    leader) corrects the earlier record instead of adding one. Side effects: a PastProject with
    ``held`` false (created or updated), audit ``past_project.unexecuted`` with before/after.
    """
    require(by, "records.record_for_person", leader)
    unit = unit or leader.unit
    require(by, "records.record_for_unit", unit)
    name, reason, number = name.strip(), reason.strip(), number.strip()
    if not name:
        raise DomainError("请填写项目名称", field="name")
    if not reason:
        raise DomainError("请填写未举办原因", field="reason")
    if level not in Level.values:
        raise DomainError("项目级别无效", field="level")
    if not 2000 <= year <= clock.today().year:
        raise DomainError(f"年度应为 2000–{clock.today().year}", field="year")
    project, created = PastProject.objects.select_for_update().get_or_create(
        unit=unit,
        year=year,
        level=level,
        name=name,
        leader_name=leader.name,
        defaults={"held": False, "source": "继教办登记"},
    )
    before = None if created else _snapshot(project)
    project.number = number or project.number
    project.track = track
    project.leader = leader
    project.held = False
    project.excused = excused
    project.not_held_reason = reason
    project.credited_persons = None
    project.save()
    record(
        "past_project.unexecuted",
        actor=by,
        obj=project,
        data={"unit": unit.name, "before": before, "after": _snapshot(project)},
    )
    return project


@transaction.atomic
def person_record_add(*, by, person: Person, kind: str, date: dt.date, note: str) -> PersonRecord:
    """Record a research-integrity record or execution misconduct against a person in the
    office's jurisdiction, dated when it was found (the rules count N years back from it).

    Side effects: a PersonRecord, audit ``person_record.added``.
    """
    require(by, "records.record_for_person", person)
    if kind not in PersonRecord.Kind.values:
        raise DomainError("记录类型无效", field="kind")
    if date > clock.today():
        raise DomainError("日期不能晚于今天", field="date")
    note = note.strip()
    if not note:
        raise DomainError("请写明情况说明", field="note")
    entry = PersonRecord.objects.create(
        person=person,
        kind=kind,
        date=date,
        note=note,
        recorded_by=by,
        recorded_at=clock.now(),
    )
    record(
        "person_record.added",
        actor=by,
        obj=entry,
        data={"person": person.pk, "kind": kind, "date": date.isoformat(), "note": note},
    )
    return entry


@transaction.atomic
def person_record_withdraw(*, by, entry: PersonRecord, reason: str) -> None:
    """Withdraw a record entered in error. The audit entry keeps what it said and why it was
    withdrawn, so nothing is lost. Side effects: the PersonRecord deleted, audit
    ``person_record.withdrawn``."""
    require(by, "records.withdraw_person_record", entry)
    if not reason.strip():
        raise DomainError("请写明撤销原因", field="reason")
    data = {
        "person": entry.person_id,
        "kind": entry.kind,
        "date": entry.date.isoformat(),
        "note": entry.note,
        "reason": reason.strip(),
    }
    label = str(entry)
    record("person_record.withdrawn", actor=by, obj=entry.person, data=data | {"record": label})
    entry.delete()
