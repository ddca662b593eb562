"""The credits part of the overview: the year's credit rows of the scope's people by entry
path, class and level, and the rows still in the approval chain with how long they have
waited — added up from the kept summaries of each unit's year (``kept``); the list behind each
count is read from the ledger."""

from collections import Counter
from decimal import Decimal

from jijiao.common import clock
from jijiao.credits.models import LedgerEntry
from jijiao.credits.vocab import LEVEL_LABELS
from jijiao.overview.charts import PALETTE, Bar, Segment, hbars
from jijiao.overview.kept import PENDING, credit_tallies
from jijiao.overview.links import list_url
from jijiao.overview.scope import Scope
from jijiao.overview.tallies import CreditTally

S = LedgerEntry.Status
AGES = [("7", "7 天内", 0, 7), ("30", "8–30 天", 8, 30), ("31", "30 天以上", 31, 10**6)]
CLASSES = [("I", "Ⅰ类"), ("II", "Ⅱ类")]
CLASS_SEGMENTS = [Segment("I", "Ⅰ类", PALETTE[1]), Segment("II", "Ⅱ类", PALETTE[4])]


def entries(scope: Scope):
    """The year's valid rows of the scope's current people."""
    found = LedgerEntry.objects.filter(
        year=scope.year, person__unit_id__in=scope.unit_ids, valid=True
    )
    if scope.department is not None:
        if scope.department.pk:
            found = found.filter(person__department_id=scope.department.pk)
        else:
            found = found.filter(person__department__isnull=True)
    return found


def age_of(entry_at) -> str:
    days = (clock.now() - entry_at).days
    return next(key for key, _l, low, high in AGES if low <= days <= high)


def tally_of(scope: Scope) -> CreditTally:
    """The scope's credit tally for the year, added up from the kept summaries (``kept``)."""
    department = scope.department.pk if scope.department is not None else None
    total = CreditTally()
    for tally in credit_tallies(scope.year, scope.unit_ids, department).values():
        total.add(tally)
    return total


def credits_section(scope: Scope) -> dict:
    params = scope.params()
    tally = tally_of(scope)
    count = Counter()
    levels = Counter()
    sums: dict = {}
    for key, (n, total) in tally.approved.items():
        source, credit_class, level = key.split("|")
        count[(source, credit_class)] += n
        levels[(credit_class, level)] += n
        sums[source] = sums.get(source, Decimal("0")) + total
    paths = [
        {
            "label": label,
            "counts": [
                (count[(key, cls)], list_url("entries", params, source=key, credit_class=cls))
                for cls, _l in CLASSES
            ],
            "credits": sums.get(key, Decimal("0")),
        }
        for key, label in LedgerEntry.Source.choices
    ]
    level_rows = [
        (
            f"{cls_label}{LEVEL_LABELS.get(level, level)}",
            levels[(cls, level)],
            list_url("entries", params, credit_class=cls, level=level),
        )
        for cls, cls_label in CLASSES
        for level in LEVEL_LABELS
        if levels[(cls, level)]
    ]
    waiting = tally.waiting(clock.now(), AGES)
    pending = [
        {
            "label": label,
            "ages": [
                (
                    waiting.get(status, Counter())[age],
                    list_url("entries", params, status=status, age=age),
                )
                for age, _l, _lo, _hi in AGES
            ],
        }
        for status, label in S.choices
        if status in PENDING
    ]
    return {
        "paths": paths,
        "classes": CLASSES,
        "levels": level_rows,
        "pending": pending,
        "ages": AGES,
        "chart_paths": hbars(
            "学分来源（已通过的记录）",
            [Bar(p["label"], "", p["counts"]) for p in paths],
            CLASS_SEGMENTS,
            unit=" 条",
        ),
        "chart_pending": hbars(
            "审核中的学分（等待时长）",
            [Bar(p["label"], "", p["ages"]) for p in pending],
            [Segment(k, label, PALETTE[i]) for i, (k, label, _l, _h) in enumerate(AGES)],
            unit=" 条",
        ),
    }


def entry_list(scope: Scope, *, source="", credit_class="", level="", status="", age=""):
    found = entries(scope).select_related("person", "person__unit").order_by("entered_at", "pk")
    # The approved rows unless a status of the chain is asked for.
    found = found.filter(status=status or S.APPROVED)
    if source:
        found = found.filter(source=source)
    if credit_class:
        found = found.filter(credit_class=credit_class)
    if level:
        found = found.filter(credit_level=level)
    return [e for e in found if not age or age_of(e.entered_at) == age]
