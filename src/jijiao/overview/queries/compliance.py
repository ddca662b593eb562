"""Compliance of a year: each person's standing, and the figures counted from them.

:func:`standings` is the one place the standings come from. Today it computes them live, unit
by unit, with the annual-compliance rule (``credits.transcript.unit_compliance``); it is the one
function to switch to the kept compliance summary once that exists. Everything else here counts
the standings, so a figure and the list behind it are the same rows filtered the same way.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from jijiao.credits.transcript import as_record, unit_compliance
from jijiao.orgs.models import Unit

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
    """Every current member of ``units`` with their standing for ``year`` (live, unit by unit:
    three queries a unit and the rule per person)."""
    found: list[Standing] = []
    for unit in units:
        listing = unit_compliance(unit, year)
        for transcript in listing.people:
            person = transcript.person
            counting = [e for e in transcript.rows if as_record(e).counts]
            class1 = [e for e in counting if e.credit_class == "I"]
            failures = transcript.standing.failures if transcript.standing else ()
            found.append(
                Standing(
                    person_id=person.pk,
                    name=person.name,
                    unit_id=unit.pk,
                    unit_name=unit.name,
                    department_id=person.department_id,
                    department_name=person.department.name if person.department_id else "",
                    title_level=person.title_level or "",
                    category=unit.category or "",
                    status=transcript.status or "undetermined",
                    short=tuple(f.code for f in failures),
                    messages=tuple(f.message for f in failures),
                    total=transcript.total,
                    class1=transcript.class1,
                    class1_remote=sum((e.credits for e in class1 if e.remote), Decimal("0")),
                    class2=transcript.class2,
                )
            )
    return found


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
    return (remote * 100 / class1).quantize(Decimal("0.1"))
