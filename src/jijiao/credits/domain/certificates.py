"""Certificates: issuing one under an unguessable code, and what a code verifies as."""

import secrets
from dataclasses import dataclass

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.credits.models import Certificate, LedgerEntry
from jijiao.credits.telling import tell_certificates
from jijiao.credits.vocab import mask_name

# Rows that carry a certificate: granted projects (seed 002/003) and approved remote courses.
CERTIFIED_SOURCES = (LedgerEntry.Source.PROJECT, LedgerEntry.Source.REMOTE)


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


def _refuse_unless_certifiable(entry: LedgerEntry) -> None:
    if entry.source not in CERTIFIED_SOURCES:
        raise DomainError(f"{entry.get_source_display()}学分不出具学分证书")
    if not entry.valid:
        raise DomainError(f"{entry.person.name}“{entry.title}”已作废，不能出具证书")
    if entry.status != LedgerEntry.Status.APPROVED:
        raise DomainError(
            f"{entry.person.name}“{entry.title}”{entry.get_status_display()}，审核通过后才能出具证书"
        )


def _issue(entry: LedgerEntry, *, by) -> tuple[Certificate, bool]:
    """The row's certificate, made now (``True``) or found (``False``): a row has one at most."""
    require(by, "credits.issue_certificate", entry)
    _refuse_unless_certifiable(entry)
    existing = Certificate.objects.filter(entry=entry).first()
    if existing is not None:
        return existing, False
    kind = (
        Certificate.Kind.TEACHING
        if entry.entry_method == LedgerEntry.Method.LECTURER
        else Certificate.Kind.CREDIT
    )
    certificate = Certificate.objects.create(
        code=new_code(),
        kind=kind,
        person=entry.person,
        entry=entry,
        year=entry.year,
        snapshot=entry_snapshot(entry),
        issued_at=clock.now(),
        issued_by=by if getattr(by, "pk", None) else None,
    )
    return certificate, True


@transaction.atomic
def certificate_issue_for_entry(entry: LedgerEntry, *, by) -> Certificate:
    """The certificate of an approved project or remote row: a credit certificate, or a
    teaching proof for a lecturer's row. A row has one at most; asking again returns it.

    Who (``credits.issue_certificate``): the office that approves the row (the city at the
    end of its chain; for a granted project row, the city over the person's unit), or the
    account a permission-checked grant passes through (``credits_grant_for_session``).
    Side effects: the Certificate under a new code; audit ``credits.certificate_issued``; the
    holder told (nothing when the row already had one).
    """
    certificate, created = _issue(entry, by=by)
    if created:
        record(
            "credits.certificate_issued",
            actor=by,
            obj=entry,
            data={"certificate": certificate.pk, "kind": certificate.kind},
        )
        tell_certificates([certificate])
    return certificate


@transaction.atomic
def certificates_issue_for_entries(*, by, entries: list[LedgerEntry]) -> list[Certificate]:
    """The certificates of a batch of approved rows (a session's grant, an approved list), as
    :func:`certificate_issue_for_entry` row by row; any row refused refuses the batch.

    Side effects: a Certificate per row that had none; one audit entry
    ``credits.certificates_issued`` with the counts and the kinds; each holder of a new
    certificate told.
    """
    certificates, issued, kinds, new = [], 0, {}, []
    for entry in entries:
        certificate, created = _issue(entry, by=by)
        certificates.append(certificate)
        if created:
            new.append(certificate)
            issued += 1
            kinds[certificate.kind] = kinds.get(certificate.kind, 0) + 1
    if entries:
        record(
            "credits.certificates_issued",
            actor=by,
            data={
                "rows": len(entries),
                "issued": issued,
                "existing": len(entries) - issued,
                "kinds": kinds,
            },
        )
    tell_certificates(new)
    return certificates


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
    # The decision that voided the row, when one did: its office and date.
    decision_office: str = ""
    decision_date: str = ""
    # An annual proof: what it stands for besides (seed 003 第九条), as printed on it.
    stands_for: str = ""

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def verify(certificate: Certificate, *, annual_status: str | None = None) -> Verification:
    """A certificate's public face and live status: ``valid``, or ``revoked`` once its row is
    voided — with the reason, office and date of the decision that voided it, if one did — (or,
    for an annual proof, once the year no longer meets the requirement — ``annual_status`` is
    the year's standing now)."""
    snap = certificate.snapshot
    status, label, reason = "valid", "有效", ""
    decision_office = decision_date = ""
    entry = certificate.entry
    if entry is not None and not entry.valid:
        status, label, reason = "revoked", "已撤销", "所涉学分已作废"
        decision = entry.void_decision
        if decision is not None:
            reason = f"所涉学分已作废：{decision.reason}"
            decision_office = decision.office.name if decision.office is not None else ""
            decision_date = clock.local(decision.decided_at).date().isoformat()
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
        decision_office=decision_office,
        decision_date=decision_date,
        stands_for=snap.get("stands_for", "") if annual else "",
    )
