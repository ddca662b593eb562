"""Annual compliance (年度学分达标) — ``ANN_*`` of rules.md.

Only records with status ``approved`` that are not voided (``valid`` false) count. A person with
an exemption the pack lists is deemed complete (status ``exempt``), which counts as meeting the
requirement wherever compliance is asked, the promotion audit included.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from jijiao.engine.packs.model import Policy, Rule
from jijiao.engine.rules.findings import Finding, found
from jijiao.engine.rules.numbers import exact_sum, fraction_text, json_credits
from jijiao.engine.rules.selection import Division, person_facts
from jijiao.engine.rules.vocab import (
    CreditClass,
    Exemption,
    RecordLevel,
    RecordType,
    Title,
    UnitCategory,
    UnitLevel,
)


@dataclass(frozen=True)
class CreditRecord:
    """One row of the credit ledger as the checks see it."""

    year: int | None = None
    credit_class: CreditClass | None = field(default=None, metadata={"json": "class"})
    level: RecordLevel | None = None
    remote: bool | None = None
    credits: Fraction | None = None
    status: str | None = None
    valid: bool | None = None
    type: RecordType | None = None
    has_evidence: bool | None = None
    date: dt.date | None = None

    @property
    def counts(self) -> bool:
        """Approved and not voided: ``valid`` absent means not voided."""
        return self.status == "approved" and self.valid is not False and self.credits is not None


@dataclass(frozen=True)
class AnnualPerson:
    exemption: Exemption | None = None
    public_subject_hours: Fraction | None = None
    # Staff of a county-level or lower unit, for a pack's ``compliance.county_staff`` section
    # and for cases on ``unit.county_level``.
    county_level: bool | None = None
    # Facts a pack's cases select on (schema FACTS): the unit's category, level and division,
    # the person's title, title series and job type.
    unit_category: UnitCategory | None = None
    unit_level: UnitLevel | None = None
    division: Division | None = None
    title: Title | None = None
    title_series: str | None = None
    job_type: str | None = None


@dataclass(frozen=True)
class AnnualCompliance:
    year: int | None = None
    person: AnnualPerson | None = None
    records: list[CreditRecord] | None = None


@dataclass(frozen=True)
class YearStanding:
    """A person's credits of one year and the annual rules it fails."""

    year: int
    class1_national: Fraction
    class1_provincial: Fraction
    class2: Fraction
    status: str
    failures: tuple[Finding, ...]

    @property
    def class1(self) -> Fraction:
        return self.class1_national + self.class1_provincial

    @property
    def total(self) -> Fraction:
        return self.class1 + self.class2


def annual_rule(
    policy: Policy, code: str, county_level: bool | None, facts: Mapping[str, Any] | None = None
) -> Rule | None:
    """The pack's rule as it applies to the person's ``facts`` (its ``cases``), or the
    ``county_staff`` override for staff of county-level units.

    ``compliance.county_staff.ANN_X`` is the older way of writing one case of ``ANN_X``
    (``when = {"unit.county_level" = true}``); where a pack has it, it comes first."""
    if county_level and policy.get("compliance", "county_staff", code) is not None:
        return policy.rule("compliance", "county_staff", code)
    facts = dict(facts or {})
    if county_level is not None:
        facts.setdefault("unit.county_level", county_level)
    return policy.rule("compliance", code, facts=facts)


def class_split_applies(policy: Policy, year: int, county_level: bool | None) -> bool:
    """Class I/II minimums apply unless the pack drops the split for the year (seed 002 四.4:
    2020–2023) or for county-level staff."""
    if year in policy.get("compliance", "no_class_split", "years", default=()):
        return False
    return not (county_level and policy.get("compliance", "county_staff", "class_split") is False)


def is_exempt(policy: Policy, exemption: str | None) -> bool:
    return exemption is not None and exemption in policy.get(
        "compliance", "exempt", "kinds", default=()
    )


def year_sums(year: int, records: list[CreditRecord]) -> tuple[Fraction, Fraction, Fraction]:
    """Class I national, class I of any other level, class II of the year (exact): all the
    annual rules read of the records."""
    national, provincial, class2 = [], [], []
    for record in records:
        if record.year != year or not record.counts:
            continue
        if record.credit_class == "I" and record.level == "national":
            national.append(record.credits)
        elif record.credit_class == "I":
            provincial.append(record.credits)
        elif record.credit_class == "II":
            class2.append(record.credits)
    return exact_sum(national), exact_sum(provincial), exact_sum(class2)


def _minimum(rule: Rule | None, value: Fraction, subject: str, label: str, unit: str):
    minimum = rule.fraction("min") if rule else None
    if minimum is None or value >= minimum:
        return None
    text = (
        f"{subject} 年{label} {fraction_text(value)} {unit}，低于 {fraction_text(minimum)} {unit}"
    )
    return found(rule, subject, text)


def year_standing(
    policy: Policy,
    year: int,
    records: list[CreditRecord],
    *,
    exemption: str | None = None,
    public_subject_hours: Fraction | None = None,
    county_level: bool | None = None,
    facts: Mapping[str, Any] | None = None,
) -> YearStanding:
    """ANN_TOTAL, ANN_CLASS1, ANN_CLASS2, ANN_PUBLIC_HOURS for one year.

    Total ≥ min; class I and class II ≥ their minimums where the class split applies; public
    subject 学时 ≥ min when the HR figure is given. An exemption the pack lists → ``exempt``.
    ``facts`` (unit category, title …) choose each rule's values among its ``cases``.
    """
    return standing_of_sums(
        policy,
        year,
        year_sums(year, records),
        exemption=exemption,
        public_subject_hours=public_subject_hours,
        county_level=county_level,
        facts=facts,
    )


def standing_of_sums(
    policy: Policy,
    year: int,
    sums: tuple[Fraction, Fraction, Fraction],
    *,
    exemption: str | None = None,
    public_subject_hours: Fraction | None = None,
    county_level: bool | None = None,
    facts: Mapping[str, Any] | None = None,
) -> YearStanding:
    """:func:`year_standing` from the year's :func:`year_sums` of the records.

    A pure function of its arguments, and of ``facts`` only through :func:`judged_facts`: a
    caller judging many people may reuse one standing for every person with equal sums,
    exemption, 学时, county level and judged facts under the same pack and year."""
    national, provincial, class2 = sums
    if is_exempt(policy, exemption):
        return YearStanding(year, national, provincial, class2, "exempt", ())

    def rule(code: str) -> Rule | None:
        return annual_rule(policy, code, county_level, facts)

    subject = str(year)
    checks = [_minimum(rule("ANN_TOTAL"), national + provincial + class2, subject, "学分", "分")]
    if class_split_applies(policy, year, county_level):
        checks.append(_minimum(rule("ANN_CLASS1"), national + provincial, subject, "Ⅰ类学分", "分"))
        checks.append(_minimum(rule("ANN_CLASS2"), class2, subject, "Ⅱ类学分", "分"))
    if public_subject_hours is not None:
        checks.append(
            _minimum(rule("ANN_PUBLIC_HOURS"), public_subject_hours, subject, "公需科目", "学时")
        )
    failures = tuple(f for f in checks if f is not None)
    status = "noncompliant" if any(f.severity == "error" for f in failures) else "compliant"
    return YearStanding(year, national, provincial, class2, status, failures)


def judged_facts(policy: Policy, facts: Mapping[str, Any] | None) -> tuple:
    """The part of ``facts`` the annual rules of ``policy`` can read — the facts named by a
    ``when`` of some case under ``compliance`` (``unit.county_level`` comes as its own
    argument) — as a hashable, ordered tuple. Two people whose parts are equal get the same
    rules, so (with equal sums and the rest) the same standing."""
    facts = facts or {}
    return tuple((name, facts.get(name)) for name in policy.case_facts("compliance"))


def check_annual(doc: AnnualCompliance, policy: Policy) -> tuple[list[Finding], dict[str, Any]]:
    """The year's standing (contract.md ``annual-compliance``)."""
    if doc.year is None:
        return [], {"year": None, "total": None, "class1": None, "class2": None, "status": None}
    person = doc.person or AnnualPerson()
    standing = year_standing(
        policy,
        doc.year,
        doc.records or [],
        exemption=person.exemption,
        public_subject_hours=person.public_subject_hours,
        county_level=person.county_level,
        facts=person_facts(person),
    )
    result = {
        "year": doc.year,
        "total": json_credits(standing.total),
        "class1": json_credits(standing.class1),
        "class2": json_credits(standing.class2),
        "status": standing.status,
    }
    return list(standing.failures), result
