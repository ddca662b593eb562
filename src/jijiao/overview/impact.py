"""Impact preview (issue 22, part 2): what a draft pack would change in last year's decisions.

Read-only: each of the year's applications (under its call's level), each filed session and
each person's annual standing from the ledger is checked twice — under the pack it was decided
with and under the draft — and every rule whose outcome differs is counted, with who it touches
(units, applications, people). Nothing previewed is written; the preview itself
(:class:`ImpactPreview`) is kept for its page, its drill-down and its workbook.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.documents.excel import xlsx_sheets
from jijiao.common.errors import require
from jijiao.credits.chain import is_county_level
from jijiao.credits.models import AnnualFacts, LedgerEntry
from jijiao.credits.transcript import standing_of, year_policy
from jijiao.engine.packs.model import Policy
from jijiao.engine.packs.rule_names import rule_name
from jijiao.engine.precheck import run_precheck
from jijiao.hosting.facts import filing_document
from jijiao.hosting.models import Filing
from jijiao.orgs.models import Person, Unit
from jijiao.orgs.roles import units_in_jurisdiction
from jijiao.overview.models import ImpactPreview
from jijiao.policy.access import get_policy
from jijiao.projects.facts import application_document
from jijiao.projects.models import Application

SAMPLE = 5
KIND_NAMES = {"application": "项目申报", "filing": "举办报备", "annual-compliance": "年度学分达标"}


@dataclass
class Subject:
    """One decision of the year, re-checked: a kind, who it is about, and its outcome's codes
    under the pack it was decided with (``before``) and under the draft (``after``)."""

    kind: str
    label: str
    unit_id: int | None
    unit_name: str
    application_id: int | None
    person_id: int | None
    before: dict[str, str]  # code → message
    after: dict[str, str]


def _codes(out: dict[str, Any]) -> dict[str, str]:
    codes: dict[str, str] = {}
    for finding in out["findings"]:
        codes.setdefault(finding["code"], finding["message"])
    return codes


def _applications(units: list[Unit], year: int):
    return Application.objects.filter(call__year=year, unit__in=units).exclude(
        state=Application.State.DRAFT
    )


def _filings(units: list[Unit], year: int):
    return Filing.objects.filter(
        filed_on__isnull=False, session__project__year=year, session__project__host__in=units
    )


def _people(units: list[Unit], year: int):
    return (
        LedgerEntry.objects.filter(year=year, person__unit__in=units)
        .values_list("person_id", flat=True)
        .distinct()
    )


def application_subjects(units: list[Unit], year: int, draft: Policy) -> Iterator[Subject]:
    """The year's applications of the units (submitted at least), each checked by the precheck
    under its call's pack and under the draft, on the same document — as submitted; one
    imported without its moment (earlier years' history) as at the call's close."""
    applications = _applications(units, year).select_related("call", "unit", "pi").order_by("pk")
    for application in applications:
        base = get_policy(application.call.policy_id)
        at = application.submitted_at or application.call.closes_at
        document = application_document(application, policy=base, submitted_at=at)
        before = run_precheck("application", base.id, document, policy=base)
        after = run_precheck("application", draft.id, document, policy=draft)
        yield Subject(
            kind="application",
            label=application.name,
            unit_id=application.unit_id,
            unit_name=application.unit.name,
            application_id=application.pk,
            person_id=application.pi_id,
            before=_codes(before),
            after=_codes(after),
        )


def filing_subjects(units: list[Unit], year: int, draft: Policy) -> Iterator[Subject]:
    """The year's filed sessions hosted by the units, each checked by the precheck under the
    session's pack and under the draft, on the filing as it was filed (its date)."""
    filings = _filings(units, year).select_related("session__project__host").order_by("pk")
    for filing in filings:
        session = filing.session
        base = get_policy(session.policy_id)
        document = filing_document(session, filing, filed_on=filing.filed_on)
        before = run_precheck("filing", base.id, document, policy=base)
        after = run_precheck("filing", draft.id, document, policy=draft)
        host = session.project.host
        yield Subject(
            kind="filing",
            label=f"{session.project.name} 第{session.sequence}期",
            unit_id=host.pk if host else None,
            unit_name=host.name if host else session.project.host_name,
            application_id=None,
            person_id=None,
            before=_codes(before),
            after=_codes(after),
        )


def ledger_subjects(units: list[Unit], year: int, draft: Policy) -> Iterator[Subject]:
    """The year's people with ledger rows in the units: the annual standing under the pack their
    city set for the year and under the draft (same rows, same facts)."""
    people = (
        Person.objects.filter(pk__in=list(_people(units, year)))
        .select_related("unit")
        .order_by("pk")
    )
    for person in people:
        base, _problem = year_policy(person, year)
        if base is None:
            continue
        rows = list(LedgerEntry.objects.filter(person=person, year=year).order_by("pk"))
        facts = AnnualFacts.objects.filter(person=person, year=year).first()
        county = is_county_level(person.unit)

        def standing(policy: Policy, person=person, rows=rows, facts=facts, county=county):
            found = standing_of(policy, year, rows, facts, county_level=county, person=person)
            return {f.code: f.message for f in found.failures}

        yield Subject(
            kind="annual-compliance",
            label=person.name,
            unit_id=person.unit_id,
            unit_name=person.unit.name if person.unit else "",
            application_id=None,
            person_id=person.pk,
            before=standing(base),
            after=standing(draft),
        )


def preview(
    units: list[Unit], year: int, draft: Policy, progress: Callable[[int, int], None]
) -> dict[str, Any]:
    """Per rule: the decisions whose outcome under the draft differs, who they touch, and the
    full list. ``{"subjects": n, "rules": [{code, name, changed, newly, no_longer, units,
    applications, people, sample, rows}]}``, rules by most changes first."""
    total = (
        _applications(units, year).count()
        + _filings(units, year).count()
        + _people(units, year).count()
    )
    by_rule: dict[str, list[dict[str, Any]]] = {}
    seen = 0
    for source in (application_subjects, filing_subjects, ledger_subjects):
        for subject in source(units, year, draft):
            seen += 1
            progress(seen, max(total, seen))
            for code in sorted(set(subject.before) ^ set(subject.after)):
                now = code in subject.after
                by_rule.setdefault(code, []).append(
                    {
                        "kind": subject.kind,
                        "label": subject.label,
                        "unit_id": subject.unit_id,
                        "unit": subject.unit_name,
                        "application_id": subject.application_id,
                        "person_id": subject.person_id,
                        "newly": now,
                        "message": subject.after[code] if now else subject.before[code],
                    }
                )
    rules = []
    for code, rows in by_rule.items():
        rules.append(
            {
                "code": code,
                "name": rule_name(code),
                "changed": len(rows),
                "newly": sum(r["newly"] for r in rows),
                "no_longer": sum(not r["newly"] for r in rows),
                "units": len({r["unit_id"] for r in rows if r["unit_id"]}),
                "applications": len({r["application_id"] for r in rows if r["application_id"]}),
                "people": len({r["person_id"] for r in rows if r["person_id"]}),
                "sample": [r["label"] for r in rows[:SAMPLE]],
                "rows": rows,
            }
        )
    rules.sort(key=lambda r: (-r["changed"], r["code"]))
    return {"subjects": seen, "rules": rules}


def preview_workbook(result: dict[str, Any]) -> bytes:
    """汇总 (a row per rule) and 明细 (a row per changed outcome) as one workbook."""
    summary = [
        [
            r["name"],
            r["code"],
            r["changed"],
            r["newly"],
            r["no_longer"],
            r["units"],
            r["applications"],
            r["people"],
        ]
        for r in result["rules"]
    ]
    detail = [
        [
            r["name"],
            r["code"],
            KIND_NAMES.get(row["kind"], row["kind"]),
            row["label"],
            row["unit"],
            "新触发" if row["newly"] else "不再触发",
            row["message"],
        ]
        for r in result["rules"]
        for row in r["rows"]
    ]
    return xlsx_sheets(
        [
            ("汇总", SUMMARY_HEADERS, summary),
            ("明细", ["规则", "代码", "类别", "对象", "单位", "变化", "提示"], detail),
        ]
    )


SUMMARY_HEADERS = ["规则", "代码", "结果变化", "新触发", "不再触发", "单位数", "申报数", "人数"]


def impact_preview_make(*, by, job, office: Unit, pack_id: str, year: int, progress):
    """Preview ``pack_id`` over the ``year``'s applications and ledger of the office's units.

    Reads only what it previews. Side effects: the :class:`ImpactPreview` row (with the job),
    audit ``overview.impact_previewed`` with the pack, its hash, the year and the counts.
    """
    require(by, "overview.preview_impact", office)
    draft = get_policy(pack_id)
    units = list(units_in_jurisdiction({office.pk}))
    result = preview(units, year, draft, progress)
    made = ImpactPreview.objects.create(
        job=job,
        office=office,
        pack_id=draft.id,
        pack_hash=draft.content_hash,
        year=year,
        subjects=result["subjects"],
        rules=result["rules"],
        made_at=clock.now(),
        made_by=by,
    )
    record(
        "overview.impact_previewed",
        actor=by,
        obj=office,
        data={
            "pack": draft.id,
            "pack_hash": draft.content_hash,
            "year": year,
            "subjects": result["subjects"],
            "rules": {r["code"]: r["changed"] for r in result["rules"]},
        },
    )
    return made, preview_workbook(result)
