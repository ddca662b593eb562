"""The projects and quality parts of the overview: the stages reached per group and level, the
sessions by month and by trainees, the scores, evaluations, inspections and sanctions."""

from collections import Counter
from dataclasses import dataclass

from jijiao.hosting.models import Sanction
from jijiao.overview.charts import PALETTE, Bar, Segment, hbars, vbars
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
    item_means,
    mean,
    quality_of,
    satisfaction,
    score_band,
)
from jijiao.overview.scope import Scope

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


def group_key(scope: Scope, row) -> str:
    if scope.grouping == "department":
        return str(row.department_id or "")
    return scope.group_key_of_unit_id(row.unit_id)


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


def _group_row(label, url, params, projects: list[ProjectRow], quality, sanctions) -> GroupRow:
    sessions = [s for s in session_rows(projects) if s.filed]
    trainees = sum(s.trainees for s in sessions)
    reached = Counter(p.stage for p in projects)
    ids = {s.session.pk for s in session_rows(projects)}
    scores = [quality.scores[i] for i in ids if i in quality.scores]
    surveys = [quality.surveys[i] for i in ids if i in quality.surveys]
    inspections = [i for i in quality.inspections if i.session_id in ids]
    mine = satisfaction(surveys)
    return GroupRow(
        label=label,
        url=url,
        params=params,
        stages=[
            (sum(1 for p in projects if p.at(key)), list_url("projects", params, stage=key))
            for key, _label in STAGES
        ],
        reached=[(reached[key], list_url("projects", params, reached=key)) for key, _l in REACHED],
        rate=share(sum(1 for p in projects if p.at("accepted")), len(projects)),
        sessions=len(sessions),
        trainees=trainees,
        per_session=(round(trainees / len(sessions), 1) if sessions else None),
        outside_unit=share(sum(s.outside_unit for s in sessions), trainees),
        outside_province=share(sum(s.outside_province for s in sessions), trainees),
        score=mean(s.total for s in scores),
        scored=len(scores),
        scores_url=list_url("scores", params),
        satisfied=mine["overall"],
        answers=mine["answers"],
        inspections=len(inspections),
        violations=sum(1 for i in inspections if i.violation),
        sanctions=len(sanctions),
    )


def projects_section(scope: Scope) -> dict:
    projects = rows_of(scope)
    sessions = session_rows(projects)
    quality = quality_of([s.session.pk for s in sessions], scope.unit_ids, scope.year)
    params = scope.params()
    unit_of_group = {}
    groups = []
    for group in scope.groups():
        mine = [p for p in projects if group_key(scope, p) == group.key]
        if scope.grouping == "department":
            sanctions = []
        else:
            unit_of_group = {u.pk: scope.group_of_unit(u).key for u in scope.units}
            sanctions = [s for s in quality.sanctions if unit_of_group.get(s.unit_id) == group.key]
        groups.append(
            _group_row(
                group.label,
                overview_url(group.url_params),
                group.url_params,
                mine,
                quality,
                sanctions,
            )
        )
    total = _group_row("合计", "", params, projects, quality, quality.sanctions)
    levels = [
        {
            "label": label,
            "stages": [
                (
                    sum(1 for p in projects if p.level == level and p.at(key)),
                    list_url("projects", params, level=level, stage=key),
                )
                for key, _l in STAGES
            ],
        }
        for level, label in LEVELS
    ]
    filed = [s for s in sessions if s.filed]
    months = [
        Bar(
            f"{m}月",
            list_url("sessions", params, month=m),
            [(sum(1 for s in filed if s.month == m), "")],
        )
        for m in range(1, 13)
    ]
    bands = [
        Bar(
            label,
            list_url("sessions", params, band=key),
            [(sum(1 for s in filed if s.band == key), "")],
        )
        for key, label, _low, _high in BANDS
    ]
    for bar in bands:
        bar.values = [(bar.values[0][0], bar.url)]
    scores = list(quality.scores.values())
    score_bars = [
        Bar(
            label,
            list_url("scores", params, band=key),
            [(sum(1 for s in scores if score_band(s.total) == key), "")],
        )
        for key, label, _low, _high in SCORE_BANDS
    ]
    for bar in score_bars:
        bar.values = [(bar.values[0][0], bar.url)]
    mine = satisfaction(list(quality.surveys.values()))
    kinds = Counter(s.kind for s in quality.sanctions)
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
        "items": item_means(scores),
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
