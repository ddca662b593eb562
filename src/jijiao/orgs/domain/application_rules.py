"""A unit's account application as the city's pack asks it (seed 003 第十四条): the scans it
sends (``unit_accounts.scans``) and the monthly cut-off (``unit_accounts.monthly_cutoff``: an
application sent after the 25th is taken up the next month)."""

import datetime as dt

from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError
from jijiao.orgs.area_rules import area_table, cited
from jijiao.orgs.models import UnitAccountApplication, UnitApplicationScan

Kind = UnitApplicationScan.Kind


def rules_for(division_code: str | None) -> dict:
    return area_table(division_code, "unit_accounts")


def accepted_scans(rules: dict, scans: dict) -> dict[str, tuple]:
    """Each scan given, checked by content and size like the other documents; ``DomainError``
    naming every scan the pack asks for that is missing."""
    unknown = set(scans) - set(Kind.values)
    if unknown:
        raise DomainError(f"未知的材料：{'、'.join(sorted(unknown))}")
    missing = [Kind(k).label for k in rules.get("scans", ()) if not scans.get(k)]
    if missing:
        raise DomainError(f"请上传{'、'.join(missing)}{cited(rules)}", field="scans")
    return {
        kind: (upload, uploads.accept(upload, uploads.DOCUMENT, field=kind))
        for kind, upload in scans.items()
        if upload
    }


def store_scans(application: UnitAccountApplication, accepted: dict[str, tuple]) -> list[dict]:
    """The scans saved with the application; what the audit entry keeps of them."""
    kept = []
    for kind, (upload, checked) in accepted.items():
        scan = UnitApplicationScan(
            application=application,
            kind=kind,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        upload.seek(0)
        scan.file.save(uploads.storage_name(checked, prefix=f"app{application.pk}"), upload)
        kept.append({"kind": kind, "name": checked.name, "sha256": checked.sha256})
    return kept


def handled_from(rules: dict, today: dt.date) -> dt.date | None:
    """The first day of the month the office takes the application up: this month when sent
    by the cut-off day, else the next; ``None`` when the pack sets no cut-off."""
    cutoff = rules.get("monthly_cutoff")
    if cutoff is None:
        return None
    first = today.replace(day=1)
    if today.day <= cutoff:
        return first
    return (first + dt.timedelta(days=32)).replace(day=1)


def month_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def too_early(application: UnitAccountApplication) -> str | None:
    """Why the office cannot take the application up yet (sent after the cut-off), or ``None``."""
    start = application.handled_from
    if start is None or clock.today() >= start:
        return None
    rules = rules_for(application.division_id)
    sent = clock.local(application.submitted_at).date()
    cutoff = rules.get("monthly_cutoff")
    after = f"，晚于每月 {cutoff} 日" if cutoff else ""
    return f"该申请于 {sent.isoformat()} 递交{after}，{month_text(start)}起受理{cited(rules)}"
