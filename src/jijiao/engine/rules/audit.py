"""Promotion credit audit (晋升高级职称学分审核, seed 002) — ``AUD_*`` of rules.md."""

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from jijiao.engine.packs.model import Policy, Rule
from jijiao.engine.rules.compliance import CreditRecord, YearStanding, year_standing
from jijiao.engine.rules.findings import Finding, found
from jijiao.engine.rules.numbers import (
    as_fraction,
    exact_sum,
    fraction_text,
    json_credits,
    json_share,
    percent,
    ratio_text,
)
from jijiao.engine.rules.selection import Division, person_facts
from jijiao.engine.rules.vocab import Exemption, Title, UnitCategory, UnitLevel


@dataclass(frozen=True)
class AuditPerson:
    unit_level: UnitLevel | None = None
    exemptions: dict[int, Exemption] | None = None
    county_level: bool | None = None
    # Facts a pack's cases select on (schema FACTS), as in annual-compliance.
    unit_category: UnitCategory | None = None
    division: Division | None = None
    title: Title | None = None
    title_series: str | None = None
    job_type: str | None = None


@dataclass(frozen=True)
class PromotionAudit:
    audit_year: int | None = None
    early_promotion: bool | None = None
    person: AuditPerson | None = None
    records: list[CreditRecord] | None = None
    # Ask for the audit year's credits up to the pack's ``extra_row_until`` as an extra row.
    include_audit_year: bool | None = None


def window(policy: Policy, audit_year: int, early: bool | None) -> list[int]:
    """The N credit years before the audit year, oldest first (early promotion: the pack's
    shorter window)."""
    key = "early_window_years" if early else "window_years"
    years = policy.get("audit", key)
    if years is None:
        return []
    return list(range(audit_year - years, audit_year))


def _row(standing: YearStanding, status: str | None) -> dict[str, Any]:
    return {
        "year": standing.year,
        "class1_national": json_credits(standing.class1_national),
        "class1_provincial": json_credits(standing.class1_provincial),
        "class2": json_credits(standing.class2),
        "total": json_credits(standing.total),
        "status": status,
    }


def remote_class1_share(records: list[CreditRecord], years: list[int]) -> Fraction | None:
    """Remote class I credits ÷ all class I credits over the window; ``None`` without class I."""
    class1 = [r for r in records if r.year in years and r.counts and r.credit_class == "I"]
    total = exact_sum(r.credits for r in class1)
    if total == 0:
        return None
    return exact_sum(r.credits for r in class1 if r.remote) / total


def check_year_noncompliant(standings: list[YearStanding], rule: Rule) -> list[Finding]:
    """AUD_YEAR_NONCOMPLIANT: each year of the window is compliant or exempt by the annual
    rules."""
    findings = []
    for standing in standings:
        if standing.status == "noncompliant":
            reasons = "；".join(f.message for f in standing.failures if f.severity == "error")
            text = f"{standing.year} 年度学分不达标：{reasons}"
            findings.append(found(rule, str(standing.year), text))
    return findings


def check_remote_share(
    share: Fraction | None, audit_year: int, rule: Rule, county_max: Fraction | None
) -> list[Finding]:
    """AUD_REMOTE_SHARE: remote class I credits over the window ≤ the pack's share of all class
    I credits, unless the pack waives it for the audit year (2023, seed 002 四.4)."""
    limit = county_max if county_max is not None else rule.fraction("max_share")
    if share is None or limit is None or audit_year in rule.get("waived_audit_years", ()):
        return []
    if share <= limit:
        return []
    text = f"远程方式获得的Ⅰ类学分占Ⅰ类学分的 {percent(share)}，超过 {ratio_text(limit)}"
    return [found(rule, "person", text)]


def check_national_credits(
    national: Fraction, person: AuditPerson, years: list[int], rule: Rule
) -> list[Finding]:
    """AUD_NATIONAL_CREDITS: staff of the unit levels the pack lists (三级, 省级) have at least
    the minimum national class I credits in the window; applied when the unit level is given."""
    minimum = rule.fraction("min")
    if person.unit_level is None or person.unit_level not in rule.get("unit_levels", ()):
        return []
    if minimum is None or national >= minimum:
        return []
    span = f"{years[0]}–{years[-1]}" if years else ""
    text = (
        f"{person.unit_level}单位人员 {span} 年国家级Ⅰ类学分 {fraction_text(national)} 分，"
        f"低于 {fraction_text(minimum)} 分"
    )
    return [found(rule, "person", text)]


def check_evidence(records: list[CreditRecord], years: list[int], rule: Rule, policy: Policy):
    """AUD_EVIDENCE_MISSING: records of the types that need evidence (the pack's
    ``evidence.kinds``) carry it."""
    kinds = policy.get("evidence", "kinds", default={})
    findings = []
    for index, record in enumerate(records):
        needed = kinds.get(record.type) if record.type else None
        if record.year in years and record.counts and needed and record.has_evidence is False:
            text = f"{record.year} 年{record.type}学分缺少证明材料：{needed}"
            findings.append(found(rule, f"records[{index}]", text))
    return findings


def audit_year_row(doc: PromotionAudit, policy: Policy) -> dict[str, Any] | None:
    """The audit year's credits dated up to the pack's ``extra_row_until`` (undated records of
    that year included), shown but not judged."""
    until = policy.get("audit", "extra_row_until")
    if not doc.include_audit_year or until is None or doc.audit_year is None:
        return None
    month, day = (int(part) for part in until.split("-"))
    last = date(doc.audit_year, month, day)
    records = [
        r
        for r in doc.records or []
        if r.year == doc.audit_year and (r.date is None or r.date <= last)
    ]
    standing = year_standing(policy, doc.audit_year, records)
    return {**_row(standing, None), "until": last.isoformat()}


def check_audit(doc: PromotionAudit, policy: Policy) -> tuple[list[Finding], dict[str, Any]]:
    """The promotion audit: one row per window year, totals, remote share, findings."""
    if doc.audit_year is None:
        return [], {"years": [], "totals": None, "remote_class1_share": None}
    person = doc.person or AuditPerson()
    records = doc.records or []
    years = window(policy, doc.audit_year, doc.early_promotion)
    exemptions = person.exemptions or {}
    facts = person_facts(person)
    standings = [
        year_standing(
            policy,
            year,
            records,
            exemption=exemptions.get(year),
            county_level=person.county_level,
            facts=facts,
        )
        for year in years
    ]
    share = remote_class1_share(records, years)
    national = sum((s.class1_national for s in standings), Fraction(0))
    rules = policy.rules("audit", facts=facts)
    findings: list[Finding] = []
    if "AUD_YEAR_NONCOMPLIANT" in rules:
        findings += check_year_noncompliant(standings, rules["AUD_YEAR_NONCOMPLIANT"])
    if "AUD_REMOTE_SHARE" in rules:
        county_max = None
        if person.county_level:
            raw = policy.get("compliance", "county_staff", "remote_share_max")
            county_max = None if raw is None else as_fraction(raw)
        findings += check_remote_share(share, doc.audit_year, rules["AUD_REMOTE_SHARE"], county_max)
    if "AUD_NATIONAL_CREDITS" in rules:
        findings += check_national_credits(national, person, years, rules["AUD_NATIONAL_CREDITS"])
    if "AUD_EVIDENCE_MISSING" in rules:
        findings += check_evidence(records, years, rules["AUD_EVIDENCE_MISSING"], policy)
    result: dict[str, Any] = {
        "years": [_row(s, s.status) for s in standings],
        "totals": {
            "class1_national": json_credits(national),
            "class1_provincial": json_credits(
                sum((s.class1_provincial for s in standings), Fraction(0))
            ),
            "class2": json_credits(sum((s.class2 for s in standings), Fraction(0))),
            "total": json_credits(sum((s.total for s in standings), Fraction(0))),
        },
        "remote_class1_share": json_share(share),
    }
    extra = audit_year_row(doc, policy)
    if extra is not None:
        result["audit_year"] = extra
    return findings, result
