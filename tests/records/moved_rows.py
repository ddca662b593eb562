"""Run in a fresh process on an empty SQLite file (``python -m tests.records.moved_rows URL``):
migrate to the state before records 0001, write a person record and a past project through the
old ``projects`` models, migrate forward and print what the ``records`` models read, as JSON.

Outside the test process, so the migrations run as ``jijiao manage migrate`` would run them and
the test database of the suite is left alone."""

import datetime as dt
import json
import os
import sys


def main(database_url: str) -> None:
    os.environ["JIJIAO_DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.db import IntegrityError, connection, transaction
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = [node for node in leaves if node[0] not in ("projects", "records")]
    before += [("projects", "0005_declared_fields_and_attachment_kinds"), ("records", None)]
    executor.migrate(before)

    from tests.factories import AccountFactory, PersonFactory, UnitFactory

    unit, person, account = UnitFactory(), PersonFactory(), AccountFactory()
    old = executor.loader.project_state(("projects", "0005_declared_fields_and_attachment_kinds"))
    old.apps.get_model("projects", "PersonRecord").objects.create(
        person_id=person.pk,
        kind="misconduct",
        date=dt.date(2024, 3, 1),
        note="签到造假",
        recorded_by_id=account.pk,
        recorded_at=dt.datetime(2024, 3, 2, 9, 0, tzinfo=dt.UTC),
    )
    old.apps.get_model("projects", "PastProject").objects.create(
        unit_id=unit.pk,
        year=2023,
        level="provincial",
        number="2023-03-01-007",
        name="基层高血压规范化管理培训班",
        track="refiling",
        leader_name=person.name,
        leader_id=person.pk,
        held=False,
        excused=True,
        not_held_reason="疫情停办",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)

    from jijiao.records.models import PastProject, PersonRecord

    entry = PersonRecord.objects.get()
    past = PastProject.objects.get()
    try:
        with transaction.atomic():
            PastProject.objects.create(
                unit=unit,
                year=2023,
                level="provincial",
                name=past.name,
                leader_name=person.name,
                held=True,
            )
        duplicate_refused = False
    except IntegrityError:
        duplicate_refused = True
    print(
        json.dumps(
            {
                "record": [
                    entry.person_id == person.pk,
                    entry.recorded_by_id == account.pk,
                    entry.date.isoformat(),
                    entry.get_kind_display(),
                    entry.note,
                ],
                "person_records": list(person.records.values_list("pk", flat=True)),
                "record_pk": entry.pk,
                "past": [
                    past.unit_id == unit.pk,
                    past.leader_id == person.pk,
                    past.year,
                    past.number,
                    past.get_level_display(),
                    past.get_track_display(),
                    past.held,
                    past.excused,
                    past.not_held_reason,
                ],
                "unit_past": list(unit.past_projects.values_list("pk", flat=True)),
                "past_pk": past.pk,
                "duplicate_refused": duplicate_refused,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
