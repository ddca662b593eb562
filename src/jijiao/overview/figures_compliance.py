"""The compliance part of the overview: counts by group, title level, unit category and year,
who is short by what, the remote share of class I — each count with the address of its list."""

from collections import Counter
from dataclasses import dataclass

from jijiao.credits.models import ComplianceConfirmation
from jijiao.orgs.models import Unit
from jijiao.overview.charts import PALETTE, Bar, Segment, hbars
from jijiao.overview.links import list_url, overview_url
from jijiao.overview.queries.compliance import (
    SHORT_BY,
    STATUSES,
    TITLE_LEVELS,
    Cell,
    Standing,
    kept_status_counts,
    kept_tally,
    matches,
    people_rows,
    rate,
)
from jijiao.overview.scope import Scope

SEGMENTS = [Segment(key, label, PALETTE[i]) for i, (key, label) in enumerate(STATUSES)]
CATEGORIES = [*Unit.Category.choices, ("", "未设类别")]


@dataclass
class Row:
    """A table row: a label (linked to its overview), people, counts by status with links."""

    label: str
    url: str
    people: int
    counts: list[tuple[int, str]]
    rate: object
    confirmed: bool | None = None  # the unit's confirmation of its list (unit bars only)


def _row(label: str, url: str, params: dict, rows: list[Cell], **filters) -> Row:
    counts = Counter()
    for cell in rows:
        counts[cell.status] += cell.n
    return Row(
        label=label,
        url=url,
        people=sum(counts.values()),
        counts=[
            (counts[key], list_url("people", params, status=key, **filters)) for key, _l in STATUSES
        ],
        rate=rate(counts),
    )


def _counted_row(label: str, url: str, params: dict, counts: Counter) -> Row:
    return Row(
        label=label,
        url=url,
        people=sum(counts.values()),
        counts=[(counts[key], list_url("people", params, status=key)) for key, _l in STATUSES],
        rate=rate(counts),
    )


def _bar(row: Row) -> Bar:
    note = f"达标率 {row.rate}%" if row.rate is not None else ""
    return Bar(row.label, row.url, row.counts, note)


def group_key(scope: Scope, standing: Standing | Cell) -> str:
    if scope.grouping == "department":
        return str(standing.department_id or "")
    return scope.group_key_of_unit_id(standing.unit_id)


def compliance_section(scope: Scope) -> dict:
    department = scope.department.pk if scope.department is not None else None
    counted, unsummarised = kept_tally(
        scope.year, scope.units, department, split=scope.grouping == "department"
    )
    rows = counted.cells
    params = scope.params()
    total = _row("合计", "", params, rows)
    groups = []
    confirmed = set(
        ComplianceConfirmation.objects.filter(unit__in=scope.units, year=scope.year).values_list(
            "unit_id", flat=True
        )
    )
    by_group: dict[str, list[Cell]] = {}
    for cell in rows:
        by_group.setdefault(group_key(scope, cell), []).append(cell)
    for group in scope.groups():
        mine = by_group.get(group.key, [])
        row = _row(group.label, overview_url(group.url_params), group.url_params, mine)
        if scope.grouping == "unit":
            row.confirmed = int(group.key) in confirmed
        groups.append(row)
    titles = [
        _row(
            title or "无职称",
            list_url("people", params, title=title or "-"),
            params,
            [s for s in rows if matches(s, title=title)],
            title=title or "-",
        )
        for title in TITLE_LEVELS
    ]
    categories = []
    if scope.unit is None:
        categories = [
            _row(
                label,
                list_url("people", params, category=key or "-"),
                params,
                [s for s in rows if matches(s, category=key)],
                category=key or "-",
            )
            for key, label in CATEGORIES
        ]
        categories = [c for c in categories if c.people]
    trend = []
    # The earlier years: only their counts are shown, read together from the kept counts.
    earlier = kept_status_counts(list(range(scope.year - 4, scope.year)), scope.units, department)
    for year in range(scope.year - 4, scope.year + 1):
        year_params = {**params, "year": year}
        if year == scope.year:
            trend.append(_row(f"{year} 年", overview_url(year_params), year_params, rows))
        else:
            counts = earlier[year]
            trend.append(_counted_row(f"{year} 年", overview_url(year_params), year_params, counts))
    short = [
        (label, counted.short[code], list_url("people", params, short=code))
        for code, label in SHORT_BY
    ]
    return {
        "total": total,
        "cards": [
            (label, n, url) for (_k, label), (n, url) in zip(STATUSES, total.counts, strict=True)
        ],
        "groups": groups,
        "titles": titles,
        "categories": categories,
        "trend": trend,
        "short": short,
        "remote_share": counted.remote_share,
        "unsummarised": unsummarised,
        "statuses": STATUSES,
        "chart_groups": hbars(
            f"各{scope.grouping_label}达标情况", [_bar(g) for g in groups], SEGMENTS, unit=" 人"
        ),
        "chart_titles": hbars("按职称级别", [_bar(t) for t in titles], SEGMENTS, unit=" 人"),
        "chart_categories": hbars(
            "按单位类别", [_bar(c) for c in categories], SEGMENTS, unit=" 人"
        ),
        "chart_trend": hbars("近五年", [_bar(t) for t in trend], SEGMENTS, unit=" 人"),
        "chart_short": hbars(
            "未达标人员缺什么",
            [Bar(label, url, [(n, url)]) for label, n, url in short],
            [Segment("short", "人数", PALETTE[2])],
            unit=" 人",
        ),
    }


def people_list(scope: Scope, *, status="", short="", title=None, category=None):
    """The people behind a compliance count: the scope's standings under the same filter,
    paged in the database where it can (``queries.compliance.people_rows``)."""
    department = scope.department.pk if scope.department is not None else None
    return people_rows(
        scope.year,
        scope.units,
        department,
        status=status,
        short=short,
        title=title,
        category=category,
    )
