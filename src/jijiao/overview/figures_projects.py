"""The projects and quality parts of the overview: the stages reached per group and level, the
sessions by month and by trainees, the scores, evaluations, inspections and sanctions — added up
from the kept summaries of each unit's year (``kept``, ``tallies``); the lists behind them are
read from the records."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from jijiao.execution.vocab import ITEM_NAMES
from jijiao.hosting.models import Sanction
from jijiao.overview.charts import PALETTE, Bar, Segment, hbars, vbars
from jijiao.overview.kept import PROJECTS, department_tallies, project_tallies
from jijiao.overview.links import list_url, overview_url
from jijiao.overview.queries.projects import (
    BANDS,
    LEVELS,
    STAGES,
    ProjectRow,
    SessionRow,
    project_rows,
    session_rows,
    share,
)
from jijiao.overview.queries.quality import (
    SATISFACTION,
    SATISFACTION_LABELS,
    SCORE_BANDS,
    quality_of,
    satisfaction,
    score_band,
)
from jijiao.overview.scope import Scope
from jijiao.overview.tallies import ProjectTally

STAGE_SEGMENTS = [Segment(key, label, PALETTE[i]) for i, (key, label) in enumerate(STAGES)]
# Furthest stage reached, in the order the bars stack them: the furthest first.
REACHED = list(reversed(STAGES))
REACHED_SEGMENTS = [
    Segment(key, label, c)
    for (key, label), c in zip(
        REACHED, ["#2e7d32", "#66bb6a", "#1565c0", "#ef6c00", "#9e9e9e"], strict=True
    )
]


def department_param(scope: Scope) -> int | None:
    return scope.department.pk if scope.department is not None else None


def rows_of(scope: Scope) -> list[ProjectRow]:
    return project_rows(scope.year, scope.unit_ids, department_param(scope))


def department_key(department_id) -> str:
    return str(department_id or "")


@dataclass
class GroupRow:
    label: str
    url: str
    params: dict
    stages: list[tuple[int, str]]  # at least at each stage: count, list address
    reached: list[tuple[int, str]]  # furthest stage reached
    rate: object
    sessions: int
    trainees: int
    per_session: object
    outside_unit: object
    outside_province: object
    score: object
    scored: int
    scores_url: str
    satisfied: object
    answers: int
    inspections: int
    violations: int
    sanctions: int


def _satisfaction(tally: ProjectTally) -> dict:
    return satisfaction(
        [{"answers": tally.answers, **{q: tally.satisfied[q] for q, _t in SATISFACTION}}]
    )


def _mean(total, n: int) -> Decimal | None:
    return (total / n).quantize(Decimal("0.1")) if n else None


def _group_row(label, url, params, tally: ProjectTally, sanctions: int) -> GroupRow:
    return GroupRow(
        label=label,
        url=url,
        params=params,
        stages=[(tally.at[key], list_url("projects", params, stage=key)) for key, _l in STAGES],
        reached=[
            (tally.reached[key], list_url("projects", params, reached=key)) for key, _l in REACHED
        ],
        rate=share(tally.at["accepted"], tally.projects),
        sessions=tally.sessions,
        trainees=tally.trainees,
        per_session=(round(tally.trainees / tally.sessions, 1) if tally.sessions else None),
        outside_unit=share(tally.outside_unit, tally.trainees),
        outside_province=share(tally.outside_province, tally.trainees),
        score=_mean(tally.score_sum, tally.scored),
        scored=tally.scored,
        scores_url=list_url("scores", params),
        satisfied=_satisfaction(tally)["overall"],
        answers=tally.answers,
        inspections=tally.inspections,
        violations=tally.violations,
        sanctions=sanctions,
    )


def sanction_counts(scope: Scope) -> Counter:
    """(unit id, kind) → the units' sanctions in force in the year or waiting to be decided
    (``queries.quality.quality_of``'s), counted in the database."""
    rows = (
        Sanction.objects.filter(
            unit_id__in=scope.unit_ids,
            first_year__lte=scope.year,
            last_year__gte=scope.year,
            state__in=[Sanction.State.CONFIRMED, Sanction.State.PROPOSED],
        )
        .values_list("unit_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({(unit, kind): n for unit, kind, n in rows})


def tallies_by_group(scope: Scope) -> dict[str, ProjectTally]:
    """Group key → the project and quality tally of the group (kept summaries, ``kept``)."""
    found: dict[str, ProjectTally] = {}
    if scope.grouping == "department":
        for key, tally in department_tallies(PROJECTS, scope.year, scope.unit.pk).items():
            found.setdefault(department_key(key), ProjectTally()).add(tally)
        return found
    department = department_param(scope)
    for (unit, _key), tally in project_tallies(scope.year, scope.unit_ids, department).items():
        group = "" if scope.grouping == "person" else scope.group_key_of_unit_id(unit)
        found.setdefault(group, ProjectTally()).add(tally)
    return found


def projects_section(scope: Scope) -> dict:
    by_group = tallies_by_group(scope)
    everything = ProjectTally()
    for tally in by_group.values():
        everything.add(tally)
    sanctions = sanction_counts(scope)
    params = scope.params()
    groups = []
    for group in scope.groups():
        if scope.grouping == "department":
            in_group = 0
        else:
            in_group = sum(
                n for (unit, _k), n in sanctions.items()
                if scope.group_key_of_unit_id(unit) == group.key
            )  # fmt: skip
        groups.append(
            _group_row(
                group.label,
                overview_url(group.url_params),
                group.url_params,
                by_group.get(group.key, ProjectTally()),
                in_group,
            )
        )
    total = _group_row("合计", "", params, everything, sum(sanctions.values()))
    levels = [
        {
            "label": label,
            "stages": [
                (
                    everything.levels[f"{level}|{key}"],
                    list_url("projects", params, level=level, stage=key),
                )
                for key, _l in STAGES
            ],
        }
        for level, label in LEVELS
    ]
    months = [
        Bar(
            f"{m}月",
            list_url("sessions", params, month=m),
            [(everything.months[str(m)], "")],
        )
        for m in range(1, 13)
    ]
    bands = [
        Bar(label, list_url("sessions", params, band=key), [(everything.bands[key], "")])
        for key, label, _low, _high in BANDS
    ]
    for bar in bands:
        bar.values = [(bar.values[0][0], bar.url)]
    score_bars = [
        Bar(label, list_url("scores", params, band=key), [(everything.score_bands[key], "")])
        for key, label, _low, _high in SCORE_BANDS
    ]
    for bar in score_bars:
        bar.values = [(bar.values[0][0], bar.url)]
    mine = _satisfaction(everything)
    kinds = Counter()
    for (_unit, kind), n in sanctions.items():
        kinds[kind] += n
    return {
        "total": total,
        "groups": groups,
        "levels": levels,
        "stages": STAGES,
        "reached_stages": REACHED,
        "chart_funnel": hbars(
            "项目执行进度",
            [
                Bar(label, url, [(n, url)])
                for (n, url), (_k, label) in zip(total.stages, STAGES, strict=True)
            ],
            [Segment("n", "项目数", PALETTE[1])],
            unit=" 项",
        ),
        "chart_groups": hbars(
            f"各{scope.grouping_label}项目执行（按已到环节）",
            [
                Bar(g.label, g.url, g.reached, f"执行率 {g.rate}%" if g.rate is not None else "")
                for g in groups
            ],
            REACHED_SEGMENTS,
            unit=" 项",
        ),
        "months": [(m, bar.total) for m, bar in enumerate(months, start=1)],
        "month_rows": [(bar.label, bar.total, bar.url) for bar in months],
        "band_rows": [(bar.label, bar.total, bar.url) for bar in bands],
        "score_rows": [(bar.label, bar.total, bar.url) for bar in score_bars],
        "chart_months": vbars("各月举办期次", months, unit=" 期"),
        "chart_bands": hbars(
            "每期学员人数", bands, [Segment("n", "期次数", PALETTE[1])], unit=" 期"
        ),
        "chart_scores": hbars(
            "执行评分分布", score_bars, [Segment("n", "期次数", PALETTE[0])], unit=" 期"
        ),
        "chart_group_scores": hbars(
            f"各{scope.grouping_label}平均执行评分",
            [
                Bar(g.label, g.scores_url, [(g.score, g.scores_url)], f"（{g.scored} 期）")
                for g in groups
                if g.score is not None
            ],
            [Segment("score", "平均分", PALETTE[0])],
            scale_max=100,
            unit=" 分",
        ),
        "items": [
            (code, name, _mean(*everything.items.get(code, [Decimal("0"), 0])))
            for code, name in ITEM_NAMES.items()
        ],
        "satisfaction": mine,
        "satisfaction_rows": [
            (SATISFACTION_LABELS[name], mine["shares"][name]) for name, _t in SATISFACTION
        ],
        "inspections_url": list_url("inspections", params),
        "violations_url": list_url("inspections", params, violation=1),
        "sanction_kinds": [
            (label, kinds[key], list_url("sanctions", params, kind=key))
            for key, label in Sanction.Kind.choices
        ],
        "sanctions_url": list_url("sanctions", params),
    }


def project_list(scope: Scope, *, stage="", reached="", level="") -> list[ProjectRow]:
    return [
        p
        for p in rows_of(scope)
        if (not stage or p.at(stage))
        and (not reached or p.stage == reached)
        and (not level or p.level == level)
    ]


def session_list(scope: Scope, *, month=None, band="") -> list[SessionRow]:
    return [
        s
        for s in session_rows(rows_of(scope))
        if s.filed and (month is None or s.month == month) and (not band or s.band == band)
    ]


def score_list(scope: Scope, *, band=""):
    sessions = session_rows(rows_of(scope))
    quality = quality_of([s.session.pk for s in sessions], scope.unit_ids, scope.year)
    scores = sorted(quality.scores.values(), key=lambda s: (s.session.starts_at, s.pk))
    return [s for s in scores if not band or score_band(s.total) == band]


def inspection_list(scope: Scope, *, violation=False):
    sessions = session_rows(rows_of(scope))
    quality = quality_of([s.session.pk for s in sessions], scope.unit_ids, scope.year)
    return [i for i in quality.inspections if not violation or i.violation]


def sanction_list(scope: Scope, *, kind=""):
    quality = quality_of([], scope.unit_ids, scope.year)
    return [s for s in quality.sanctions if not kind or s.kind == kind]
