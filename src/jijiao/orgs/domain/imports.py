"""The staff import: all rows or none."""

from dataclasses import dataclass

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock, idnumbers
from jijiao.common.errors import DomainError, require
from jijiao.common.sheets import SheetProblem
from jijiao.orgs.domain.people import person_build
from jijiao.orgs.models import Employment, Person, Unit
from jijiao.orgs.staff_sheet import read_staff_sheet


@dataclass
class ImportOutcome:
    created: int
    problems: list[SheetProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def people_import(
    *, by, unit: Unit, content: bytes, filename: str = "", progress=None
) -> ImportOutcome:
    """Import a unit's staff from the Excel template, in one transaction.

    Any bad row — unreadable, invalid ID number, duplicate, unknown department, a person already
    in the system — refuses the whole file: nothing is written and every problem comes back with
    its row and column. Side effects on success: the people, their employments, and one audit
    entry ``people.imported`` with the counts. ``progress(done, total)``, when given, hears of
    each row checked.
    """
    require(by, "orgs.import_people", unit)
    departments = {d.name: d for d in unit.departments.filter(active=True)}
    sheet = read_staff_sheet(content, known_departments=set(departments))
    problems = list(sheet.problems)
    people: list[Person] = []
    for index, (row_number, row) in enumerate(sheet.rows, start=1):
        if progress is not None:
            progress(index, len(sheet.rows))
        fields = {k: v for k, v in row.items() if k not in ("id_number", "department")}
        fields = {k: v for k, v in fields.items() if v not in ("", None)}
        try:
            person = person_build(
                id_number=row["id_number"],
                unit=unit,
                department=departments.get(row["department"]),
                **fields,
            )
        except DomainError as error:
            column = "身份证号" if error.field == "id_number" else ""
            problems.append(SheetProblem(row_number, column, error.message))
            continue
        people.append(person)
    problems.sort(key=lambda p: (p.row, p.column))
    if problems:
        return ImportOutcome(created=0, problems=problems)
    today = clock.today()
    with transaction.atomic():
        for person in people:
            person.save()
        Employment.objects.bulk_create(
            [Employment(person=p, unit=unit, started_on=today) for p in people]
        )
        record(
            "people.imported",
            actor=by,
            obj=unit,
            data={
                "file": idnumbers.mask_id_numbers_in(filename),
                "rows": len(sheet.rows),
                "created": len(people),
            },
        )
    return ImportOutcome(created=len(people), problems=[])
