"""Execution score (全继委办发〔2024〕3号 附件4): the rubric applied to each session.

The pack's ``scoring`` section holds every threshold and point value; this module only knows
what fact each item measures. Face-to-face and remote sessions both total 100, a blended project
is scored as the pack's ``blended_as`` mode, and a project scores the mean of its sessions.
A fact that was not reported scores the item's ``missing`` points (the rubric's "未填写").
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from jijiao.engine.packs.model import Policy
from jijiao.engine.rules.dates import days_between
from jijiao.engine.rules.findings import Finding
from jijiao.engine.rules.numbers import as_fraction, json_int_or_float, json_score
from jijiao.engine.rules.vocab import FormatChange, ScoreMode


@dataclass(frozen=True)
class ScoreProject:
    mode: ScoreMode | None = None
    unit_province: str | None = None


@dataclass(frozen=True)
class Planned:
    start: date | None = None
    end: date | None = None
    venue: str | None = None
    days: Fraction | None = None
    hours: Fraction | None = None
    teachers: list[str] | None = None


@dataclass(frozen=True)
class Actual:
    start: date | None = None
    end: date | None = None
    venue: str | None = None
    scenic_area: bool | None = None
    format_change: FormatChange | None = None
    days: Fraction | None = None
    hours: Fraction | None = None
    teachers: list[str] | None = None


@dataclass(frozen=True)
class VideoControls:
    no_seek: bool | None = None
    no_parallel: bool | None = None
    presence_check: bool | None = None


@dataclass(frozen=True)
class ScoredSession:
    held: bool | None = None
    planned: Planned | None = None
    filed_on: date | None = None
    actual: Actual | None = None
    reported_on: date | None = None
    pi_taught: bool | None = None
    venue_province: str | None = None
    upload_cycle_months: Fraction | None = None
    video_controls: VideoControls | None = None
    trainees_by_province: dict[str, int] | None = None
    survey: dict[str, list[int]] | None = None


@dataclass(frozen=True)
class ExecutionScore:
    project: ScoreProject | None = None
    sessions: list[ScoredSession] | None = None


_COMPARE: dict[str, Callable[[Fraction, Fraction], bool]] = {
    "ge": lambda x, bound: x >= bound,
    "gt": lambda x, bound: x > bound,
    "le": lambda x, bound: x <= bound,
    "lt": lambda x, bound: x < bound,
}


def band_points(item: Mapping[str, Any], value: Fraction | int | None) -> Any:
    """Points of the first band ``value`` falls in; ``otherwise`` when none, ``missing`` when
    the fact is absent."""
    if value is None:
        return item.get("missing", 0)
    for band in item.get("bands", ()):
        for op, test in _COMPARE.items():
            if op in band and test(Fraction(value), as_fraction(band[op])):
                return band["points"]
    return item.get("otherwise", 0)


def _change(planned: Fraction | None, actual: Fraction | None) -> Fraction | None:
    if planned is None or actual is None or planned == 0:
        return None
    return abs(actual - planned) / planned


def _inclusive_days(start: date | None, end: date | None) -> Fraction | None:
    if start is None or end is None:
        return None
    return Fraction(days_between(start, end) + 1)


@dataclass(frozen=True)
class _Facts:
    """One session's facts as the rubric reads them."""

    session: ScoredSession
    mode: str
    home_province: str | None

    @property
    def planned(self) -> Planned:
        return self.session.planned or Planned()

    @property
    def actual(self) -> Actual:
        return self.session.actual or Actual()


def lead_days(facts: _Facts) -> int | None:
    """1.1.1: start − filed, in days; the actual start when held, else the planned one."""
    held = facts.session.held
    start = facts.actual.start if held and facts.actual.start else facts.planned.start
    if facts.session.filed_on is None or start is None:
        return None
    return days_between(facts.session.filed_on, start)


def _item_1_1_1(item, facts):
    return band_points(item, lead_days(facts))


def _item_1_1_2(item, facts):
    end = facts.actual.end or facts.planned.end
    if facts.session.reported_on is None or end is None:
        return item.get("missing", 0)
    return band_points(item, days_between(end, facts.session.reported_on))


def _item_1_1_3(item, facts):
    return band_points(item, facts.session.upload_cycle_months)


def _changed(actual: Any, planned: Any) -> bool:
    """An actual value that is reported and differs from the plan (absent = no change)."""
    return actual is not None and actual != planned


def _item_1_2_1(item, facts):
    changed = _changed(facts.actual.start, facts.planned.start) or _changed(
        facts.actual.end, facts.planned.end
    )
    return item["changed"] if changed else item["unchanged"]


def _item_1_2_2(item, facts):
    if facts.actual.scenic_area:
        return item["scenic"]
    changed = _changed(facts.actual.venue, facts.planned.venue)
    return item["changed"] if changed else item["unchanged"]


def _item_1_2_3(item, facts):
    change = facts.actual.format_change
    return item.get("missing", 0) if change is None else item[change]


def _item_1_2_4(item, facts):
    """Face-to-face compares days (from the dates when not given), remote compares 学时."""
    if facts.mode == "remote":
        return band_points(item, _change(facts.planned.hours, facts.actual.hours))
    planned = facts.planned.days or _inclusive_days(facts.planned.start, facts.planned.end)
    actual = facts.actual.days or _inclusive_days(facts.actual.start, facts.actual.end)
    return band_points(item, _change(planned, actual))


def _item_1_2_5(item, facts):
    return item["yes"] if facts.session.pi_taught else item["no"]


def _item_1_2_6(item, facts):
    planned = set(facts.planned.teachers or [])
    if facts.actual.teachers is None or not planned:
        return item.get("missing", 0)
    absent = planned - set(facts.actual.teachers)
    return band_points(item, Fraction(len(absent), len(planned)))


def _item_1_2_7(item, facts):
    controls = facts.session.video_controls
    complete = controls is not None and all(
        (controls.no_seek, controls.no_parallel, controls.presence_check)
    )
    return item["all"] if complete else item["otherwise"]


def _item_2_1_1(item, facts):
    """Out-of-province share against the venue's province (remote: the applying unit's)."""
    trainees = facts.session.trainees_by_province
    total = sum(trainees.values()) if trainees else 0
    if not total or facts.home_province is None:
        return item.get("missing", 0)
    outside = sum(n for province, n in trainees.items() if province != facts.home_province)
    return band_points(item, Fraction(outside, total))


def _item_2_1_2(item, facts):
    trainees = facts.session.trainees_by_province
    if trainees is None:
        return item.get("missing", 0)
    return band_points(item, sum(1 for n in trainees.values() if n > 0))


def satisfaction(survey: Mapping[str, list[int]] | None, questions, best: int) -> Fraction | None:
    """Answers in the ``best`` first options ÷ all answers, over the listed questions."""
    if not survey:
        return None
    answers = [survey[q] for q in questions if q in survey]
    total = sum(sum(counts) for counts in answers)
    if total == 0:
        return None
    return Fraction(sum(sum(counts[:best]) for counts in answers), total)


_ITEMS: dict[str, Callable[[Mapping[str, Any], _Facts], Any]] = {
    "1.1.1": _item_1_1_1,
    "1.1.2": _item_1_1_2,
    "1.1.3": _item_1_1_3,
    "1.2.1": _item_1_2_1,
    "1.2.2": _item_1_2_2,
    "1.2.3": _item_1_2_3,
    "1.2.4": _item_1_2_4,
    "1.2.5": _item_1_2_5,
    "1.2.6": _item_1_2_6,
    "1.2.7": _item_1_2_7,
    "2.1.1": _item_2_1_1,
    "2.1.2": _item_2_1_2,
}


def score_session(session: ScoredSession, mode: str, unit_province: str | None, scoring) -> dict:
    """One session's items and total; a session not held scores the pack's ``not_held_points``
    on every item except those in ``scored_when_not_held`` (1.1.1)."""
    home = unit_province if mode == "remote" else session.venue_province
    facts = _Facts(session, mode, home)
    items = {}
    for item_id in scoring["modes"][mode]:
        item = scoring["items"][item_id]
        if session.held is False and item_id not in scoring.get("scored_when_not_held", ()):
            points = scoring.get("not_held_points", 0)
        elif item_id == "2.2.1":
            share = satisfaction(
                session.survey, scoring["survey_questions"], scoring["survey_best_options"]
            )
            points = band_points(item, share)
        else:
            points = _ITEMS[item_id](item, facts)
        items[item_id] = json_int_or_float(as_fraction(points))
    total = sum(as_fraction(p) for p in items.values())
    return {"total": json_score(total), "items": items, "_total": total}


def score_execution(doc: ExecutionScore, policy: Policy) -> tuple[list[Finding], dict[str, Any]]:
    """The execution score of a project: each session's items, and the mean of the totals."""
    project = doc.project or ScoreProject()
    scoring = policy.get("scoring")
    mode = project.mode
    if scoring is None or mode is None:
        return [], {"mode": mode, "total": None, "sessions": []}
    scored_as = scoring.get("blended_as", "face_to_face") if mode == "blended" else mode
    sessions = [
        score_session(s, scored_as, project.unit_province, scoring) for s in doc.sessions or []
    ]
    totals = [s.pop("_total") for s in sessions]
    mean = sum(totals) / len(totals) if totals else None
    result = {
        "mode": mode,
        "total": None if mean is None else json_score(mean),
        "sessions": sessions,
    }
    return [], result
