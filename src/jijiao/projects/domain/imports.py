"""The office's imports: other levels' publication lists and the units' past projects.

Both are all or nothing: any bad row refuses the whole file, nothing is written and every
problem comes back with its row and column. Both are idempotent: importing the same data again
changes nothing. A successful import is one audit entry carrying its counts.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.idnumbers import mask_id_numbers_in
from jijiao.common.sheets import SheetProblem
from jijiao.orgs import roles
from jijiao.orgs.models import Person, Unit
from jijiao.projects.models import Level, PublicationList, PublishedProject
from jijiao.projects.sheets import read_history_sheet, read_list_sheet
from jijiao.records.models import PastProject

IMPORTABLE_LEVELS = (Level.NATIONAL, Level.PROVINCIAL)
LIST_FIELDS = (
    "name",
    "host_name",
    "host",
    "leader_name",
    "dates",
    "venue",
    "credits",
    "audience",
    "enrollment",
    "note",
    "discipline",
    "planned_days",
    "planned_hours",
)
HISTORY_FIELDS = (
    "number",
    "track",
    "leader",
    "held",
    "excused",
    "not_held_reason",
    "credited_persons",
    "online",
)
CHUNK = 500


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    linked: int = 0
    already: bool = False
    publication: PublicationList | None = None
    problems: list[SheetProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def unit_key(name: str) -> str:
    """Unit names as lists spell them: spaces dropped, ASCII brackets made full-width."""
    return "".join(name.split()).replace("(", "（").replace(")", "）")


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _refused(problems: list[SheetProblem]) -> ImportOutcome:
    return ImportOutcome(problems=sorted(problems, key=lambda p: (p.row, p.column)))


def publication_list_import(
    *, by, office: Unit, level: str, year: int, content: bytes, filename: str = "", title: str = ""
) -> ImportOutcome:
    """Import a national or provincial publication list so the office sees every project held
    in its region (seed 004: 115 city + 9 provincial + 2 national).

    Idempotent twice over: a file this office imported before (same SHA-256) changes nothing,
    and rows are upserted by (level, number) — new numbers are created on a new list, known
    imported ones updated in place (they stay on the list that first brought them), projects
    published from this system's own calls are never overwritten (counted as skipped). ``host``
    is linked to the unit whose name matches. A number already used for another year is a
    problem. Side effects on success: a PublicationList (imported, with the file's hash), its
    PublishedProject rows, one audit entry ``publication.imported`` with the counts.
    """
    require(by, "projects.import_list", office)
    if level not in IMPORTABLE_LEVELS:
        raise DomainError("只能导入国家级或省级项目名单", field="level")
    source_hash = hashlib.sha256(content).hexdigest()
    sheet = read_list_sheet(content)
    if sheet.problems:
        return _refused(sheet.problems)
    try:
        with transaction.atomic():
            Unit.objects.select_for_update().filter(pk=office.pk).exists()
            return _write_list(
                by=by,
                office=office,
                level=level,
                year=year,
                rows=sheet.rows,
                source_hash=source_hash,
                filename=filename,
                title=title,
            )
    except IntegrityError as error:
        raise DomainError("另一份名单正在导入同样的项目编号，请稍后重试") from error


def _write_list(*, by, office, level, year, rows, source_hash, filename, title) -> ImportOutcome:
    earlier = PublicationList.objects.filter(
        office=office, imported=True, source_hash=source_hash
    ).first()
    if earlier is not None:
        if (earlier.level, earlier.year) != (level, year):
            return _refused(
                [
                    SheetProblem(
                        0,
                        "",
                        f"该文件已于 {clock.local(earlier.published_at):%Y-%m-%d %H:%M} 作为"
                        f"{earlier.year}年{earlier.get_level_display()}名单导入，未重复导入",
                    )
                ]
            )
        return ImportOutcome(already=True, publication=earlier, unchanged=earlier.projects.count())
    numbers = [row["number"] for _, row in rows]
    known: dict[str, PublishedProject] = {}
    for part in _chunks(numbers):
        known.update(
            (p.number, p) for p in PublishedProject.objects.filter(level=level, number__in=part)
        )
    units = {unit_key(u.name): u for u in Unit.objects.all()}
    problems, new, changed = [], [], []
    outcome = ImportOutcome()
    for row_number, row in rows:
        host = units.get(unit_key(row["host_name"]))
        # host_id, not host: comparing the related object would cost a query per known row.
        values = {key: row[key] for key in LIST_FIELDS if key != "host"}
        values["host_id"] = host.pk if host else None
        outcome.linked += host is not None
        existing = known.get(row["number"])
        if existing is None:
            new.append(PublishedProject(level=level, year=year, number=row["number"], **values))
        elif existing.year != year:
            problems.append(
                SheetProblem(
                    row_number, "项目编号", f"“{row['number']}”已是 {existing.year} 年的项目编号"
                )
            )
        elif existing.application_id is not None:
            outcome.skipped += 1
        elif all(getattr(existing, key) == value for key, value in values.items()):
            outcome.unchanged += 1
        else:
            for key, value in values.items():
                setattr(existing, key, value)
            changed.append(existing)
    if problems:
        return _refused(problems)
    level_label = Level(level).label
    publication = PublicationList.objects.create(
        level=level,
        year=year,
        title=title.strip() or f"{year}年{level_label}继续医学教育项目（导入）",
        office=office,
        published_at=clock.now(),
        published_by=by,
        imported=True,
        source_hash=source_hash,
    )
    for project in new:
        project.publication = publication
    PublishedProject.objects.bulk_create(new, batch_size=CHUNK)
    PublishedProject.objects.bulk_update(changed, LIST_FIELDS, batch_size=CHUNK)
    outcome.publication, outcome.created, outcome.updated = publication, len(new), len(changed)
    record(
        "publication.imported",
        actor=by,
        obj=publication,
        data={
            "file": mask_id_numbers_in(filename),
            "sha256": source_hash,
            "level": level,
            "year": year,
            "rows": len(rows),
            "created": outcome.created,
            "updated": outcome.updated,
            "unchanged": outcome.unchanged,
            "skipped": outcome.skipped,
            "linked": outcome.linked,
        },
    )
    return outcome


def past_projects_import(
    *, by, office: Unit, content: bytes, filename: str = "", unit: Unit | None = None
) -> ImportOutcome:
    """Import the units' projects of past years (seed 000 附件3/附件4 as rows) so the quota
    (``APP_UNIT_QUOTA``: completed projects per year) and the leader rules
    (``APP_PI_UNEXECUTED``) work from the first call.

    Each row names its unit (or the file is for ``unit``, chosen on the form); the unit must be
    in the office's jurisdiction. The leader is linked to the person of that unit whose name
    matches uniquely; an earlier link is kept when the name no longer matches uniquely.
    Idempotent: rows are upserted on (unit, year, level, name, leader), the model's uniqueness.
    Side effects on success: PastProject rows created or updated, one audit entry
    ``past_projects.imported`` with the counts.
    """
    require(by, "projects.import_history", office)
    jurisdiction = roles.units_in_jurisdiction({office.pk})
    if unit is not None and not jurisdiction.filter(pk=unit.pk).exists():
        raise DomainError(f"{unit.name} 不在本辖区内", field="unit")
    sheet = read_history_sheet(content, this_year=clock.today().year)
    if sheet.problems:
        return _refused(sheet.problems)
    units = {unit_key(u.name): u for u in jurisdiction}
    problems, resolved = [], []
    for row_number, row in sheet.rows:
        if row["unit"]:
            row_unit = units.get(unit_key(row["unit"]))
            if row_unit is None:
                problems.append(
                    SheetProblem(row_number, "举办单位", f"“{row['unit']}”不是本辖区的单位")
                )
                continue
            if unit is not None and row_unit != unit:
                problems.append(
                    SheetProblem(row_number, "举办单位", f"与导入页选择的单位“{unit.name}”不一致")
                )
                continue
        elif unit is None:
            problems.append(SheetProblem(row_number, "举办单位", "不能为空（或在导入页选择单位）"))
            continue
        else:
            row_unit = unit
        resolved.append((row_number, row_unit, row))
    if problems:
        return _refused(problems)
    with transaction.atomic():
        outcome = _write_history(resolved)
        record(
            "past_projects.imported",
            actor=by,
            obj=office,
            data={
                "file": mask_id_numbers_in(filename),
                "sha256": hashlib.sha256(content).hexdigest(),
                "rows": len(resolved),
                "units": len({u.pk for _, u, _ in resolved}),
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
                "linked": outcome.linked,
            },
        )
    return outcome


def _leaders(resolved) -> dict[tuple[int, str], Person]:
    """The person of the unit with that name, where exactly one has it."""
    names = {row["leader_name"] for _, _, row in resolved}
    unit_ids = {u.pk for _, u, _ in resolved}
    found: dict[tuple[int, str], list[Person]] = defaultdict(list)
    for part in _chunks(sorted(names)):
        for person in Person.objects.filter(unit_id__in=unit_ids, name__in=part):
            found[(person.unit_id, person.name)].append(person)
    return {key: people[0] for key, people in found.items() if len(people) == 1}


def _write_history(resolved) -> ImportOutcome:
    outcome = ImportOutcome()
    leaders = _leaders(resolved)
    existing_rows = PastProject.objects.select_for_update().filter(
        unit_id__in={u.pk for _, u, _ in resolved},
        year__in={row["year"] for _, _, row in resolved},
    )
    existing_by_key = {
        (p.unit_id, p.year, p.level, p.name, p.leader_name): p for p in existing_rows
    }
    for _, unit, row in resolved:
        key = (unit.pk, row["year"], row["level"], row["name"], row["leader_name"])
        existing = existing_by_key.get(key)
        leader = leaders.get((unit.pk, row["leader_name"]))
        if leader is None and existing is not None:
            leader = existing.leader
        outcome.linked += leader is not None
        values = {
            "number": row["number"],
            "track": row["track"],
            "leader": leader,
            "held": row["held"],
            "excused": bool(row["excused"]) and not row["held"],
            "not_held_reason": row["reason"],
            "credited_persons": row["credited"],
            "online": row["online"],
        }
        if existing is None:
            PastProject.objects.create(
                unit=unit,
                year=row["year"],
                level=row["level"],
                name=row["name"],
                leader_name=row["leader_name"],
                source="历年项目导入",
                **values,
            )
            outcome.created += 1
        elif all(getattr(existing, name) == value for name, value in values.items()):
            outcome.unchanged += 1
        else:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save(update_fields=list(HISTORY_FIELDS))
            outcome.updated += 1
    return outcome
