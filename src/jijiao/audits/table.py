"""A case's per-year table (seed 002 附件1) and findings: the pack's ``AUD_*`` rules run by
``run_precheck("promotion-audit", …)`` on the plain document built here from the ledger.

Nothing is computed twice: sums, statuses, the remote share and the findings are the rules'
own. This module only gathers the facts (rows of the window, evidence ticked in the case, the
person's exemptions, the unit's level) and lays the rules' answer out per year for the pages and
the forms. While a case is open its table is computed live; once decided, each decision keeps
the table it was decided on (:func:`table_of_case`).
"""

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jijiao.audits.models import AuditCase, CaseDecision, EvidenceMark
from jijiao.audits.vocab import items_for
from jijiao.credits.models import AnnualFacts, LedgerEntry
from jijiao.credits.transcript import as_record
from jijiao.engine.packs.model import Policy
from jijiao.engine.precheck import run_precheck
from jijiao.engine.rules.audit import window
from jijiao.engine.rules.vocab import UNIT_LEVELS
from jijiao.orgs.facts import person_facts, unit_facts
from jijiao.policy.access import get_policy, resolver

STATUS_LABELS = {"compliant": "达标", "noncompliant": "不达标", "exempt": "视同完成"}
_RECORD = re.compile(r"^records\[(\d+)\]$")


def case_years(case: AuditCase, policy: Policy) -> list[int]:
    """The credit years the case is audited on: the pack's window before the audit year."""
    return window(policy, case.campaign.year, case.early_promotion)


def case_entries(case: AuditCase, years: list[int]) -> list[LedgerEntry]:
    """The person's ledger rows of the window (and of the audit year), in date order."""
    wanted = [*years, case.campaign.year] if case.include_audit_year else years
    return list(
        LedgerEntry.objects.filter(person_id=case.person_id, year__in=wanted)
        .prefetch_related("evidence")
        .order_by("activity_date", "id")
    )


def marks_by_entry(case: AuditCase) -> dict[int, dict[str, EvidenceMark]]:
    marks: dict[int, dict[str, EvidenceMark]] = defaultdict(dict)
    if case.pk is None:
        return marks
    for mark in EvidenceMark.objects.filter(case=case).select_related("ledger_evidence"):
        marks[mark.entry_id][mark.item] = mark
    return marks


def has_evidence(entry: LedgerEntry, marks: dict[str, EvidenceMark], kinds: dict) -> bool | None:
    """``None`` for rows whose type needs no evidence; else every checklist item present."""
    items = items_for(entry.activity_type, kinds)
    if not items:
        return None
    return all(item in marks for item in items)


def audit_document(
    case: AuditCase, policy: Policy, entries: list[LedgerEntry], marks
) -> dict[str, Any]:
    """The ``promotion-audit`` document of contract.md for the case."""
    kinds = policy.get("evidence", "kinds", default={})
    years = case_years(case, policy)
    exemptions = {
        str(facts.year): facts.exemption
        for facts in AnnualFacts.objects.filter(person_id=case.person_id, year__in=years)
        if facts.exemption
    }
    person: dict[str, Any] = {"exemptions": exemptions, "county_level": case.has_county}
    if case.unit.grade in UNIT_LEVELS:
        person["unit_level"] = case.unit.grade
    # The facts a pack's cases select on (unit category, division, title …).
    unit = unit_facts(case.unit)
    facts = {**person_facts(case.person), "unit_category": unit.get("category")}
    facts["division"] = unit.get("division")
    for key in ("unit_category", "division", "title", "title_series"):
        if facts.get(key):
            person[key] = facts[key]
    records = []
    for entry in entries:
        record = dataclasses.replace(
            as_record(entry), has_evidence=has_evidence(entry, marks.get(entry.pk, {}), kinds)
        )
        records.append(
            {
                "year": record.year,
                "class": record.credit_class,
                "level": record.level,
                "remote": record.remote,
                "credits": float(entry.credits),
                "type": record.type,
                "status": record.status,
                "valid": record.valid,
                "has_evidence": record.has_evidence,
                "date": entry.activity_date.isoformat(),
            }
        )
    return {
        "audit_year": case.campaign.year,
        "early_promotion": case.early_promotion,
        "include_audit_year": case.include_audit_year,
        "person": person,
        "records": records,
    }


def compute_table(case: AuditCase) -> dict[str, Any]:
    """The live table: the rules' answer, the rows it was computed on and what is pending.

    Returns plain JSON data (kept as is in each decision): ``policy``, ``policy_hash``, ``ok``,
    ``findings``, ``result`` (years, totals, remote share, audit-year row), ``window``,
    ``entries`` (the row id behind each ``records[i]``), ``pending`` (credits per year still
    in the approval chain, not counted).
    """
    policy = get_policy(case.campaign.policy_id)
    years = case_years(case, policy)
    entries = case_entries(case, years)
    marks = marks_by_entry(case)
    document = audit_document(case, policy, entries, marks)
    outcome = run_precheck("promotion-audit", policy.id, document, resolver=resolver)
    pending: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        if entry.pending and entry.valid:
            pending[str(entry.year)] += entry.credits
    return {
        "policy": policy.id,
        "policy_hash": policy.content_hash,
        "ok": outcome["ok"],
        "findings": outcome["findings"],
        "result": outcome["result"],
        "window": years,
        "entries": [entry.pk for entry in entries],
        "entry_years": [entry.year for entry in entries],
        "pending": {year: f"{value:.1f}" for year, value in sorted(pending.items())},
    }


def table_of_case(case: AuditCase) -> dict[str, Any]:
    """The table to show and print: frozen in the city's decision once the case is closed,
    live from the ledger before."""
    if case.closed:
        last = case.decisions.filter(stage="city").order_by("-at", "-id").first()
        if last is not None and last.table:
            return last.table
    return compute_table(case)


@dataclass
class YearLine:
    """One line of the per-year table, laid out for a page or a form."""

    year: int
    months: str
    class1_national: float
    class1_provincial: float
    class2: float
    total: float
    status: str | None
    findings: list[dict] = field(default_factory=list)
    pending: str = ""
    extra: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status or "", "仅列示，不参与判定" if self.extra else "")


@dataclass
class Layout:
    lines: list[YearLine]
    totals: dict[str, float]
    person_findings: list[dict]
    ok: bool
    findings: list[dict]
    policy: str
    policy_hash: str
    remote_share: float | None
    findings_by_entry: dict[int, list[dict]]

    @property
    def errors(self) -> list[dict]:
        return [f for f in self.findings if f["severity"] == "error"]


def _months(until: str | None) -> str:
    if until:
        return f"1月起至{int(until[5:7])}月止"
    return "1月起至12月止"


def layout(table: dict[str, Any]) -> Layout:
    """The rules' answer per year: each finding goes to the year it is about (a year's
    standing, or the year of the row whose evidence is missing); the rest concern the person."""
    result = table["result"]
    entries = table.get("entries", [])
    entry_years = table.get("entry_years", [])
    by_year: dict[int, list[dict]] = defaultdict(list)
    by_entry: dict[int, list[dict]] = defaultdict(list)
    person = []
    for finding in table["findings"]:
        subject = finding.get("subject") or ""
        matched = _RECORD.match(subject)
        if subject.isdigit():
            by_year[int(subject)].append(finding)
        elif matched and int(matched.group(1)) < len(entries):
            index = int(matched.group(1))
            by_year[entry_years[index]].append(finding)
            by_entry[entries[index]].append(finding)
        else:
            person.append(finding)
    pending = table.get("pending", {})
    lines = [
        YearLine(
            year=row["year"],
            months=_months(None),
            class1_national=row["class1_national"],
            class1_provincial=row["class1_provincial"],
            class2=row["class2"],
            total=row["total"],
            status=row["status"],
            findings=by_year.get(row["year"], []),
            pending=pending.get(str(row["year"]), ""),
        )
        for row in result.get("years") or []
    ]
    extra = result.get("audit_year")
    if extra:
        lines.append(
            YearLine(
                year=extra["year"],
                months=_months(extra.get("until")),
                class1_national=extra["class1_national"],
                class1_provincial=extra["class1_provincial"],
                class2=extra["class2"],
                total=extra["total"],
                status=None,
                pending=pending.get(str(extra["year"]), ""),
                extra=True,
            )
        )
    return Layout(
        lines=lines,
        totals=result.get("totals") or {},
        person_findings=person,
        ok=table["ok"],
        findings=table["findings"],
        policy=table["policy"],
        policy_hash=table["policy_hash"],
        remote_share=result.get("remote_class1_share"),
        findings_by_entry=dict(by_entry),
    )


def latest_decisions(case: AuditCase) -> dict[str, CaseDecision]:
    """The box of each stage on the form: the stage's last decision since the case last came
    back to the unit (a returned case shows the boxes of its new round)."""
    decisions = list(case.decisions.order_by("at", "id"))
    boxes: dict[str, CaseDecision] = {}
    for decision in decisions:
        if decision.stage == "unit":
            boxes = {}
        boxes[decision.stage] = decision
    return boxes
