"""Certificates: issuing one under an unguessable code, and what a code verifies as."""

import secrets
from dataclasses import dataclass

from jijiao import clock
from jijiao.credits.models import Certificate, LedgerEntry
from jijiao.credits.vocab import mask_name


def new_code() -> str:
    """128 random bits, URL-safe (22 characters): not guessable, not enumerable."""
    while True:
        code = secrets.token_urlsafe(16)
        if not Certificate.objects.filter(code=code).exists():
            return code


def entry_snapshot(entry: LedgerEntry) -> dict:
    person = entry.person
    return {
        "name": person.name,
        "id_masked": person.id_masked,
        "unit": str(person.unit or person.declared_unit_name or ""),
        "title": entry.title,
        "project_number": entry.project_number,
        "category": entry.category,
        "credits": str(entry.credits),
        "hours": str(entry.hours) if entry.hours is not None else "",
        "date": entry.activity_date.isoformat(),
        "year": entry.year,
    }


def certificate_issue_for_entry(entry: LedgerEntry, *, by) -> Certificate:
    """The certificate of a granted project row: a credit certificate for an attendee, a
    teaching proof for a lecturer. Called inside the grant; the row has one at most."""
    existing = Certificate.objects.filter(entry=entry).first()
    if existing is not None:
        return existing
    kind = (
        Certificate.Kind.TEACHING
        if entry.entry_method == LedgerEntry.Method.LECTURER
        else Certificate.Kind.CREDIT
    )
    return Certificate.objects.create(
        code=new_code(),
        kind=kind,
        person=entry.person,
        entry=entry,
        year=entry.year,
        snapshot=entry_snapshot(entry),
        issued_at=clock.now(),
        issued_by=by if getattr(by, "pk", None) else None,
    )


@dataclass(frozen=True)
class Verification:
    """What the public page and the JSON endpoint show: never more than this."""

    code: str
    kind: str
    name_masked: str
    title: str
    project_number: str
    credits: str
    hours: str
    date: str
    category: str
    status: str
    status_label: str
    reason: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def verify(certificate: Certificate, *, annual_status: str | None = None) -> Verification:
    """A certificate's public face and live status: ``valid``, or ``revoked`` once its row is
    voided (or, for an annual proof, once the year no longer meets the requirement —
    ``annual_status`` is the year's standing now)."""
    snap = certificate.snapshot
    status, label, reason = "valid", "有效", ""
    entry = certificate.entry
    if entry is not None and not entry.valid:
        status, label, reason = "revoked", "已撤销", "所涉学分已作废"
    if certificate.kind == Certificate.Kind.ANNUAL and annual_status not in (
        None,
        "compliant",
        "exempt",
    ):
        status, label, reason = "revoked", "已撤销", "该年度学分已不达标"
    annual = certificate.kind == Certificate.Kind.ANNUAL
    return Verification(
        code=certificate.code,
        kind=certificate.get_kind_display(),
        name_masked=mask_name(snap.get("name", "")),
        title=f"{certificate.year} 年度继续医学教育" if annual else snap.get("title", ""),
        project_number=snap.get("project_number", ""),
        credits=snap.get("total" if annual else "credits", ""),
        hours=snap.get("hours", ""),
        date=snap.get("date", "") or f"{certificate.issued_at:%Y-%m-%d}",
        category=snap.get("status_label" if annual else "category", ""),
        status=status,
        status_label=label,
        reason=reason,
    )
