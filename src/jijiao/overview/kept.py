"""The overview's kept summaries: the people's compliance standings counted
(:class:`ComplianceTotals`), the project and quality figures (:class:`ProjectSummary`) and the
credit figures (:class:`CreditSummary`) of each unit's year, with each department's, so an
office's page adds up a row per unit instead of reading every person, project, session,
registration and credit row.

- :func:`compliance_tallies_live`, :func:`project_tallies_live` and :func:`credit_tallies_live`
  count a year of units from the records, as the page did (``overview.tallies``); the refresh
  stores what they give.
- :func:`summaries_refresh` recomputes the (kind, unit, year) triples it is given — run by the
  ``overview.summaries_refresh`` task after the transaction that changed them commits
  (:func:`mark`, called by ``overview.signals``).
- :func:`summaries_fill` is the nightly pass of ``jijiao beat``: this year and last recomputed
  for every unit (what no event reaches: a trainee's or a leader's transfer, a list imported
  over earlier rows, a session that has ended), earlier years filled where missing, the
  compliance counts of every year recounted (the people's summaries are filled the night too).
- :func:`tallies` (and :func:`project_tallies`, :func:`credit_tallies`,
  :func:`department_tallies`) is what the page reads: the kept rows, and the live count for
  units without one yet (not stored: a page does not write).
"""

import threading
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Sum

from jijiao.common import clock
from jijiao.credits.models import ComplianceSummary, LedgerEntry
from jijiao.credits.summaries import sending as credits_sending
from jijiao.orgs.models import Person, Unit
from jijiao.overview.models import ComplianceTotals, CreditSummary, ProjectSummary
from jijiao.overview.queries.projects import project_rows, session_rows
from jijiao.overview.queries.quality import quality_of
from jijiao.overview.tallies import ComplianceTally, CreditTally, ProjectTally, micros
from jijiao.overview.tallies import project_tallies as count_projects

PROJECTS, CREDITS = "projects", "credits"
S = LedgerEntry.Status
PENDING = [S.PENDING_UNIT, S.PENDING_COUNTY, S.PENDING_CITY, S.PENDING_PROVINCE]
UNITS_A_PASS = 500  # units counted together by a refresh or the fill


# ---- counting from the records ----


def project_tallies_live(year: int, unit_ids: list[int]) -> dict[tuple, ProjectTally]:
    """(unit id, department key) → the year's project and quality tally of these units."""
    projects = project_rows(year, list(unit_ids))
    sessions = [s.session.pk for s in session_rows(projects)]
    return count_projects(projects, quality_of(sessions, [], year))


def credit_tallies_live(year: int, unit_ids: list[int]) -> dict[tuple, CreditTally]:
    """(unit id, department key) → the year's credit tally of these units' current staff."""
    rows = LedgerEntry.objects.filter(year=year, valid=True, person__unit_id__in=list(unit_ids))
    found: dict[tuple, CreditTally] = {}
    approved = (
        rows.filter(status=S.APPROVED)
        .values_list(
            "person__unit_id", "person__department_id", "source", "credit_class", "credit_level"
        )
        .annotate(n=Count("pk"), total=Sum("credits"))
        .order_by()
    )
    for unit, department, source, klass, level, n, total in approved:
        tally = found.setdefault((unit, department or 0), CreditTally())
        tally.count_approved(f"{source}|{klass}|{level}", n, total)
    waiting = rows.filter(status__in=PENDING).values_list(
        "person__unit_id", "person__department_id", "status", "entered_at"
    )
    for unit, department, status, entered_at in waiting:
        tally = found.setdefault((unit, department or 0), CreditTally())
        tally.pending.setdefault(status, []).append(micros(entered_at))
    return found


def compliance_tallies_live(year: int, unit_ids: list[int]) -> dict[tuple, ComplianceTally]:
    """(unit id, department key) → the year's standings of these units' current staff, counted
    from their compliance summaries computed at that unit (``queries.compliance.tally``'s
    reading, without the members who have none: those are listed as missing)."""
    members = Person.objects.filter(unit_id__in=list(unit_ids))
    stored = ComplianceSummary.objects.filter(
        year=year, unit_id__in=list(unit_ids), person__unit_id=F("unit_id")
    )
    found: dict[tuple, ComplianceTally] = {}

    def of(unit, department) -> ComplianceTally:
        return found.setdefault((unit, department or 0), ComplianceTally())

    grouped = (
        stored.values_list("unit_id", "person__department_id", "person__title_level", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for unit, department, title, status, n in grouped:
        of(unit, department).cells[f"{title or ''}|{status or 'undetermined'}"] += n
    short = stored.exclude(status="compliant").values_list(
        "unit_id", "person__department_id", "short"
    )
    for unit, department, items in short:
        of(unit, department).short.update({item["code"] for item in items or ()})
    sums = (
        stored.values_list("unit_id", "person__department_id")
        .annotate(
            class1=Sum(F("class1_national") + F("class1_provincial")), remote=Sum("remote_class1")
        )
        .order_by()
    )
    for unit, department, class1, remote in sums:
        tally = of(unit, department)
        tally.class1 += class1 or Decimal(0)
        tally.remote += remote or Decimal(0)
    missing = members.exclude(Exists(stored.filter(person_id=OuterRef("pk")))).values_list(
        "pk", "unit_id", "department_id"
    )
    for person, unit, department in missing:
        of(unit, department).missing.append(person)
    return found


COMPLIANCE = "compliance"
LIVE = {
    PROJECTS: project_tallies_live,
    CREDITS: credit_tallies_live,
    COMPLIANCE: compliance_tallies_live,
}
MODELS = {PROJECTS: ProjectSummary, CREDITS: CreditSummary, COMPLIANCE: ComplianceTotals}
TALLIES = {PROJECTS: ProjectTally, CREDITS: CreditTally, COMPLIANCE: ComplianceTally}


# ---- storing ----


def _store(kind: str, year: int, unit_ids: list[int]) -> int:
    """Count and store the year's summaries of ``unit_ids`` (a row each, also when empty)."""
    counted = LIVE[kind](year, unit_ids)
    tally_of = TALLIES[kind]
    per_unit: dict[int, dict] = {u: {} for u in unit_ids}
    for (unit, department), tally in counted.items():
        if unit in per_unit:
            per_unit[unit][department] = tally
    now = clock.now()
    made = []
    for unit, departments in per_unit.items():
        total = tally_of()
        for tally in departments.values():
            total.add(tally)
        made.append(
            MODELS[kind](
                unit_id=unit,
                year=year,
                figures=total.as_json(),
                departments={str(d): t.as_json() for d, t in departments.items()},
                computed_at=now,
            )
        )
    MODELS[kind].objects.bulk_create(
        made,
        update_conflicts=True,
        unique_fields=["year", "unit"],
        update_fields=["figures", "departments", "computed_at"],
        batch_size=500,
    )
    return len(made)


def summaries_refresh(triples: Iterable[tuple[str, int, int]]) -> int:
    """Recompute the kept summaries of these (kind, unit id, year) triples from what is
    recorded now; kind is ``projects`` (project and quality figures) or ``credits``.

    Idempotent. Side effects: the :class:`ProjectSummary` / :class:`CreditSummary` rows written
    (inserted or replaced), one transaction a year and kind. Derived data, not audited: the
    change that caused the refresh was. Returns the number of rows written."""
    wanted: dict[tuple[str, int], set[int]] = {}
    for kind, unit, year in triples:
        if kind in MODELS and unit and year:
            wanted.setdefault((kind, int(year)), set()).add(int(unit))
    every = set().union(*wanted.values()) if wanted else set()
    # Units that exist and are no office (a mark left by a rolled-back change may name neither).
    known = set(
        Unit.objects.filter(pk__in=every)
        .exclude(kind=Unit.Kind.OFFICE)
        .values_list("pk", flat=True)
    )
    written = 0
    for (kind, year), units in sorted(wanted.items()):
        ordered = sorted(units & known)
        for start in range(0, len(ordered), UNITS_A_PASS):
            with transaction.atomic():
                written += _store(kind, year, ordered[start : start + UNITS_A_PASS])
    return written


RECENT_YEARS = 2  # years the nightly pass recomputes whole; earlier ones only where missing


def summaries_fill(
    *, years: list[int] | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """The nightly pass (``jijiao beat``): this year and last recomputed for every unit, the
    four years before filled for units without a summary yet — the six years the overview's
    trend and its year choice read most; the ``years`` given are recomputed whole. Each batch of
    units commits on its own, so a first night makes progress even if stopped. Idempotent. Side
    effects: summaries written, derived data, not audited. Returns the number of rows written."""
    this_year = clock.today().year
    whole = set(years or range(this_year, this_year - RECENT_YEARS, -1))
    years = years or list(range(this_year, this_year - 6, -1))
    units = list(
        Unit.objects.exclude(kind=Unit.Kind.OFFICE).order_by("pk").values_list("pk", flat=True)
    )
    steps = [(kind, year) for year in years for kind in MODELS]
    written = 0
    for done, (kind, year) in enumerate(steps, start=1):
        wanted = units
        if year not in whole and kind != COMPLIANCE:  # people's summaries change every night
            have = set(MODELS[kind].objects.filter(year=year).values_list("unit_id", flat=True))
            wanted = [u for u in units if u not in have]
        written += summaries_refresh((kind, u, year) for u in wanted)
        if progress is not None:
            progress(done, len(steps))
    return written


# ---- what changed, refreshed after commit ----

_pending = threading.local()


def mark(triples: Iterable[tuple]) -> None:
    """Say that these summaries changed: each item is (kind, unit id, year), or a record to be
    resolved into those once the transaction commits (``overview.signals`` gives sessions,
    publication lists, inspection draws and people, whose projects and units exist by then).
    The refresh task gets them after commit (at once outside a transaction)."""
    pending = getattr(_pending, "items", None)
    if pending is None:
        pending = _pending.items = set()
    before = len(pending)
    pending.update(tuple(t) for t in triples)
    if len(pending) == before:
        return
    # The credits area's refresh of a commit, run in this process when there is no worker,
    # says which people's summaries it rewrote; the send this commit queued after it (for its
    # ledger rows) takes those too: one recount, not one per batch of people.
    if before and credits_sending() and not transaction.get_connection().in_atomic_block:
        return
    transaction.on_commit(_send, robust=True)


def _send() -> None:
    items = getattr(_pending, "items", None) or set()
    _pending.items = set()
    if not items:
        return
    from jijiao.overview.signals import resolve
    from jijiao.overview.tasks import task_summaries_refresh

    triples = sorted(resolve(items))
    for start in range(0, len(triples), 5000):
        task_summaries_refresh.delay([list(t) for t in triples[start : start + 5000]])


# ---- what the page reads ----


def _read(
    kind: str, year: int, unit_ids: list[int], department: int | None, split: bool = False
) -> dict:
    """(unit id, department key) → tally: the kept rows — each unit's whole figures (key None),
    one department's when ``department`` is given, each department's when ``split`` — and the
    live count of units without a row (not stored: a page does not write)."""
    model, tally_of = MODELS[kind], TALLIES[kind]
    found: dict[tuple, object] = {}
    seen = set()
    rows = model.objects.filter(year=year, unit_id__in=unit_ids)
    if department is None and not split:
        for unit, figures in rows.values_list("unit_id", "figures"):
            seen.add(unit)
            found[(unit, None)] = tally_of.from_json(figures)
    else:
        for unit, departments in rows.values_list("unit_id", "departments"):
            seen.add(unit)
            for key, figures in departments.items():
                if split or int(key) == department:
                    found[(unit, int(key))] = tally_of.from_json(figures)
    missing = [u for u in unit_ids if u not in seen]
    if missing:
        for (unit, key), tally in LIVE[kind](year, missing).items():
            if split or key == department:
                found[(unit, key)] = tally
            elif department is None:
                found.setdefault((unit, None), tally_of()).add(tally)
    return found


def tallies(kind: str, year: int, unit_ids: list[int], department=None, split=False) -> dict:
    """What the page reads: ``_read`` of the kind (``projects``, ``credits``, ``compliance``)."""
    return _read(kind, year, list(unit_ids), department, split)


def project_tallies(year: int, unit_ids: list[int], department: int | None = None) -> dict:
    """(unit id, None) → each unit's project and quality tally for the year; with a
    ``department`` (0: none), (unit id, department) → that department's."""
    return _read(PROJECTS, year, unit_ids, department)


def credit_tallies(year: int, unit_ids: list[int], department: int | None = None) -> dict:
    """As :func:`project_tallies`, for the credit figures of the units' current staff."""
    return _read(CREDITS, year, unit_ids, department)


def department_tallies(kind: str, year: int, unit_id: int) -> dict:
    """department key → tally, of one unit's year (its overview's bars by department)."""
    return {key: tally for (_u, key), tally in _read(kind, year, [unit_id], None, True).items()}
