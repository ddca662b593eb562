"""The project, quality and credit figures of a unit's year as additive counts (tallies), so a
unit's or a department's figures can be kept (``overview.kept``) and a division's or an office's
added up from them; and the counting itself, from the rows the live queries give.

A tally holds only counts and exact sums (never a rate or a mean): the figures the page shows
are computed from the added tallies the same way the live rows gave them (``figures_projects``,
``figures_credits``). Department key 0 stands for "without a department" (a project whose
leader has none, an imported project; a person without one).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from jijiao.overview.queries.projects import STAGES, ProjectRow, session_rows
from jijiao.overview.queries.quality import SATISFACTION, Quality, score_band

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)
DAY_MICROSECONDS = 86_400_000_000


def _counter(raw) -> Counter:
    return Counter({str(k): int(v) for k, v in (raw or {}).items()})


@dataclass
class ProjectTally:
    """Projects by stage and level; filed sessions by month and band, their trainees; scores,
    evaluations and inspections of all the sessions."""

    projects: int = 0
    at: Counter = field(default_factory=Counter)  # stage → projects at least at it
    reached: Counter = field(default_factory=Counter)  # stage → projects furthest at it
    levels: Counter = field(default_factory=Counter)  # "level|stage" → projects at least at it
    sessions: int = 0  # filed
    trainees: int = 0
    outside_unit: int = 0
    outside_province: int = 0
    months: Counter = field(default_factory=Counter)  # "1".."12" → filed sessions
    bands: Counter = field(default_factory=Counter)  # trainees band → filed sessions
    scored: int = 0
    score_sum: Decimal = Decimal("0")
    score_bands: Counter = field(default_factory=Counter)
    items: dict = field(default_factory=dict)  # 附件4 item code → [sum, count]
    answers: int = 0
    satisfied: Counter = field(default_factory=Counter)  # q4/q5/q6 → satisfied answers
    inspections: int = 0
    violations: int = 0

    def add(self, other: "ProjectTally") -> "ProjectTally":
        for name in ("projects", "sessions", "trainees", "outside_unit", "outside_province",
                     "scored", "score_sum", "answers", "inspections", "violations"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("at", "reached", "levels", "months", "bands", "score_bands", "satisfied"):
            getattr(self, name).update(getattr(other, name))
        for code, (total, n) in other.items.items():
            mine = self.items.setdefault(code, [Decimal("0"), 0])
            mine[0] += total
            mine[1] += n
        return self

    def as_json(self) -> dict:
        return {
            "projects": self.projects,
            "at": dict(self.at),
            "reached": dict(self.reached),
            "levels": dict(self.levels),
            "sessions": self.sessions,
            "trainees": self.trainees,
            "outside_unit": self.outside_unit,
            "outside_province": self.outside_province,
            "months": dict(self.months),
            "bands": dict(self.bands),
            "scored": self.scored,
            "score_sum": str(self.score_sum),
            "score_bands": dict(self.score_bands),
            "items": {code: [str(total), n] for code, (total, n) in self.items.items()},
            "answers": self.answers,
            "satisfied": dict(self.satisfied),
            "inspections": self.inspections,
            "violations": self.violations,
        }

    @classmethod
    def from_json(cls, raw: dict) -> "ProjectTally":
        raw = raw or {}
        return cls(
            projects=raw.get("projects", 0),
            at=_counter(raw.get("at")),
            reached=_counter(raw.get("reached")),
            levels=_counter(raw.get("levels")),
            sessions=raw.get("sessions", 0),
            trainees=raw.get("trainees", 0),
            outside_unit=raw.get("outside_unit", 0),
            outside_province=raw.get("outside_province", 0),
            months=_counter(raw.get("months")),
            bands=_counter(raw.get("bands")),
            scored=raw.get("scored", 0),
            score_sum=Decimal(raw.get("score_sum", "0")),
            score_bands=_counter(raw.get("score_bands")),
            items={c: [Decimal(t), int(n)] for c, (t, n) in (raw.get("items") or {}).items()},
            answers=raw.get("answers", 0),
            satisfied=_counter(raw.get("satisfied")),
            inspections=raw.get("inspections", 0),
            violations=raw.get("violations", 0),
        )


def project_tallies(projects: list[ProjectRow], quality: Quality) -> dict[tuple, ProjectTally]:
    """(unit id, department key) → the tally of these projects (``queries.projects``) and the
    quality of their sessions (``queries.quality.quality_of``), counted as the page counts."""
    found: dict[tuple, ProjectTally] = {}
    inspections = Counter()
    violations = Counter()
    for inspection in quality.inspections:
        inspections[inspection.session_id] += 1
        violations[inspection.session_id] += bool(inspection.violation)
    for project in projects:
        tally = found.setdefault((project.unit_id, project.department_id or 0), ProjectTally())
        tally.projects += 1
        tally.reached[project.stage] += 1
        for key, _label in STAGES:
            if project.at(key):
                tally.at[key] += 1
                tally.levels[f"{project.level}|{key}"] += 1
        for session in session_rows([project]):
            pk = session.session.pk
            if session.filed:
                tally.sessions += 1
                tally.trainees += session.trainees
                tally.outside_unit += session.outside_unit
                tally.outside_province += session.outside_province
                tally.months[str(session.month)] += 1
                tally.bands[session.band] += 1
            score = quality.scores.get(pk)
            if score is not None:
                tally.scored += 1
                tally.score_sum += Decimal(str(score.total))
                tally.score_bands[score_band(score.total)] += 1
                for code, value in (score.items or {}).items():
                    if value is not None:
                        mine = tally.items.setdefault(code, [Decimal("0"), 0])
                        mine[0] += Decimal(str(value))
                        mine[1] += 1
            survey = quality.surveys.get(pk)
            if survey is not None:
                tally.answers += survey["answers"]
                for name, _text in SATISFACTION:
                    tally.satisfied[name] += survey[name]
            tally.inspections += inspections[pk]
            tally.violations += violations[pk]
    return found


def micros(moment: dt.datetime) -> int:
    """A moment as whole microseconds since 1970 (exact, unlike a float timestamp)."""
    return (moment - EPOCH) // MICROSECOND


@dataclass
class CreditTally:
    """The year's valid credit rows of people: the approved ones counted and summed by entry
    path, class and level; those waiting in the chain by status, each with when it was entered
    (how long it has waited depends on when the page is read)."""

    approved: dict = field(default_factory=dict)  # "source|class|level" → [count, credits]
    pending: dict = field(default_factory=dict)  # status → [entered at, µs since 1970, …]

    def add(self, other: "CreditTally") -> "CreditTally":
        for key, (n, total) in other.approved.items():
            mine = self.approved.setdefault(key, [0, Decimal("0")])
            mine[0] += n
            mine[1] += total
        for status, moments in other.pending.items():
            self.pending.setdefault(status, []).extend(moments)
        return self

    def count_approved(self, key: str, n: int, total) -> None:
        mine = self.approved.setdefault(key, [0, Decimal("0")])
        mine[0] += n
        mine[1] += total or Decimal("0")

    def as_json(self) -> dict:
        return {
            "approved": {key: [n, str(total)] for key, (n, total) in self.approved.items()},
            "pending": {status: sorted(moments) for status, moments in self.pending.items()},
        }

    @classmethod
    def from_json(cls, raw: dict) -> "CreditTally":
        raw = raw or {}
        return cls(
            approved={k: [int(n), Decimal(t)] for k, (n, t) in (raw.get("approved") or {}).items()},
            pending={s: list(m) for s, m in (raw.get("pending") or {}).items()},
        )

    def waiting(self, now: dt.datetime, ages) -> dict[str, Counter]:
        """status → age key → rows, in whole days since entry as ``figures_credits.age_of``."""
        today = micros(now)
        found: dict[str, Counter] = {}
        for status, moments in self.pending.items():
            counts = found.setdefault(status, Counter())
            for moment in moments:
                days = (today - moment) // DAY_MICROSECONDS
                key = next((k for k, _l, low, high in ages if low <= days <= high), None)
                if key is not None:
                    counts[key] += 1
        return found


@dataclass
class ComplianceTally:
    """The year's compliance standings of current staff, counted from their kept summaries
    (``credits.summaries``): people by title level and status, the failing rules of those not
    compliant, class I credits and the remote part of them; and the members without a summary
    at their unit (the page computes or counts them as ``queries.compliance.tally`` does)."""

    cells: Counter = field(default_factory=Counter)  # "title level|status" → people
    short: Counter = field(default_factory=Counter)  # rule code → people short by it
    class1: Decimal = Decimal("0")
    remote: Decimal = Decimal("0")
    missing: list = field(default_factory=list)  # person ids without a summary

    def add(self, other: "ComplianceTally") -> "ComplianceTally":
        self.cells.update(other.cells)
        self.short.update(other.short)
        self.class1 += other.class1
        self.remote += other.remote
        self.missing.extend(other.missing)
        return self

    def statuses(self) -> Counter:
        found = Counter()
        for key, n in self.cells.items():
            found[key.rpartition("|")[2]] += n
        return found

    def as_json(self) -> dict:
        return {
            "cells": dict(self.cells),
            "short": dict(self.short),
            "class1": str(self.class1),
            "remote": str(self.remote),
            "missing": sorted(self.missing),
        }

    @classmethod
    def from_json(cls, raw: dict) -> "ComplianceTally":
        raw = raw or {}
        return cls(
            cells=_counter(raw.get("cells")),
            short=_counter(raw.get("short")),
            class1=Decimal(raw.get("class1", "0")),
            remote=Decimal(raw.get("remote", "0")),
            missing=list(raw.get("missing") or ()),
        )
