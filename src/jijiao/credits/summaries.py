"""Compliance summaries computed by the annual-compliance rule, for many people at once (reads).

:func:`compute` gives each (person, year) the rule's standing exactly as the transcript page
computes it (``transcript.person_year``): the same pack (the year the person's city set), the
same facts (title, unit category, county level …), the same exemption and public-subject 学时.
Only the reading is batched: a chunk of people costs a handful of queries reading just the
fields the rules read of each ledger row (class, level, remote, status, valid, type, credits) —
one shared record object for equal rows — and the rule decides what counts and what is short
(``tests/credits/test_summaries.py`` holds it to ``person_year`` on a generated sample). A
province's year is many people alike in all that the rule reads of them (the sums of their
records, exemption, 学时, county level, the facts the pack's cases name): each such group is
judged once (:class:`Run`).

:func:`mark` is how the writers say that a person's year changed: the pairs are gathered and
handed to the ``credits.summaries_refresh`` task once the transaction commits.
"""

import json
import logging
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count
from django.dispatch import Signal

from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.credits.chain import (
    city_office_of,
    credit_year_missing,
    credit_year_of,
    is_county_level,
)
from jijiao.credits.models import AnnualFacts, ComplianceSummary, CreditYear, LedgerEntry
from jijiao.credits.transcript import _RECORD_TYPE
from jijiao.engine.packs.model import Policy
from jijiao.engine.rules import selection
from jijiao.engine.rules.audit import remote_class1_share
from jijiao.engine.rules.compliance import (
    AnnualPerson,
    CreditRecord,
    judged_facts,
    standing_of_sums,
    year_sums,
)
from jijiao.engine.rules.numbers import exact_sum
from jijiao.orgs.facts import person_facts
from jijiao.orgs.models import Person, Unit
from jijiao.policy.access import get_policy

log = logging.getLogger(__name__)

# The supervisor links a chain walks (chain.MAX_DEPTH), fetched with the unit in one query.
_UP = "supervisor"
UNIT_CHAIN = [("__".join([_UP] * n)) for n in range(1, 6)]
CHUNK = 2000
NO_UNIT = "当前不属于任何单位，无法确定适用的政策包"

_READ = ("person_id", "year", "credit_class", "credit_level", "remote", "status", "valid")


_TENTHS: dict[int, Fraction] = {}
_DECIMALS: dict[tuple[int, int, str], Decimal] = {}


def _fraction(value) -> Fraction:
    """Exact: ledger credits carry one decimal place (``LedgerEntry.credits``), so a sum is a
    whole number of tenths; anything else goes through its text."""
    tenths = value * 10
    if isinstance(value, Decimal) and tenths == tenths.to_integral_value():
        n = int(tenths)
        found = _TENTHS.get(n)
        if found is None:
            found = _TENTHS[n] = Fraction(n, 10)
        return found
    return Fraction(str(value))


def _decimal(value: Fraction, places: str = "0.1") -> Decimal:
    key = (value.numerator, value.denominator, places)
    found = _DECIMALS.get(key)
    if found is None:
        found = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places))
        if len(_DECIMALS) < 100_000:
            _DECIMALS[key] = found
    return found


class _Units:
    """Each unit's facts, county level and city office, read once per unit."""

    def __init__(self):
        self._seen: dict[int, tuple] = {}

    def load(self, unit_ids: Iterable[int]) -> None:
        wanted = {u for u in unit_ids if u is not None and u not in self._seen}
        for unit in Unit.objects.filter(pk__in=wanted).select_related(*UNIT_CHAIN):
            try:
                city = city_office_of(unit)
                county = is_county_level(unit)
            except DomainError as error:
                city, county = error.message, False
            self._seen[unit.pk] = (unit, city, county)

    def get(self, unit_id: int) -> tuple:
        return self._seen[unit_id]


class _Packs:
    """The pack each city set for a year (or why there is none), read once per city and year."""

    def __init__(self):
        self._seen: dict[tuple[int, int], tuple[Policy | None, str]] = {}

    def get(self, city: Unit | str, year: int) -> tuple[Policy | None, str]:
        if isinstance(city, str):  # no city office above the unit: the reason
            return None, city
        key = (city.pk, year)
        if key not in self._seen:
            setting = CreditYear.objects.filter(office=city, year=year).first()
            if setting is None:
                self._seen[key] = (None, credit_year_missing(city, year, "尚不能判定是否达标"))
            else:
                self._seen[key] = (get_policy(setting.policy_id), "")
        return self._seen[key]


def _people_filter(person_ids: list[int]) -> dict:
    """``person_id`` of a sorted chunk: a range when it is dense (a unit, a province: cheap to
    send, an index range scan), else the list."""
    low, high = person_ids[0], person_ids[-1]
    if len(person_ids) > 50 and len(person_ids) * 2 > high - low + 1:
        return {"person_id__gte": low, "person_id__lte": high}
    return {"person_id__in": person_ids}


class Run:
    """What one computation reads once and reuses: units, packs, the ledger's rows as the
    rule's records (one object per distinct row), and the rule's judgements.

    The rule is pure: a standing depends only on the pack, the year, the year's sums of the
    records (``year_sums``), the exemption, the public-subject 学时, the county level and the
    facts the pack's cases read (``judged_facts``). People equal in all of these — many, in a
    province — are judged once (``standing_of_sums``)."""

    def __init__(self):
        self.units, self.packs, self.now = _Units(), _Packs(), clock.now()
        self.records: dict[tuple, CreditRecord] = {}
        self.lines: dict[str, CreditRecord] = {}
        self.selected: dict[tuple, tuple] = {}
        self.judged: dict[tuple, _Judged] = {}
        self.judgements = 0  # calls of the rule, for measurements

    def record(self, year, klass, level, remote, status, valid, activity, credits):
        key = (year, klass, level, remote, status, valid, activity, credits)
        found = self.records.get(key)
        if found is None:
            found = self.records[key] = CreditRecord(
                year=year,
                credit_class=klass,
                level=level,
                remote=remote,
                credits=_fraction(credits),
                status=status,
                valid=valid,
                type=_RECORD_TYPE.get(activity),
            )
        return found


def _records(person_ids: list[int], years: list[int], run: Run) -> dict[tuple[int, int], list]:
    """Each (person, year)'s ledger rows as the rule's records."""
    if connection.vendor == "postgresql":
        return _records_copied(person_ids, years, run)
    of_person = defaultdict(list)
    wanted = set(person_ids)
    rows = (
        LedgerEntry.objects.filter(**_people_filter(person_ids), year__in=years)
        .values_list(*_READ, "activity_type", "credits")
        .order_by()
    )
    record = run.record
    for person, year, klass, level, remote, status, valid, activity, credits in rows:
        if person in wanted:
            of_person[(person, year)].append(
                record(year, klass, level, remote, status, valid, activity, credits)
            )
    return of_person


def _records_copied(person_ids: list[int], years: list[int], run: Run):
    """The same on PostgreSQL, by ``COPY … TO STDOUT``: text lines, and each distinct line (after
    the person) parsed once into its record — a province's year is millions of rows of a few
    hundred kinds."""
    people = _people_filter(person_ids)
    if "person_id__gte" in people:
        where = (
            f"person_id BETWEEN {int(people['person_id__gte'])} AND {int(people['person_id__lte'])}"
        )
    else:
        where = f"person_id IN ({','.join(str(int(p)) for p in person_ids)})"
    query = (
        f"COPY (SELECT {', '.join(_READ)}, activity_type, credits"  # noqa: S608 (ints and names)
        f" FROM {LedgerEntry._meta.db_table} WHERE {where}"
        f" AND year IN ({','.join(str(int(y)) for y in years)})) TO STDOUT"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(query) as copy:
        text = b"".join(bytes(block) for block in copy).decode()
    of_person = defaultdict(list)
    wanted, seen = set(person_ids), run.lines
    for line in text.splitlines():
        person, rest = line.split("\t", 1)
        person = int(person)
        if person not in wanted:
            continue
        found = seen.get(rest)
        if found is None:
            found = seen[rest] = _parsed(run, rest)
        of_person[(person, found.year)].append(found)
    return of_person


_ESCAPED = re.compile(r"\\(.)")
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}


def _text(value: str) -> str | None:
    """A text field of COPY's text format (NULL is a backslash and N; escapes undone)."""
    if value == "\\N":
        return None
    if "\\" in value:
        return _ESCAPED.sub(lambda m: _ESCAPES.get(m[1], m[1]), value)
    return value


def _parsed(run: Run, rest: str) -> CreditRecord:
    """A COPY line's fields after the person: year, class, level, remote, status, valid,
    activity type, credits."""
    year, klass, level, remote, status, valid, activity, credits = map(_text, rest.split("\t"))
    return run.record(
        int(year),
        klass,
        level,
        None if remote is None else remote == "t",
        status,
        None if valid is None else valid == "t",
        activity,
        None if credits is None else Decimal(credits),
    )


def compute(pairs: Iterable[tuple[int, int]], run: Run | None = None) -> list[ComplianceSummary]:
    """The summaries (unsaved) of the given (person id, year) pairs; people gone are skipped."""
    run = run or Run()
    made = []
    for year, ids in _chunks(pairs):
        for person_id, unit_id, judged, remote, share in _judge_chunk(ids, year, run):
            made.append(
                ComplianceSummary(
                    person_id=person_id,
                    year=year,
                    unit_id=unit_id,
                    computed_at=run.now,
                    remote_class1=remote,
                    remote_share=share,
                    **judged.fields(),
                )
            )
    return made


def compute_copy(pairs: Iterable[tuple[int, int]], run: Run | None = None) -> Iterator[str]:
    """The same summaries as :func:`compute`, as lines of PostgreSQL's COPY text format in the
    order of ``COPY_COLUMNS`` — for writing a province's year without a model object a person."""
    run = run or Run()
    now = run.now.isoformat()
    for year, ids in _chunks(pairs):
        for person_id, unit_id, judged, remote, share in _judge_chunk(ids, year, run):
            yield (
                f"{person_id}\t{year}\t{_NULL if unit_id is None else unit_id}\t{judged.head}\t"
                f"{remote}\t{_NULL if share is None else share}\t{judged.tail}\t{now}\n"
            )


# The columns of a COPY line, in order (``compute_copy``).
COPY_COLUMNS = [
    "person_id", "year", "unit_id", "status", "class1_national", "class1_provincial", "class2",
    "total", "remote_class1", "remote_share", "short", "problem", "policy_id", "policy_hash",
    "computed_at",
]  # fmt: skip
_NULL = "\\N"


def _copy_text(value: str) -> str:
    """A text value escaped for COPY's text format."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _chunks(pairs: Iterable[tuple[int, int]]) -> Iterator[tuple[int, list[int]]]:
    by_year = defaultdict(set)
    for person_id, year in pairs:
        by_year[int(year)].add(int(person_id))
    for year, ids in sorted(by_year.items()):
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            yield year, ordered[start : start + CHUNK]


_PER_PERSON = ("short", "remote_class1", "remote_share")


class _Judged:
    """The rule's standing as the summary's fields (shared by everyone judged alike: read-only;
    ``fields()`` gives each person their own ``short`` list)."""

    __slots__ = ("head", "short", "tail", "values")

    def __init__(self, values: dict):
        self.short = tuple((f["code"], f["message"]) for f in values["short"])
        self.values = {k: v for k, v in values.items() if k not in _PER_PERSON}
        v = values
        self.head = (
            f"{v['status']}\t{v['class1_national']}\t{v['class1_provincial']}\t{v['class2']}\t"
            f"{v['total']}"
        )
        self.tail = "\t".join(
            _copy_text(text)
            for text in (
                json.dumps(v["short"], ensure_ascii=False),
                v["problem"],
                v["policy_id"],
                v["policy_hash"],
            )
        )

    def fields(self) -> dict:
        return {**self.values, "short": [{"code": c, "message": m} for c, m in self.short]}


def _judge_chunk(ids: list[int], year: int, run: Run):
    """(person id, unit id, judged, remote class I, remote share) of each person of the chunk."""
    wanted = set(ids)
    people = [
        row
        for row in Person.objects.filter(
            **{k.replace("person_id", "pk"): v for k, v in _people_filter(ids).items()}
        ).values_list("pk", "unit_id", "title_level", "title_series", "job_type")
        if row[0] in wanted
    ]
    run.units.load(row[1] for row in people)
    records = _records(ids, [year], run)
    facts = {
        f["person_id"]: f
        for f in AnnualFacts.objects.filter(**_people_filter(ids), year=year).values(
            "person_id", "exemption", "public_subject_hours"
        )
    }
    zero = UNDECIDED["remote_class1"]
    for person_id, unit_id, title_level, title_series, job_type in people:
        if unit_id is None:
            yield person_id, unit_id, _undecided(run, NO_UNIT), zero, None
            continue
        unit, city, county_level = run.units.get(unit_id)
        policy, problem = run.packs.get(city, year)
        if policy is None:
            yield person_id, unit_id, _undecided(run, problem), zero, None
            continue
        own = (unit, title_level, title_series, job_type, county_level)
        if policy.case_facts("compliance"):
            key = (unit_id, title_level, title_series, job_type, policy.id, policy.content_hash)
            found = run.selected.get(key)
            if found is None:
                selected = _selected(*own)
                found = run.selected[key] = (selected, judged_facts(policy, selected))
        else:  # the pack's annual rules select on no fact: the facts are read only if judged
            found = (own, ())
        mine = records.get((person_id, year), [])
        judged = _judge(run, policy, year, mine, facts.get(person_id), found, county_level)
        remote, share = _remote(mine, year)
        yield person_id, unit_id, judged, remote, share


def _selected(unit: Unit, title_level: str, title_series: str, job_type: str, county_level: bool):
    """The facts a pack's cases select on, of a person with this title and job type in this
    unit."""
    own = SimpleNamespace(
        title_level=title_level, title_series=title_series, job_type=job_type, unit=unit
    )
    return selection.person_facts(AnnualPerson(**person_facts(own, county_level=county_level)))


def _undecided(run: Run, problem: str) -> _Judged:
    key = ("undecided", problem)
    found = run.judged.get(key)
    if found is None:
        found = run.judged[key] = _Judged({**UNDECIDED, "short": [], "problem": problem})
    return found


# A person no standing can be given to: nothing counted, the reason in ``problem``.
UNDECIDED = {
    "status": "",
    "class1_national": Decimal("0.0"),
    "class1_provincial": Decimal("0.0"),
    "class2": Decimal("0.0"),
    "total": Decimal("0.0"),
    "remote_class1": Decimal("0.0"),
    "remote_share": None,
    "short": [],
    "problem": "",
    "policy_id": "",
    "policy_hash": "",
}


def _judge(run: Run, policy: Policy, year: int, records, facts, selected, county_level: bool):
    """The rule's standing on one person's year (``standing_of_sums`` of ``year_sums``),
    judged once for everyone alike in what the rule reads."""
    hours = facts["public_subject_hours"] if facts else None
    hours = Fraction(str(hours)) if hours is not None else None
    exemption = (facts["exemption"] or None) if facts else None
    sums = year_sums(year, records)
    facts_of_person, judged_facts_of_person = selected
    national, provincial, class2 = sums
    key = (policy.id, policy.content_hash, year, national.numerator, national.denominator,
           provincial.numerator, provincial.denominator, class2.numerator, class2.denominator,
           exemption, hours, county_level, judged_facts_of_person)  # fmt: skip
    found = run.judged.get(key)
    if found is not None:
        return found
    if isinstance(facts_of_person, tuple):  # not read yet: (unit, title, series, job, county)
        facts_of_person = _selected(*facts_of_person)
    run.judgements += 1
    standing = standing_of_sums(
        policy,
        year,
        sums,
        exemption=exemption,
        public_subject_hours=hours,
        county_level=county_level,
        facts=facts_of_person,
    )
    found = run.judged[key] = _Judged(
        {
            "status": standing.status,
            "class1_national": _decimal(standing.class1_national),
            "class1_provincial": _decimal(standing.class1_provincial),
            "class2": _decimal(standing.class2),
            "total": _decimal(standing.total),
            "short": [{"code": f.code, "message": f.message} for f in standing.failures],
            "problem": "",
            "policy_id": policy.id,
            "policy_hash": policy.content_hash,
        }
    )
    return found


def _remote(records, year: int) -> tuple[Decimal, Decimal | None]:
    """Remote class I credits of the year and their share of class I (the audit rule's
    ``remote_class1_share``)."""
    remote = exact_sum(
        r.credits for r in records if r.remote and r.counts and r.credit_class == "I"
    )
    share = remote_class1_share(records, [year])
    return _decimal(remote), None if share is None else _decimal(share, "0.0001")


# ---- what changed, handed to the refresh task after commit ----

_pending = threading.local()
# Sent by :func:`mark` with ``pairs``: what else counts these people's credits (the overview's
# credit summaries) listens, so every writer that marks reaches it too.
marked = Signal()
# Sent by the ``credits.summaries_refresh`` task with ``pairs`` once their summaries are
# rewritten: what counts the summaries (the overview's standings by unit) follows them.
refreshed = Signal()


def mark(pairs: Iterable[tuple[int, int]]) -> None:
    """Say that these (person id, year) pairs changed: their summaries are recomputed by the
    ``credits.summaries_refresh`` task once the current transaction commits (at once outside
    one). A rolled-back change leaves its pairs for the next commit: recomputing is harmless."""
    pending = getattr(_pending, "pairs", None)
    if pending is None:
        pending = _pending.pairs = set()
    pairs = {(int(p), int(y)) for p, y in pairs}
    pending.update(pairs)
    if pending:
        transaction.on_commit(_send, robust=True)
    if pairs:  # after this commit's refresh is queued: what listens runs after it
        marked.send(sender=None, pairs=pairs)


ALL_YEARS = 0


def mark_people(person_ids: Iterable[int]) -> None:
    """A person's unit or title changed: every year they have a summary of is recomputed (the
    years are looked up by the task, not here)."""
    mark((p, ALL_YEARS) for p in person_ids)


def _send() -> None:
    pairs = sorted(getattr(_pending, "pairs", None) or ())
    _pending.pairs = set()
    if not pairs:
        return
    from jijiao.credits.tasks import task_summaries_refresh

    _pending.sending = True  # the tasks run here when there is no worker (``sending``)
    try:
        for start in range(0, len(pairs), 5000):
            task_summaries_refresh.delay([list(p) for p in pairs[start : start + 5000]])
    finally:
        _pending.sending = False


def sending() -> bool:
    """Whether this thread is handing a commit's pairs to the refresh task right now."""
    return getattr(_pending, "sending", False)


# ---- a unit's list for the year, from the summaries ----


@dataclass
class UnitListing:
    """What the compliance page shows: the counts of everyone, one page of people."""

    unit: Unit
    year: int
    policy: Policy | None
    problem: str
    counts: dict[str, int]
    page: Page

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def people(self) -> list:
        return list(self.page.object_list)

    @property
    def rate(self) -> Decimal | None:
        """达标率: compliant and exempt over everyone listed (as ``UnitCompliance.rate``)."""
        everyone = sum(self.counts.values())
        if not everyone:
            return None
        met = self.count("compliant") + self.count("exempt")
        return (Decimal(met) * 100 / everyone).quantize(Decimal("0.1"))


def unit_listing(unit: Unit, year: int, *, page: str | int | None = 1, per_page: int = 100):
    """The unit's current members with their standing for the year, read from the summaries.

    Members without a summary of the year at this unit (never computed yet, or still being
    refreshed after a transfer) are computed here by the same rule, not stored: the page is
    right either way, and fast once the summaries are there (two queries and a page of rows)."""
    try:
        policy = get_policy(credit_year_of(unit, year).policy_id)
        problem = ""
    except DomainError as error:
        policy, problem = None, error.message
    members = Person.objects.filter(unit=unit)
    stored = ComplianceSummary.objects.filter(year=year, unit=unit, person__unit=unit)
    missing = set(members.values_list("pk", flat=True)) - set(
        stored.values_list("person_id", flat=True)
    )
    if not missing:
        counts = dict(stored.values_list("status").annotate(n=Count("pk")).order_by())
        rows = stored.select_related("person", "person__department").order_by(
            "person__name", "person_id"
        )
        return UnitListing(
            unit, year, policy, problem, counts, Paginator(rows, per_page).get_page(page)
        )
    listed = list(stored.select_related("person", "person__department"))
    people = members.filter(pk__in=missing).select_related("department").in_bulk()
    for summary in compute((p, year) for p in missing):
        summary.person = people[summary.person_id]
        listed.append(summary)
    listed.sort(key=lambda s: (s.person.name, s.person_id))
    counts: dict[str, int] = {}
    for summary in listed:
        counts[summary.status] = counts.get(summary.status, 0) + 1
    return UnitListing(
        unit, year, policy, problem, counts, Paginator(listed, per_page).get_page(page)
    )
