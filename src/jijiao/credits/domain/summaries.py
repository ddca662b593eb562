"""Keeping the compliance summaries current: the refresh after a change, the recompute by job."""

import json
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q

from jijiao.common.errors import require
from jijiao.credits.models import ComplianceSummary
from jijiao.credits.summaries import ALL_YEARS, COPY_COLUMNS, Run, compute, compute_copy
from jijiao.orgs import roles
from jijiao.orgs.models import Person, Unit

FIELDS = [
    "unit",
    "status",
    "class1_national",
    "class1_provincial",
    "class2",
    "total",
    "remote_class1",
    "remote_share",
    "short",
    "problem",
    "policy_id",
    "policy_hash",
    "computed_at",
]
BATCH = 2000
COPY_FROM = 500  # rows from which PostgreSQL gets them by COPY


COLUMNS = ["person_id", "year", *[f"{f}_id" if f == "unit" else f for f in FIELDS]]
assert COLUMNS == COPY_COLUMNS


def _store(summaries: list[ComplianceSummary]) -> None:
    """Insert or replace: on PostgreSQL a big batch goes through COPY into a staging table and
    one ``INSERT … ON CONFLICT DO UPDATE``; otherwise ``bulk_create`` with the same upsert."""
    if connection.vendor == "postgresql" and len(summaries) > COPY_FROM:
        _store_copy(summaries)
        return
    for start in range(0, len(summaries), BATCH):
        ComplianceSummary.objects.bulk_create(
            summaries[start : start + BATCH],
            update_conflicts=True,
            unique_fields=["person", "year"],
            update_fields=FIELDS,
        )


# The staging table and the upsert, from the column names above (no outside input).
_COLUMNS = ", ".join(COLUMNS)
_STAGING = (
    "CREATE TEMP TABLE IF NOT EXISTS summary_load ON COMMIT DELETE ROWS AS SELECT "  # noqa: S608
    + _COLUMNS
    + " FROM credits_compliancesummary WITH NO DATA"
)
# A row whose values are those already stored is left as it is (no new row version, no index
# entries): a recompute that changes nothing costs reading. ``computed_at`` is then the time the
# values were last written.
_COMPARED = [c for c in COLUMNS[2:] if c != "computed_at"]
_UPSERT = (
    f"INSERT INTO credits_compliancesummary ({_COLUMNS}) SELECT {_COLUMNS} FROM summary_load "  # noqa: S608
    "ON CONFLICT (person_id, year) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS[2:])
    + " WHERE ("
    + ", ".join(f"credits_compliancesummary.{c}" for c in _COMPARED)
    + ") IS DISTINCT FROM ("
    + ", ".join(f"EXCLUDED.{c}" for c in _COMPARED)
    + ")"
)


def _write(pairs: Iterable[tuple[int, int]], run=None) -> int:
    """Compute and store the summaries of these (person id, year) pairs; returns how many.
    On PostgreSQL the rule's results go straight into COPY lines (no model object a person)."""
    pairs = list(pairs)
    if connection.vendor != "postgresql" or len(pairs) <= COPY_FROM:
        summaries = compute(pairs, run)
        _store(summaries)
        return len(summaries)
    lines = list(compute_copy(pairs, run))
    with connection.cursor() as cursor:
        cursor.execute(_STAGING)
        cursor.execute("TRUNCATE summary_load")
        with cursor.cursor.copy(f"COPY summary_load ({_COLUMNS}) FROM STDIN") as copy:
            for start in range(0, len(lines), 1000):
                copy.write("".join(lines[start : start + 1000]))
        cursor.execute(_UPSERT)
    return len(lines)


def _store_copy(summaries: list[ComplianceSummary]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_STAGING)
        cursor.execute("TRUNCATE summary_load")
        with cursor.cursor.copy(f"COPY summary_load ({_COLUMNS}) FROM STDIN") as copy:
            for s in summaries:
                copy.write_row(
                    (
                        s.person_id, s.year, s.unit_id, s.status, s.class1_national,
                        s.class1_provincial, s.class2, s.total, s.remote_class1, s.remote_share,
                        json.dumps(s.short, ensure_ascii=False), s.problem, s.policy_id,
                        s.policy_hash, s.computed_at,
                    )
                )  # fmt: skip
        cursor.execute(_UPSERT)


@transaction.atomic
def summaries_refresh(pairs: Iterable[tuple[int, int]]) -> int:
    """Recompute the summaries of these (person id, year) pairs from what is recorded now.

    A year of ``ALL_YEARS`` (0) stands for every year the person has a summary of.
    Idempotent: the same pairs give the same rows whenever, and as often as, they run. Side
    effects: the :class:`ComplianceSummary` rows written (inserted or replaced). Derived data,
    not audited: the change that caused the refresh was (ledger row, exemption, transfer …).
    Returns the number of summaries written."""
    pairs = {(int(p), int(y)) for p, y in pairs}
    everyone = {p for p, y in pairs if y == ALL_YEARS}
    pairs = {(p, y) for p, y in pairs if y != ALL_YEARS}
    if everyone:
        pairs |= set(
            ComplianceSummary.objects.filter(person_id__in=everyone).values_list(
                "person_id", "year"
            )
        )
    return _write(pairs)


def scope_people(organisation: Unit) -> Q:
    """The people a recompute for ``organisation`` covers: its staff, and for an office the
    staff of every unit in its jurisdiction."""
    if organisation.is_office:
        return Q(unit__in=roles.units_in_jurisdiction({organisation.pk}))
    return Q(unit=organisation)


def _scope_ids(organisation: Unit, year: int, low: int | None = None, high: int | None = None):
    """The people a recompute covers (sorted ids), those with ids in [low, high] when given:
    ``organisation``'s people (``scope_people``) and anyone whose summary of the year still
    names one of its units."""
    people = Person.objects.filter(scope_people(organisation))
    units = (
        roles.units_in_jurisdiction({organisation.pk})
        if organisation.is_office
        else Unit.objects.filter(pk=organisation.pk)
    )
    named = ComplianceSummary.objects.filter(year=year, unit__in=units)
    if low is not None:
        people = people.filter(pk__gte=low, pk__lte=high)
        named = named.filter(person_id__gte=low, person_id__lte=high)
    ids = set(people.values_list("pk", flat=True))
    ids |= set(named.values_list("person_id", flat=True))
    return sorted(ids)


def _recompute(ids: list[int], year: int, progress=None, run: Run | None = None) -> None:
    step, run = 10_000, run or Run()
    for start in range(0, len(ids), step):
        _write(((p, year) for p in ids[start : start + step]), run)
        if progress is not None:
            progress(min(start + step, len(ids)), len(ids))


@transaction.atomic
def summaries_recompute(
    *, by, organisation: Unit, year: int, progress: Callable[[int, int], None] | None = None
) -> int:
    """Recompute the year's summaries of everyone ``organisation`` covers (its staff; an office:
    its jurisdiction's), and of anyone whose summary still names one of those units.

    Side effects: the :class:`ComplianceSummary` rows written, in one transaction. Returns the
    number of people. (The job ``credits.summaries_recompute`` runs a big scope in pieces:
    :func:`summaries_recompute_plan` and :func:`summaries_recompute_piece`.)"""
    require(by, "credits.recompute_summaries", organisation)
    ids = _scope_ids(organisation, year)
    _recompute(ids, year, progress)
    return len(ids)


PIECE = 25_000  # people a piece of the recompute job (one task, one transaction)


def summaries_recompute_plan(
    *, by, organisation: Unit, year: int, piece: int | None = None
) -> tuple[list[list[int]], int]:
    """The recompute of ``organisation``'s year cut into pieces of about ``piece`` people: each
    piece the ``[lowest, highest]`` person id it covers; and the number of people. Reads only."""
    require(by, "credits.recompute_summaries", organisation)
    ids, piece = _scope_ids(organisation, year), piece or PIECE
    pieces = [
        [ids[start], ids[min(start + piece, len(ids)) - 1]] for start in range(0, len(ids), piece)
    ]
    return pieces, len(ids)


@transaction.atomic
def summaries_recompute_piece(
    *, by, organisation: Unit, year: int, low: int, high: int, run: Run | None = None
) -> int:
    """Recompute the year's summaries of the people :func:`summaries_recompute` covers whose ids
    are in ``[low, high]`` (one piece of the job). Idempotent. ``run``: what an earlier piece of
    the same job in this process read (units, packs, judgements). Side effects: the
    :class:`ComplianceSummary` rows written, in one transaction; derived data, not audited (the
    job's end is). Returns the number of people."""
    require(by, "credits.recompute_summaries", organisation)
    ids = _scope_ids(organisation, year, low, high)
    _recompute(ids, year, run=run)
    return len(ids)


def summaries_recompute_submit(*, by, organisation: Unit, year: int):
    """Start the job recomputing the year's summaries of ``organisation`` (the task runs after
    commit). Side effects: the job row, the task enqueued (see ``jobs.domain.job_submit``)."""
    from jijiao.credits.tasks import task_summaries_recompute
    from jijiao.jobs.domain import job_submit

    return job_submit(
        kind="compliance_summaries",
        task=task_summaries_recompute,
        by=by,
        organisation=organisation,
        permission="credits.recompute_summaries",
        params={"year": int(year)},
    )


FILL_STEP = 10_000  # people a batch; each batch commits on its own


def summaries_fill(
    *, year: int, progress: Callable[[int, int], None] | None = None, step: int = FILL_STEP
) -> int:
    """Compute the year's summaries nobody has computed yet: everyone on a unit's staff without
    a summary for ``year`` (the events that keep summaries current only reach people something
    happened to; a quiet person's year still has a standing the overview counts).

    Run every night by ``jijiao beat``. In batches of ``step`` people by id, each committed on
    its own, so a province's first night makes progress even if it is stopped, and the next run
    starts from what is still missing. Idempotent. Side effects: :class:`ComplianceSummary` rows
    inserted; derived data, not audited. Returns the number written."""
    # NOT EXISTS (an anti-join on the summaries' (person, year) index), not NOT IN: a
    # province's million ids do not fit a hashed NOT IN and it falls back to a scan a row.
    summarised = ComplianceSummary.objects.filter(year=year, person_id=OuterRef("pk"))
    missing = Person.objects.filter(unit__isnull=False).exclude(Exists(summarised)).order_by("pk")
    total = missing.count()
    written, after, run = 0, 0, Run()
    while True:
        ids = list(missing.filter(pk__gt=after).values_list("pk", flat=True)[:step])
        if not ids:
            return written
        with transaction.atomic():
            written += _write(((p, year) for p in ids), run)
        after = ids[-1]
        if progress is not None:
            progress(min(written, total), total)
