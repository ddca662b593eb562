"""Bulk import of ledger rows from CSV: an office (or an integration acting for it) moving a
previous platform's history, or a provincial exchange, into the ledger.

All or nothing: one bad row — an ID number failing the GB 11643 check digit, a person the
system does not know, a name not matching the ID number, a person outside the office's
jurisdiction, a bad date, category or number, a year the city has not set, the same activity
twice — refuses the whole file with every problem's row number, column and reason, and writes
nothing. Idempotent: every row has a natural key (``import_csv.row_key``) stored as its
``source_id``; a row already in the ledger is counted as existing and not added again, so a
second import of the same file inserts nothing.

Two paths with the same results. On PostgreSQL the file is streamed with ``COPY … FROM STDIN``
into a temporary staging table (ID numbers checked and hashed in Python on the way, never
stored), checked there in SQL (person by keyed hash, name, jurisdiction, duplicates) and
inserted with ``INSERT … SELECT … ON CONFLICT DO NOTHING`` on the key. Elsewhere (SQLite) the
rows go in batches through the ORM.
"""

import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import BinaryIO

from django.db import connection, transaction

from jijiao.audit_log.log import record
from jijiao.common import clock, filetypes
from jijiao.common.errors import require
from jijiao.common.sheets import SheetProblem
from jijiao.credits.import_csv import ImportRow, Problems, read_rows
from jijiao.credits.models import ApprovalStep, CreditYear, LedgerEntry
from jijiao.credits.summaries import mark
from jijiao.orgs import roles
from jijiao.orgs.models import Person, Unit
from jijiao.policy.access import policy_for_decision

log = logging.getLogger(__name__)
IMPORT = "import"
BATCH = 2000
MAX_PROBLEMS = 100
UNKNOWN = "系统中没有该证件号码的人员"
WRONG_NAME = "与证件号码对应的人员姓名不一致"
OUTSIDE = "该人员当前不在本市继教办管辖的单位"


def duplicate(first: int) -> str:
    return f"与第 {first} 行是同一人的同一活动（日期、类别、类型、名称、项目编号均相同）"


@dataclass
class ImportOutcome:
    """What an import did: the file's data rows, those added and those already in the ledger;
    or, for a refused file, the problems (the first ``MAX_PROBLEMS`` by row) and their count
    (``rows`` then counts the rows that read well)."""

    rows: int = 0
    created: int = 0
    existing: int = 0
    problems: list[SheetProblem] = field(default_factory=list)
    problem_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.problem_count


@dataclass
class _Context:
    """What every row of one import shares."""

    by: object
    office: Unit
    batch: str
    now: object
    units: frozenset[int]
    pack_ids: dict[int, str]  # year → the pack the city set for it
    reason: str
    packs: dict[int, tuple[str, str]] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def pack(self, year: int) -> tuple[str, str]:
        """The year's pack id and content hash, pinned (``policy_for_decision``) on first use:
        only the years the file has rows of."""
        if year not in self.packs:
            policy = policy_for_decision(
                self.pack_ids[year], used_by=f"学分导入:{self.office.name}"[:120]
            )
            self.packs[year] = (policy.id, policy.content_hash)
        return self.packs[year]

    def step_data(self, line: int) -> dict:
        return {"import": self.batch, "line": line}

    def phase(self, name: str) -> None:
        """Seconds since the import started, at DEBUG (the benchmark shows where time goes)."""
        log.debug("import %s: %s at %.2f s", self.batch, name, time.perf_counter() - self.started)


def _counted(rows: Iterator[ImportRow], outcome: ImportOutcome) -> Iterator[ImportRow]:
    for row in rows:
        outcome.rows += 1
        yield row


@transaction.atomic
def ledger_rows_import(
    *, by, office: Unit, stream: BinaryIO, filename: str = "", source: str = ""
) -> ImportOutcome:
    """Import the CSV ``stream`` (columns of ``import_csv.COLUMNS``) into the ledger for people
    of ``office``'s jurisdiction, all rows or none.

    Rows go in approved (they were approved on the platform they come from), entered by
    ``by``, at the person's current unit, under the pack the city set for their year, with a
    ``granted`` step naming the file and the row. ``source`` names the previous platform for
    the trail. Side effects on success: the new rows and their steps; one audit entry
    ``credits.ledger_imported`` with the counts (no ID number: the rows carry none); after
    commit, the people's compliance summaries of the years imported are recomputed
    (``credits.summaries_refresh``). A refused file writes nothing, not even the audit entry.
    """
    require(by, "credits.import_ledger", office)
    context = _Context(
        by=by,
        office=office,
        batch=uuid.uuid4().hex[:12],
        now=clock.now(),
        units=frozenset(roles.units_in_jurisdiction({office.pk}).values_list("pk", flat=True)),
        pack_ids=dict(CreditYear.objects.filter(office=office).values_list("year", "policy_id")),
        reason=f"自{source or '原平台'}导入（{filename or 'CSV'}）"[:500],
    )
    problems = Problems(keep=MAX_PROBLEMS)
    outcome = ImportOutcome()
    found = filetypes.sniff(stream)
    if found not in (filetypes.TEXT, filetypes.CSV):
        message = f"只能导入 CSV 文件；收到的是{filetypes.spaced(found.label)}文件"
        return ImportOutcome(problems=[SheetProblem(0, "", message)], problem_count=1)
    rows = _counted(
        read_rows(stream, years=set(context.pack_ids), today=clock.today(), problems=problems),
        outcome,
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            created = _copy_path(rows, context, problems)
        else:
            created = _batched_path(rows, context, problems)
        if problems.count or not outcome.rows:
            if not problems.count:
                problems.add(0, "", "文件中没有任何数据行")
            transaction.set_rollback(True)
            outcome.problems, outcome.problem_count = problems.merged(), problems.count
            return outcome
    outcome.created, outcome.existing = created, outcome.rows - created
    record(
        "credits.ledger_imported",
        actor=by,
        obj=office,
        data={
            "file": filename,
            "source": source,
            "batch": context.batch,
            "rows": outcome.rows,
            "created": outcome.created,
            "existing": outcome.existing,
            "years": sorted(context.packs),
            "packs": sorted({pack_id for pack_id, _ in context.packs.values()}),
            "path": "copy" if connection.vendor == "postgresql" else "batched",
        },
    )
    context.phase("done")
    return outcome


# ---------------------------------------------------------------------------------------------
# PostgreSQL: COPY into a staging table, checks in SQL, one INSERT … ON CONFLICT DO NOTHING.

STAGE_COLUMNS = (
    "line",
    "id_hash",
    "name",
    "year",
    "activity_date",
    "credit_class",
    "credit_level",
    "activity_type",
    "title",
    "hours",
    "credits",
    "project_number",
    "source_id",
)
COPY_STAGE = f"COPY credits_import_stage ({', '.join(STAGE_COLUMNS)}) FROM STDIN"


def _copy_path(rows: Iterable[ImportRow], context: _Context, problems: Problems) -> int:
    with connection.cursor() as cursor:
        # Sorting and grouping a million keys is done in memory, not in temporary files.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("DROP TABLE IF EXISTS credits_import_stage, credits_import_years")
        cursor.execute(
            """CREATE TEMPORARY TABLE credits_import_stage (
                line integer NOT NULL, id_hash varchar(64) NOT NULL, name varchar(40) NOT NULL,
                year smallint NOT NULL, activity_date date NOT NULL,
                credit_class varchar(8) NOT NULL, credit_level varchar(12) NOT NULL,
                activity_type varchar(20) NOT NULL, title varchar(200) NOT NULL,
                hours numeric(6, 2), credits numeric(5, 1) NOT NULL,
                project_number varchar(60) NOT NULL, source_id varchar(160) NOT NULL
            ) ON COMMIT DROP"""
        )
        with cursor.cursor.copy(COPY_STAGE) as copy:
            for row in rows:
                copy.write_row(row)
        context.phase(f"{problems.count} problems while reading, rows staged")
        # Even when the file is refused already, the SQL checks run, so that one report names
        # every bad row; the caller then rolls the transaction back.
        cursor.execute("ANALYZE credits_import_stage")
        _sql_problems(cursor, context, problems)
        context.phase(f"{problems.count} problems after the SQL checks")
        if problems.count:
            return 0
        cursor.execute("SELECT DISTINCT year FROM credits_import_stage")
        years = [year for (year,) in cursor.fetchall()]
        cursor.execute(
            "CREATE TEMPORARY TABLE credits_import_years (year smallint PRIMARY KEY,"
            " policy_id varchar(80),"
            " policy_hash varchar(64)) ON COMMIT DROP"
        )
        cursor.executemany(
            "INSERT INTO credits_import_years VALUES (%s, %s, %s)",
            [(year, *context.pack(year)) for year in years],
        )
        cursor.execute(
            """WITH new AS (
                INSERT INTO credits_ledgerentry (
                    person_id, unit_id, year, activity_date, credit_class, credit_level, source,
                    activity_type, title, project_number, hours, credits, entry_method, remote,
                    details, status, chain, stage_index, valid, void_reason, policy_id,
                    policy_hash, entry_findings, source_type, source_id, entered_by_id,
                    entered_at, decided_at
                )
                SELECT p.id, p.unit_id, s.year, s.activity_date, s.credit_class, s.credit_level,
                    %(source)s, s.activity_type, s.title, s.project_number, s.hours, s.credits,
                    %(method)s, false, '{}'::jsonb, %(status)s, '[]'::jsonb, 0, true, '',
                    y.policy_id, y.policy_hash, '[]'::jsonb, %(source_type)s, s.source_id,
                    %(by)s, %(now)s, %(now)s
                FROM credits_import_stage s
                JOIN orgs_person p ON p.id_hash = s.id_hash
                JOIN credits_import_years y ON y.year = s.year
                ORDER BY p.id, s.line
                ON CONFLICT (person_id, source_type, source_id) WHERE NOT (source_id = '')
                DO NOTHING
                RETURNING id, source_id, person_id
            )
            INSERT INTO credits_approvalstep (
                entry_id, stage, actor_id, actor_label, action, reason, at, from_status,
                to_status, data
            )
            SELECT new.id, '', %(by)s, %(label)s, %(action)s, %(reason)s, %(now)s, '',
                %(status)s, jsonb_build_object('import', %(batch)s::text, 'line', s.line)
            FROM new
            JOIN orgs_person p ON p.id = new.person_id
            JOIN credits_import_stage s ON s.id_hash = p.id_hash AND s.source_id = new.source_id""",
            {
                "source": LedgerEntry.Source.IMPORT,
                "method": LedgerEntry.Method.IMPORT,
                "status": LedgerEntry.Status.APPROVED,
                "source_type": IMPORT,
                "by": _pk(context.by),
                "now": context.now,
                "label": _label(context.by),
                "action": ApprovalStep.Action.GRANTED,
                "reason": context.reason,
                "batch": context.batch,
            },
        )
        created = cursor.rowcount
        context.phase(f"{created} rows and steps inserted")
        cursor.execute("DROP TABLE credits_import_stage, credits_import_years")
    return created


def _sql_problems(cursor, context: _Context, problems: Problems) -> None:
    """Unknown people, names not matching, people outside the jurisdiction, the same activity
    twice in the file — each with its row number, the first ``MAX_PROBLEMS`` of each kind."""
    cursor.execute(
        """SELECT s.line,
                CASE WHEN p.id IS NULL THEN 1 WHEN p.name <> s.name THEN 2 ELSE 3 END,
                count(*) OVER ()
            FROM credits_import_stage s LEFT JOIN orgs_person p ON p.id_hash = s.id_hash
            WHERE p.id IS NULL OR p.name <> s.name OR p.unit_id IS NULL
                OR NOT (p.unit_id = ANY(%s))
            ORDER BY s.line LIMIT %s""",
        [sorted(context.units), MAX_PROBLEMS],
    )
    found = cursor.fetchall()
    messages = {1: ("证件号码", UNKNOWN), 2: ("姓名", WRONG_NAME), 3: ("证件号码", OUTSIDE)}
    for line, kind, _ in found:
        problems.add(line, *messages[kind])
    if found:
        problems.count += found[0][2] - len(found)
    cursor.execute(
        """SELECT line, first, count(*) OVER () FROM (
                SELECT line, min(line) OVER (PARTITION BY id_hash, source_id) AS first
                FROM credits_import_stage
                WHERE (id_hash, source_id) IN (
                    SELECT id_hash, source_id FROM credits_import_stage
                    GROUP BY id_hash, source_id HAVING count(*) > 1
                )
            ) twice
            WHERE line <> first ORDER BY line LIMIT %s""",
        [MAX_PROBLEMS],
    )
    found = cursor.fetchall()
    for line, first, _ in found:
        problems.add(line, "活动名称", duplicate(first))
    if found:
        problems.count += found[0][2] - len(found)


# ---------------------------------------------------------------------------------------------
# Elsewhere (SQLite): the same checks and rows through the ORM, a batch at a time.


def _batched_path(rows: Iterable[ImportRow], context: _Context, problems: Problems) -> int:
    created = 0
    seen: dict[tuple[int, str], int] = {}
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        people = {
            p.id_hash: p
            for p in Person.objects.filter(id_hash__in={r.id_hash for r in batch}).only(
                "id", "id_hash", "name", "unit_id"
            )
        }
        ready = []
        for row in batch:
            person = people.get(row.id_hash)
            if person is None:
                problems.add(row.line, "证件号码", UNKNOWN)
            elif person.name != row.name:
                problems.add(row.line, "姓名", WRONG_NAME)
            elif person.unit_id not in context.units:
                problems.add(row.line, "证件号码", OUTSIDE)
            elif (person.pk, row.source_id) in seen:
                problems.add(row.line, "活动名称", duplicate(seen[(person.pk, row.source_id)]))
            else:
                seen[(person.pk, row.source_id)] = row.line
                ready.append((row, person))
        if problems.count:
            continue  # keep reading for the report; nothing more is written
        created += _write_batch(ready, context)
    return created


def _write_batch(ready: list[tuple[ImportRow, Person]], context: _Context) -> int:
    existing = set(
        LedgerEntry.objects.filter(
            source_type=IMPORT,
            person_id__in={p.pk for _, p in ready},
            source_id__in={r.source_id for r, _ in ready},
        ).values_list("person_id", "source_id")
    )
    new = [(r, p) for r, p in ready if (p.pk, r.source_id) not in existing]
    entries = LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                person_id=person.pk,
                unit_id=person.unit_id,
                year=row.year,
                activity_date=row.activity_date,
                credit_class=row.credit_class,
                credit_level=row.credit_level,
                source=LedgerEntry.Source.IMPORT,
                activity_type=row.activity_type,
                title=row.title,
                project_number=row.project_number,
                hours=row.hours,
                credits=row.credits,
                entry_method=LedgerEntry.Method.IMPORT,
                status=LedgerEntry.Status.APPROVED,
                policy_id=context.pack(row.year)[0],
                policy_hash=context.pack(row.year)[1],
                source_type=IMPORT,
                source_id=row.source_id,
                entered_by_id=_pk(context.by),
                entered_at=context.now,
                decided_at=context.now,
            )
            for row, person in new
        ]
    )
    mark((entry.person_id, entry.year) for entry in entries)
    ApprovalStep.objects.bulk_create(
        [
            ApprovalStep(
                entry=entry,
                actor_id=_pk(context.by),
                actor_label=_label(context.by),
                action=ApprovalStep.Action.GRANTED,
                reason=context.reason,
                at=context.now,
                to_status=LedgerEntry.Status.APPROVED,
                data=context.step_data(row.line),
            )
            for entry, (row, _) in zip(entries, new, strict=True)
        ]
    )
    return len(entries)


def _pk(by) -> int | None:
    return getattr(by, "pk", None)


def _label(by) -> str:
    return (str(by) if _pk(by) else "系统")[:150]
