"""Compliance of a year: each person's standing, and the figures counted from them.

:func:`standings` is the one place the standings come from: the compliance summaries the credits
area keeps current in the background (issue 16). Everything else here counts the standings, so
a figure and the list behind it are the same rows filtered the same way.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Sum

from jijiao.credits.models import ComplianceSummary
from jijiao.credits.queries import compliance_summaries
from jijiao.credits.summaries import compute
from jijiao.orgs.models import Person, Unit

STATUSES = [
    ("compliant", "达标"),
    ("exempt", "不计达标"),
    ("noncompliant", "未达标"),
    ("undetermined", "未判定"),
]
STATUS_LABELS = dict(STATUSES)
# What a person is short by: the annual rules' codes.
SHORT_BY = [
    ("ANN_TOTAL", "总学分"),
    ("ANN_CLASS1", "Ⅰ类学分"),
    ("ANN_CLASS2", "Ⅱ类学分"),
    ("ANN_PUBLIC_HOURS", "公需科目学时"),
]
SHORT_LABELS = dict(SHORT_BY)
TITLE_LEVELS = ["正高", "副高", "中级", "初级", ""]
# Members without a summary are computed on the page up to this many; beyond it (a year the
# nightly fill has not reached yet) they count as undetermined and the page says how many.
LIVE_LIMIT = 300


@dataclass
class Standing:
    """One person's year, as the overview counts it."""

    person_id: int
    name: str
    unit_id: int
    unit_name: str
    department_id: int | None
    department_name: str
    title_level: str
    category: str
    status: str
    short: tuple[str, ...]
    messages: tuple[str, ...]
    total: Decimal
    class1: Decimal
    class1_remote: Decimal
    class2: Decimal

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def short_labels(self) -> str:
        return "、".join(SHORT_LABELS.get(code, code) for code in self.short)

    @property
    def title_label(self) -> str:
        return self.title_level or "无职称"


def standings(year: int, units: list[Unit]) -> list[Standing]:
    """Every current member of ``units`` with their standing for ``year``, read from the kept
    compliance summaries (``credits.queries.compliance_summaries``); a member without a current
    summary at their unit (never computed yet, or being refreshed after a transfer) is computed
    here by the same rule and not stored, as the unit's compliance list does — up to
    ``LIVE_LIMIT`` of them; more are undetermined until the nightly fill (:func:`unsummarised`)."""
    by_id = {u.pk: u for u in units}
    stored = list(
        compliance_summaries(year, list(by_id))
        .filter(person__unit_id=F("unit_id"))
        .select_related("person", "person__department")
    )
    have = {s.person_id for s in stored}
    missing = set(Person.objects.filter(unit_id__in=list(by_id)).values_list("pk", flat=True))
    missing -= have
    if missing:
        people = Person.objects.select_related("department").in_bulk(list(missing))
        made = unstored(year, missing)
        for summary in made:
            summary.person = people[summary.person_id]
            stored.append(summary)
    found = [_standing(s, by_id[s.person.unit_id]) for s in stored if s.person.unit_id in by_id]
    found.sort(key=lambda s: (s.unit_name, s.name, s.person_id))
    return found


def members_and_summaries(year: int, units: list[Unit], department_id: int | None = None):
    """The current members of ``units`` (of one department when given; 0: without one) and
    their summaries of ``year`` computed at the unit they are in now."""
    members = Person.objects.filter(unit_id__in=[u.pk for u in units])
    if department_id is not None:
        members = members.filter(department_id=department_id or None)
    stored = compliance_summaries(year, units).filter(
        person__unit_id=F("unit_id"), person__in=members
    )
    return members, stored


def unsummarised(year: int, units: list[Unit], department_id: int | None = None) -> int:
    """Members of ``units`` (of one department, when given; 0: without one) with no summary of
    ``year`` at their unit, when more than the page computes (else 0: the page computed them)."""
    members, stored = members_and_summaries(year, units, department_id)
    missing = members.exclude(pk__in=stored.values("person_id")).count()
    return missing if missing > LIVE_LIMIT else 0


def status_counts(year: int, units: list[Unit], department_id: int | None = None) -> Counter:
    """The year's standings of ``units``' current members counted by status in the database —
    the same counts :func:`standings` gives once everyone has a summary (the trend's years)."""
    members, stored = members_and_summaries(year, units, department_id)
    summarised = stored.values("status").annotate(n=Count("pk")).order_by()
    counts = Counter({(row["status"] or "undetermined"): row["n"] for row in summarised})
    missing = members.exclude(pk__in=stored.values("person_id")).values_list("pk", flat=True)
    counts.update(summary.status or "undetermined" for summary in unstored(year, list(missing)))
    return counts


def unstored(year: int, missing) -> list[ComplianceSummary]:
    """The summaries (unsaved) of members who have none for ``year``: computed by the rule up to
    ``LIVE_LIMIT`` of them, beyond it undetermined until the nightly fill stores them."""
    if len(missing) <= LIVE_LIMIT:
        return compute((pk, year) for pk in missing)
    return [ComplianceSummary.undetermined(pk, year) for pk in missing]


def _standing(summary, unit: Unit) -> Standing:
    person = summary.person
    return Standing(
        person_id=person.pk,
        name=person.name,
        unit_id=unit.pk,
        unit_name=unit.name,
        department_id=person.department_id,
        department_name=person.department.name if person.department_id else "",
        title_level=person.title_level or "",
        category=unit.category or "",
        status=summary.status or "undetermined",
        short=tuple(item["code"] for item in summary.short or ()),
        messages=tuple(item["message"] for item in summary.short or ()),
        total=summary.total,
        class1=summary.class1_national + summary.class1_provincial,
        class1_remote=summary.remote_class1,
        class2=summary.class2,
    )


def rate(counts: Counter) -> Decimal | None:
    """达标率: (compliant + exempt) over everyone whose standing is decided (those of a year
    without a credit pack are left out); ``None`` when nobody's is."""
    met = counts["compliant"] + counts["exempt"]
    decided = met + counts["noncompliant"]
    if not decided:
        return None
    return (Decimal(met) * 100 / decided).quantize(Decimal("0.1"))


def matches(standing: Standing, *, status="", short="", title=None, category=None) -> bool:
    """The filter of a drill-down list: the same test a figure counts with."""
    if status and standing.status != status:
        return False
    if short and short not in standing.short:
        return False
    if title is not None and standing.title_level != title:
        return False
    return category is None or standing.category == category


def remote_share(rows: list[Standing]) -> Decimal | None:
    """Remote class I credits over all class I credits, in per cent."""
    class1 = sum((s.class1 for s in rows), Decimal("0"))
    if not class1:
        return None
    remote = sum((s.class1_remote for s in rows), Decimal("0"))
    return share(class1, remote)


def share(class1: Decimal, remote: Decimal) -> Decimal | None:
    if not class1:
        return None
    return (remote * 100 / class1).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Cell:
    """People of one unit, department and title level with one status: what the figures count
    (the lists behind them read :func:`standings`)."""

    unit_id: int
    department_id: int | None
    title_level: str
    category: str
    status: str
    n: int
    short: tuple[str, ...] = ()


@dataclass
class Tally:
    cells: list[Cell]
    short: Counter
    class1: Decimal
    class1_remote: Decimal

    @property
    def remote_share(self) -> Decimal | None:
        return share(self.class1, self.class1_remote)


def tally(year: int, units: list[Unit], department_id: int | None = None) -> Tally:
    """The year's standings of ``units``' current members (of one department when given; 0:
    without one) counted in the database from the kept summaries — what :func:`standings`
    gives, grouped, without reading each person. Members without a summary are computed or
    left undetermined exactly as :func:`standings` does."""
    by_id = {u.pk: u for u in units}
    members, stored = members_and_summaries(year, units, department_id)
    grouped = (
        stored.values("unit_id", "person__department_id", "person__title_level", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells = Counter()
    for row in grouped:
        key = (row["unit_id"], row["person__department_id"], row["person__title_level"] or "")
        cells[(*key, row["status"] or "undetermined")] += row["n"]
    short = Counter()
    # A compliant year has nothing short; everyone else's failing rules, once per person.
    for items in stored.exclude(status="compliant").values_list("short", flat=True):
        short.update({item["code"] for item in items or ()})
    sums = stored.aggregate(
        class1=Sum(F("class1_national") + F("class1_provincial")), remote=Sum("remote_class1")
    )
    class1, remote = sums["class1"] or Decimal(0), sums["remote"] or Decimal(0)
    missing = list(members.exclude(pk__in=stored.values("person_id")).values_list("pk", flat=True))
    if missing:
        people = Person.objects.select_related("department").in_bulk(missing)
        made = unstored(year, missing)
        for summary in made:
            summary.person = people[summary.person_id]
            s = _standing(summary, by_id[summary.person.unit_id])
            cells[(s.unit_id, s.department_id, s.title_level, s.status)] += 1
            short.update(set(s.short))
            class1 += s.class1
            remote += s.class1_remote
    return Tally(
        cells=[
            Cell(unit, department, title, by_id[unit].category or "", status, n)
            for (unit, department, title, status), n in cells.items()
        ],
        short=short,
        class1=class1,
        class1_remote=remote,
    )


class StandingPages:
    """The people behind a compliance count, paged in the database when everyone in the scope
    has a summary: ``count()`` and slices, as a paginator asks, each slice read as standings."""

    def __init__(self, summaries, by_id: dict[int, Unit]):
        self.summaries = summaries
        self.by_id = by_id

    def count(self) -> int:
        return self.summaries.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        for summary in self.summaries.iterator(chunk_size=2000):
            yield _standing(summary, self.by_id[summary.person.unit_id])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_standing(s, self.by_id[s.person.unit_id]) for s in self.summaries[index]]
        return self[index : index + 1][0]


def people_rows(
    year: int,
    units: list[Unit],
    department_id: int | None = None,
    *,
    status="",
    short="",
    title=None,
    category=None,
):
    """The standings :func:`matches` keeps, in :func:`standings`' order: from the database,
    paged, when every member has a summary; else (someone's year still to compute) the whole
    list as :func:`standings` gives it."""
    by_id = {u.pk: u for u in units}
    members, stored = members_and_summaries(year, units, department_id)
    if members.exclude(pk__in=stored.values("person_id")).exists():
        rows = standings(year, units)
        if department_id is not None:
            rows = [s for s in rows if s.department_id == (department_id or None)]
        return [
            s
            for s in rows
            if matches(s, status=status, short=short, title=title, category=category)
        ]
    if status:
        stored = stored.filter(status="" if status == "undetermined" else status)
    if short:
        # The failing rules are stored as JSON [{"code": …, "message": …}]; a code's own text
        # with its quotes matches that code only, on SQLite and PostgreSQL alike.
        stored = stored.filter(short__icontains=f'"code": "{short}"')
    if title is not None:
        stored = stored.filter(person__title_level=title)
    if category is not None:
        stored = stored.filter(person__unit__category=category)
    ordered = stored.select_related("person", "person__department").order_by(
        "person__unit__name", "person__name", "person_id"
    )
    return StandingPages(ordered, by_id)


def kept_tally(
    year: int, units: list[Unit], department_id: int | None = None, *, split: bool = False
) -> tuple[Tally, int]:
    """What :func:`tally` counts, added up from the counts kept per unit and year
    (``overview.kept``, a unit without them counted live), and how many members have no summary
    when more than the page computes (:func:`unsummarised`). ``split``: the cells carry each
    person's department (a unit's bars by department); otherwise the department is left out."""
    from jijiao.overview.kept import COMPLIANCE, tallies

    by_id = {u.pk: u for u in units}
    cells = Counter()
    short = Counter()
    class1 = remote = Decimal(0)
    missing: list[int] = []
    for (unit, key), counted in tallies(
        COMPLIANCE, year, list(by_id), department_id, split
    ).items():
        department = (key or None) if split or department_id is not None else None
        for cell, n in counted.cells.items():
            title, _bar, status = cell.rpartition("|")
            cells[(unit, department, title, status)] += n
        short.update(counted.short)
        class1 += counted.class1
        remote += counted.remote
        missing += counted.missing
    people = {
        pk: (unit, department, title or "")
        for pk, unit, department, title in Person.objects.filter(
            pk__in=missing, unit_id__in=list(by_id)
        ).values_list("pk", "unit_id", "department_id", "title_level")
    }
    for summary in unstored(year, list(people)):
        unit, department, title = people[summary.person_id]
        if not split and department_id is None:
            department = None
        cells[(unit, department, title, summary.status or "undetermined")] += 1
        if summary.status != "compliant":
            short.update({item["code"] for item in summary.short or ()})
        class1 += summary.class1_national + summary.class1_provincial
        remote += summary.remote_class1
    counted = Tally(
        cells=[
            Cell(unit, department, title, by_id[unit].category or "", status, n)
            for (unit, department, title, status), n in cells.items()
        ],
        short=short,
        class1=class1,
        class1_remote=remote,
    )
    return counted, (len(people) if len(people) > LIVE_LIMIT else 0)


def kept_status_counts(
    years: list[int], units: list[Unit], department_id: int | None = None
) -> dict[int, Counter]:
    """:func:`status_counts` of each year (the trend's) from the kept counts, in one query; a
    unit without them counted live, members without a summary as :func:`tally` counts them."""
    from jijiao.overview.kept import COMPLIANCE, MODELS

    unit_ids = [u.pk for u in units]
    found = {year: Counter() for year in years}
    seen: dict[int, set[int]] = {year: set() for year in years}
    missing: dict[int, list[int]] = {year: [] for year in years}
    column = "figures" if department_id is None else "departments"
    rows = MODELS[COMPLIANCE].objects.filter(year__in=years, unit_id__in=unit_ids)
    for year, unit, figures in rows.values_list("year", "unit_id", column):
        seen[year].add(unit)
        if department_id is not None:
            figures = figures.get(str(department_id)) or {}
        for cell, n in (figures.get("cells") or {}).items():
            found[year][cell.rpartition("|")[2]] += n
        missing[year] += figures.get("missing") or ()
    for year in years:
        if missing[year]:
            current = Person.objects.filter(pk__in=missing[year], unit_id__in=unit_ids)
            found[year].update(
                s.status or "undetermined"
                for s in unstored(year, list(current.values_list("pk", flat=True)))
            )
        others = [u for u in units if u.pk not in seen[year]]
        if others:
            found[year].update(status_counts(year, others, department_id))
    return found
