"""Building a person's ledger from a ``promotion-audit`` document's records, each row through the
credits domain function that makes such a row in real use:

- ``项目`` approved: ``credits_grant_for_session`` (an executed session's grant; split into
  sessions of at most the pack's ``max_per_project``); not approved: ``credits_enter_certificate``
  (the person's certificate of a project held elsewhere), left in the chain;
- ``远程``: ``remote_completions_record`` (a provider's completion list as the city records it
  when approving the list, then approves the rows);
- ``院内活动`` and the in-unit types: ``credits_enter_in_unit`` (``院内活动`` as 全院业务学习);
- ``讲课``: ``credits_enter_in_unit`` with the person as speaker;
- the personal types: ``credits_enter_personal`` with a file;
- status ``approved`` through ``ledger_entries_approve`` at each stage, ``returned`` /
  ``rejected`` through ``ledger_entry_return`` / ``ledger_entry_reject``, ``valid`` false
  through ``ledger_entry_void``; exemptions through ``annual_facts_set``.

Every path is a domain function: no row is made by a factory. ``has_evidence`` is not a ledger
fact but the case's checklist: :func:`tick_evidence` marks it after the case exists.
"""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from jijiao.audits.domain.evidence import evidence_mark_paper
from jijiao.audits.vocab import items_for
from jijiao.credits.chain import city_office_of
from jijiao.credits.domain.approval import (
    ledger_entries_approve,
    ledger_entry_reject,
    ledger_entry_return,
    ledger_entry_void,
)
from jijiao.credits.domain.compliance import annual_facts_set
from jijiao.credits.domain.details import FIELDS
from jijiao.credits.domain.entries import (
    credits_enter_certificate,
    credits_enter_in_unit,
    credits_enter_personal,
)
from jijiao.credits.domain.grants import credits_grant_for_session
from jijiao.credits.domain.remote import RemoteRow, remote_completions_record
from jijiao.credits.models import LedgerEntry
from jijiao.credits.vocab import IN_UNIT_TYPES, PERSONAL_TYPES
from jijiao.orgs.models import Role, Unit
from jijiao.policy.access import get_policy
from tests.credits.conftest import at, pdf_upload
from tests.factories import AccountFactory, UnitFactory, grant

IN_UNIT_RECORD = "院内活动"


class Actors:
    """Who enters and approves: the unit's admin, its county office (if any), the city."""

    def __init__(self, *, unit: Unit, unit_admin, city_admin, county_admin=None):
        self.unit = unit
        self.unit_admin = unit_admin
        self.city_admin = city_admin
        self.county_admin = county_admin
        self._provider = None

    def reviewer(self, stage: str):
        return {"unit": self.unit_admin, "county": self.county_admin, "city": self.city_admin}[
            stage
        ]

    def provider(self) -> Unit:
        if self._provider is None:
            self._provider = UnitFactory(
                name="华医网远程教育", kind=Unit.Kind.REMOTE_PROVIDER, supervisor=self.city_office
            )
            grant(AccountFactory(), Role.PROVIDER, self._provider)
        return self._provider

    @property
    def city_office(self) -> Unit:
        return city_office_of(self.unit)


def _date(record: dict, number: int) -> dt.date:
    if record.get("date"):
        return dt.date.fromisoformat(record["date"])
    # Undated rows fall on distinct days of November, inside every entry window of the year.
    return dt.date(record["year"], 11, 1 + number % 25)


def _finish(entries: list[LedgerEntry], record: dict, actors: Actors) -> None:
    """Move the fresh rows along their chain to the record's status."""
    status = record.get("status") or "approved"
    for entry in entries:
        entry.refresh_from_db()
        if status == "approved":
            while entry.pending:
                reviewer = actors.reviewer(entry.stage["stage"])
                outcome = ledger_entries_approve(by=reviewer, entries=[entry])
                assert not outcome.refused, outcome.refused
                entry.refresh_from_db()
        elif status == "returned":
            ledger_entry_return(
                by=actors.reviewer(entry.stage["stage"]), entry=entry, reason="材料不清"
            )
        elif status == "rejected":
            ledger_entry_reject(
                by=actors.reviewer(entry.stage["stage"]), entry=entry, reason="不符合要求"
            )
        if record.get("valid") is False:
            ledger_entry_void(by=actors.city_admin, entry=entry, reason="举报核实造假")


def _projects(person, record, day, number, actors) -> list[LedgerEntry]:
    level = record.get("level") or "national"
    credits = Fraction(str(record["credits"]))
    if (record.get("status") or "approved") != "approved":
        kind = "out_of_province" if level == "national" else "tcm_provincial"
        entry = credits_enter_certificate(
            by=actors.unit_admin,
            person=person,
            kind=kind,
            title=f"学习班 {number}",
            project_number=f"{day.year}-03-01-{number:03d}",
            activity_date=day,
            credits=Decimal(str(float(credits))),
            hours=None,
            certificate=pdf_upload(f"证书{number}.pdf"),
        )
        return [entry]
    cap = Fraction(str(get_policy("wenzhou-2023").get("credits", level, "max_per_project") or 10))
    parts = []
    left = credits
    while left > 0:
        parts.append(min(left, cap))
        left -= parts[-1]
    entries = []
    for part, value in enumerate(parts):
        outcome = credits_grant_for_session(
            by=actors.city_admin,
            session_ref=f"example-{person.pk}-{number}-{part}",
            project_number=f"{day.year}-03-01-{number:03d}（国）",
            title=f"继续医学教育项目 {number}-{part}",
            activity_date=day,
            year=record["year"],
            level=level,
            attendees=[person],
            lecturers=[],
            hours=None,
            credits=Decimal(str(float(value))),
            policy_id="wenzhou-2023",
        )
        entries += outcome.created
    return entries


def _remote(person, record, day, number, actors) -> list[LedgerEntry]:
    provider = actors.provider()
    row = RemoteRow(
        row=2,
        name=person.name,
        id_number=person.reveal_id_number(),
        title=f"远程课程 {number}",
        course_code=f"R{number:04d}",
        date=day,
        hours=None,
        credits=Decimal(str(record["credits"])),
        credit_class=record.get("class") or "I",
        credit_level=record.get("level") or "national",
    )
    outcome = remote_completions_record(by=actors.city_admin, provider=provider, rows=[row])
    assert outcome.ok, outcome.problems
    return [LedgerEntry.objects.get(person=person, project_number=f"R{number:04d}")]


def _details(kind: str) -> dict:
    """What the personal type must record: a text, or the first of its choices."""
    return {
        key: (choices[0] if choices else "示例") if key != "months" else "6"
        for key, _label, choices, _required in FIELDS.get(kind, [])
    }


def build_record(person, record: dict, number: int, actors: Actors) -> list[LedgerEntry]:
    """The ledger rows of one record (a 项目 record over the per-project cap makes several)."""
    day = _date(record, number)
    kind = record.get("type") or IN_UNIT_RECORD
    with at(f"{day.year}-{day.month:02d}-{min(day.day + 1, 28):02d}"):
        if kind == "项目":
            entries = _projects(person, record, day, number, actors)
        elif kind == "远程":
            entries = _remote(person, record, day, number, actors)
        elif kind == "讲课":
            entries = credits_enter_in_unit(
                by=actors.unit_admin,
                unit=actors.unit,
                activity_type="全院业务学习",
                title=f"院内讲座 {number}",
                activity_date=day,
                hours=None,
                credits=Decimal("0.5"),
                attendees=[],
                speaker=person,
                speaker_credits=Decimal(str(record["credits"])),
            )
        elif kind == IN_UNIT_RECORD or kind in IN_UNIT_TYPES:
            entries = credits_enter_in_unit(
                by=actors.unit_admin,
                unit=actors.unit,
                activity_type="全院业务学习" if kind == IN_UNIT_RECORD else kind,
                title=f"院内业务学习 {number}",
                activity_date=day,
                hours=None,
                credits=Decimal(str(record["credits"])),
                attendees=[person],
            )
        elif kind in PERSONAL_TYPES:
            entries = [
                credits_enter_personal(
                    by=actors.unit_admin,
                    person=person,
                    activity_type=kind,
                    title=f"{kind} {number}",
                    activity_date=day,
                    credits=Decimal(str(record["credits"])),
                    evidence=[pdf_upload(f"{kind}{number}.pdf")],
                    details=_details(kind),
                )
            ]
        else:
            raise AssertionError(f"record type {kind!r} has no ledger path here")
        _finish(entries, record, actors)
    return entries


def build_ledger(person, document: dict, actors: Actors) -> list[list[LedgerEntry]]:
    """Every record of the document, and the person's exemptions; the rows of each record."""
    built = [
        build_record(person, record, number, actors)
        for number, record in enumerate(document.get("records") or [], start=1)
    ]
    exemptions = ((document.get("person") or {}).get("exemptions")) or {}
    for year, exemption in exemptions.items():
        with at(f"{int(year) + 1}-01-10"):
            annual_facts_set(
                by=actors.unit_admin,
                person=person,
                year=int(year),
                exemption=exemption,
                reason="住院医师规范化培训期间",
                evidence=pdf_upload("规培证明.pdf"),
            )
    return built


def tick_evidence(case, document: dict, built: list[list[LedgerEntry]], by) -> None:
    """Mark as seen on paper every checklist item of the rows whose record has evidence."""
    kinds = get_policy(case.campaign.policy_id).get("evidence", "kinds", default={})
    for record, entries in zip(document.get("records") or [], built, strict=True):
        if record.get("has_evidence") is not True:
            continue
        for entry in entries:
            for item in items_for(entry.activity_type, kinds):
                evidence_mark_paper(by=by, case=case, entry=entry, item=item)
