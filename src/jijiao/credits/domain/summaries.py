"""Keeping the compliance summaries current: the refresh after a change, the recompute by job."""

import json
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Q

from jijiao.common.errors import require
from jijiao.credits.models import ComplianceSummary
from jijiao.credits.summaries import ALL_YEARS, compute
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
_UPSERT = (
    f"INSERT INTO credits_compliancesummary ({_COLUMNS}) SELECT {_COLUMNS} FROM summary_load "  # noqa: S608
    "ON CONFLICT (person_id, year) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS[2:])
)


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
    summaries = compute(pairs)
    _store(summaries)
    return len(summaries)


def scope_people(organisation: Unit) -> Q:
    """The people a recompute for ``organisation`` covers: its staff, and for an office the
    staff of every unit in its jurisdiction."""
    if organisation.is_office:
        return Q(unit__in=roles.units_in_jurisdiction({organisation.pk}))
    return Q(unit=organisation)


@transaction.atomic
def summaries_recompute(
    *, by, organisation: Unit, year: int, progress: Callable[[int, int], None] | None = None
) -> int:
    """Recompute the year's summaries of everyone ``organisation`` covers (its staff; an office:
    its jurisdiction's), and of anyone whose summary still names one of those units.

    Side effects: the :class:`ComplianceSummary` rows written, in one transaction. Run by the job
    ``credits.summaries_recompute`` (its record is the audit entry ``job.finished``). Returns the
    number of people."""
    require(by, "credits.recompute_summaries", organisation)
    scope = scope_people(organisation)
    ids = set(Person.objects.filter(scope).values_list("pk", flat=True))
    units = (
        roles.units_in_jurisdiction({organisation.pk})
        if organisation.is_office
        else Unit.objects.filter(pk=organisation.pk)
    )
    ids |= set(
        ComplianceSummary.objects.filter(year=year, unit__in=units).values_list(
            "person_id", flat=True
        )
    )
    ordered = sorted(ids)
    step = 10_000
    for start in range(0, len(ordered), step):
        _store(compute((p, year) for p in ordered[start : start + step]))
        if progress is not None:
            progress(min(start + step, len(ordered)), len(ordered))
    return len(ordered)


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
    missing = (
        Person.objects.filter(unit__isnull=False)
        .exclude(pk__in=ComplianceSummary.objects.filter(year=year).values("person_id"))
        .order_by("pk")
    )
    total = missing.count()
    written, after = 0, 0
    while True:
        ids = list(missing.filter(pk__gt=after).values_list("pk", flat=True)[:step])
        if not ids:
            return written
        with transaction.atomic():
            summaries = compute((p, year) for p in ids)
            _store(summaries)
        written += len(summaries)
        after = ids[-1]
        if progress is not None:
            progress(min(written, total), total)
