"""Sanction rules (``SAN_*``): what an event of this year costs next year, as the pack says.

A pack lists its sanction rules under ``[sanctions.SAN_…]``. Each names a **trigger** (what
happened), a **target** (who pays), an **effect** (what it costs) and the clause it cites:

============================  ===========================================================
trigger                       the event, and the rule value it compares
============================  ===========================================================
``late_filing``               a session filed although ``FIL_LATE`` found it late
``late_report``               an execution report submitted later than ``EXE_LATE`` allows
``missing_report``            a session filed and over, with no report by the pack's days
``execution_rate_below``      a unit's projects held ÷ approved of a year ``< below``
``score_below``               a project's 附件4 score ``< below``
``inspection_finding``        an inspector recorded a violation on site
``criticism``                 a criticism (通报批评) the office entered, e.g. by the province
============================  ===========================================================

Targets: ``pi`` (the project leader; for a unit-wide event, the leaders of the projects not
held), ``unit`` (the host unit), ``unit_discipline`` (the host unit in the project's
discipline). Effects: ``bar`` for ``years`` years from the next one (a PI barred →
``APP_PI_BARRED``; a unit barred in a discipline → ``APP_UNIT_DISCIPLINE_BARRED``),
``quota_cut`` by ``places`` or by a ``share`` of next year's quota (``APP_UNIT_QUOTA``), and
``assessment_points`` off the unit's annual assessment.

Events only **propose**: the office confirms or dismisses each proposal with a reason, and
only confirmed sanctions reach the application rules. This module is pure: it maps an event
and a policy to the proposals.
"""

from dataclasses import dataclass
from fractions import Fraction

from jijiao.engine.packs.model import Policy, Rule
from jijiao.engine.rules.numbers import fraction_text, percent

TRIGGERS = {
    "late_filing": "逾期报备",
    "late_report": "逾期上报执行情况",
    "missing_report": "未上报执行情况",
    "execution_rate_below": "项目执行率低",
    "score_below": "项目评估得分低",
    "inspection_finding": "现场督导发现违规",
    "criticism": "通报批评",
}
TARGETS = {"pi": "项目负责人", "unit": "举办单位", "unit_discipline": "举办单位（同专业）"}
EFFECTS = {"bar": "取消申报资格", "quota_cut": "缩减申报名额", "assessment_points": "扣年度考核分"}
# The effects each target can bear.
ALLOWED = {
    "pi": ("bar",),
    "unit": ("quota_cut", "assessment_points"),
    "unit_discipline": ("bar",),
}


@dataclass(frozen=True)
class Event:
    """What happened, in plain figures. ``year`` is the year of the project (or of the unit's
    figures); a sanction takes effect from the next year. ``level`` limits the rules that name
    ``levels``. ``days`` is how late (filing, report), ``rate`` a unit's execution rate,
    ``score`` a project's 附件4 score."""

    trigger: str
    year: int
    level: str | None = None
    days: int | None = None
    rate: Fraction | None = None
    score: Fraction | None = None
    text: str = ""


@dataclass(frozen=True)
class Proposal:
    """What one rule proposes for one event."""

    code: str
    cite: str
    trigger: str
    target: str
    effect: str
    first_year: int
    last_year: int
    places: int | None
    share: Fraction | None
    points: Fraction | None
    reason: str

    @property
    def effect_text(self) -> str:
        if self.effect == "bar":
            years = (
                f"{self.first_year}"
                if self.first_year == self.last_year
                else f"{self.first_year}–{self.last_year}"
            )
            what = "申报资格" if self.target == "pi" else "同专业项目申报资格"
            return f"取消{TARGETS[self.target]} {years} 年度{what}"
        if self.effect == "quota_cut":
            if self.share is not None:
                return f"{self.first_year} 年度申报名额缩减 {percent(self.share)}"
            return f"{self.first_year} 年度申报名额缩减 {self.places} 项"
        return f"{self.first_year - 1} 年度考核扣 {fraction_text(self.points or Fraction(0))} 分"


def _in_levels(event: Event, rule: Rule) -> bool:
    levels = rule.get("levels")
    return not levels or event.level in levels


def _fires(event: Event, rule: Rule) -> tuple[bool, str]:
    """Whether ``rule`` applies to ``event``, and the reason text."""
    if rule.get("trigger") != event.trigger:
        return False, ""
    if event.trigger == "criticism" and event.text:
        return _in_levels(event, rule), ""
    if not _in_levels(event, rule):
        return False, ""
    label = TRIGGERS[event.trigger]
    below = rule.fraction("below")
    if event.trigger == "execution_rate_below":
        if event.rate is None or below is None or event.rate >= below:
            return False, ""
        return True, f"{event.year} 年度项目执行率 {percent(event.rate)}，低于 {percent(below)}"
    if event.trigger == "score_below":
        if event.score is None or below is None or event.score >= below:
            return False, ""
        score, limit = fraction_text(event.score), fraction_text(below)
        return True, f"项目评估得分 {score} 分，低于 {limit} 分"
    min_days = rule.get("min_days")
    late = event.trigger in ("late_filing", "late_report", "missing_report")
    if late and min_days is not None and (event.days is None or event.days < min_days):
        return False, ""
    if event.trigger == "late_report" and event.days is not None:
        label = f"举办结束后 {event.days} 天才上报执行情况"
    elif event.trigger == "late_filing" and event.days is not None:
        label = f"举办前 {event.days} 天才报备"
    elif event.trigger == "missing_report" and event.days is not None:
        label = f"举办结束 {event.days} 天仍未上报执行情况"
    return True, label


def propose(event: Event, policy: Policy) -> list[Proposal]:
    """The proposals every sanction rule of ``policy`` makes for ``event``, in code order."""
    proposals = []
    for code, rule in sorted(policy.rules("sanctions").items()):
        fires, why = _fires(event, rule)
        if not fires:
            continue
        effect = rule.get("effect")
        first = event.year + 1
        years = rule.get("years", 1) if effect == "bar" else 1
        reason = "：".join(part for part in (event.text, why) if part)
        proposals.append(
            Proposal(
                code=code,
                cite=rule.cite,
                trigger=event.trigger,
                target=rule.get("target"),
                effect=effect,
                first_year=first,
                last_year=first + years - 1,
                places=rule.get("places") if effect == "quota_cut" else None,
                share=rule.fraction("share") if effect == "quota_cut" else None,
                points=rule.fraction("points") if effect == "assessment_points" else None,
                reason=reason,
            )
        )
    return proposals


def sanction_rules(policy: Policy) -> list[Rule]:
    """The pack's sanction rules in code order (for the office's page and the reference)."""
    return [rule for _, rule in sorted(policy.rules("sanctions").items())]
