"""Credit entry windows (seed 002, Zhejiang) — ``CRD_*`` of rules.md.

The pack's ``credit_entry.groups`` say, per group of activity types, until when an entry is
normal, whether and until when a late entry is possible and what it needs (proof, pledge), and
which code closes it. This module only applies those dates.
"""

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from jijiao.engine.packs.model import Policy, Rule
from jijiao.engine.rules.findings import Finding, found
from jijiao.engine.rules.vocab import ActivityType

_NEEDS = {"proof": "证明材料（学习记录或考勤）", "pledge": "签字的补录承诺书"}


@dataclass(frozen=True)
class Activity:
    type: ActivityType | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class CreditEntry:
    activity: Activity | None = None
    entered_on: date | None = None
    has_proof: bool | None = None
    has_pledge: bool | None = None
    # When the unit admin reviewed (approved) the entry, for CRD_REVIEW_CLOSED.
    reviewed_on: date | None = None


def deadline_for(activity_day: date, spec: Mapping[str, str]) -> date:
    """A pack deadline ``{year = "same"|"next", day = "MM-DD"}`` for an activity's date;
    02-29 in a common year is 02-28."""
    year = activity_day.year + (1 if spec["year"] == "next" else 0)
    month, day = (int(part) for part in spec["day"].split("-"))
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def group_of(policy: Policy, activity_type: str) -> Mapping[str, Any] | None:
    for group in policy.get("credit_entry", "groups", default={}).values():
        if activity_type in group.get("types", ()):
            return group
    return None


def _late_window_applies(group: Mapping[str, Any], activity_day: date) -> bool:
    months = group.get("late_months")
    return bool(group.get("late_code")) and (months is None or activity_day.month in months)


def entry_deadline(group: Mapping[str, Any], activity_day: date) -> date:
    """The last day this activity can be entered at all without a pledge: the late window's end
    when the late entry needs no pledge (December in-unit activities: 01-31), else the normal
    deadline."""
    if (
        _late_window_applies(group, activity_day)
        and "late_until" in group
        and "pledge" not in group.get("late_needs", ())
    ):
        return deadline_for(activity_day, group["late_until"])
    return deadline_for(activity_day, group["deadline"])


def check_entry(entry: CreditEntry, policy: Policy) -> tuple[list[Finding], dict[str, Any]]:
    """CRD_LATE_ENTRY, CRD_LATE_ENTRY_PLEDGE, CRD_ENTRY_CLOSED: the entry's decision.

    Entered by the normal deadline → ``allowed``. After it, inside the late window (December
    in-unit activities until 01-31; personal activities without end): with everything the late
    entry needs → ``allowed`` and a finding of the rule's ``allowed_severity``; without →
    ``late_entry`` and an error naming what is missing. Past the late window → ``closed``.
    """
    activity = entry.activity or Activity()
    if activity.type is None or activity.date is None:
        return [], {"decision": None, "deadline": None}
    group = group_of(policy, activity.type)
    if group is None:
        return [], {"decision": None, "deadline": None}
    rules = policy.rules("credit_entry")
    deadline = entry_deadline(group, activity.date)
    result = {"decision": "allowed", "deadline": deadline.isoformat()}
    findings: list[Finding] = []
    entered = entry.entered_on
    normal = deadline_for(activity.date, group["deadline"])
    if entered is None or entered <= normal:
        return findings, result
    late_until = group.get("late_until")
    in_late = _late_window_applies(group, activity.date) and (
        late_until is None or entered <= deadline_for(activity.date, late_until)
    )
    if not in_late:
        result["decision"] = "closed"
        rule = rules.get(group.get("closed_code", ""))
        if rule:
            text = (
                f"{activity.type}（{activity.date.isoformat()}）的学分最迟应于 "
                f"{deadline.isoformat()} 录入，{entered.isoformat()} 已不能录入"
            )
            findings.append(found(rule, "entry", text))
        return findings, result
    rule = rules.get(group["late_code"])
    have = {"proof": entry.has_proof, "pledge": entry.has_pledge}
    missing = [need for need in group.get("late_needs", ()) if not have[need]]
    if missing:
        result["decision"] = "late_entry"
    if rule:
        text = (
            f"{activity.type}（{activity.date.isoformat()}）逾期"
            f"（应于 {normal.isoformat()} 前）录入，属补录"
        )
        if missing:
            text += "，须提供" + "和".join(_NEEDS[n] for n in missing)
            findings.append(found(rule, "entry", text))
        else:
            text += "，已提供" + "和".join(_NEEDS[n] for n in group.get("late_needs", ()))
            findings.append(found(rule, "entry", text, severity=rule.get("allowed_severity")))
    return findings, result


def check_review(entry: CreditEntry, rule: Rule) -> list[Finding]:
    """CRD_REVIEW_CLOSED: the unit admin reviews an entry by the pack's date (03-31 next year)."""
    activity = entry.activity or Activity()
    until = rule.get("until")
    if entry.reviewed_on is None or activity.date is None or until is None:
        return []
    last = deadline_for(activity.date, until)
    if entry.reviewed_on <= last:
        return []
    text = f"单位审核日期 {entry.reviewed_on.isoformat()} 晚于审核截止日 {last.isoformat()}"
    return [found(rule, "entry", text)]


def evidence_needed(policy: Policy, activity_type: str | None) -> str | None:
    """What the audit asks as evidence for this activity type (``None``: nothing)."""
    if activity_type is None:
        return None
    return policy.get("evidence", "kinds", default={}).get(activity_type)


def check_evidence(entry: CreditEntry, rule: Rule, policy: Policy) -> list[Finding]:
    """CRD_EVIDENCE_MISSING: an entry of a type that needs evidence carries it."""
    activity = entry.activity or Activity()
    needed = evidence_needed(policy, activity.type)
    if needed is None or entry.has_proof is not False:
        return []
    return [found(rule, "entry", f"{activity.type}学分须提供{needed}")]


def check_credit_entry(entry: CreditEntry, policy: Policy) -> tuple[list[Finding], dict[str, Any]]:
    """Every credit-entry rule of the pack, and the result of contract.md ``credit-entry``."""
    findings, result = check_entry(entry, policy)
    rules = policy.rules("credit_entry")
    if "CRD_REVIEW_CLOSED" in rules:
        findings += check_review(entry, rules["CRD_REVIEW_CLOSED"])
    if "CRD_EVIDENCE_MISSING" in rules:
        findings += check_evidence(entry, rules["CRD_EVIDENCE_MISSING"], policy)
    return findings, result
