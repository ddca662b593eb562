"""Checking the audit log's chain from the site, not only from the command line: the audit
admin starts a check (a job), the scheduler runs one every night, and each run leaves one audit
entry ``audit_log.verified`` with what it found — the audit admin's workbench reads the last."""

import datetime as dt

from django.conf import settings

from jijiao.audit_log.chain import Report, verify
from jijiao.audit_log.log import record
from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import require

VERIFIED = "audit_log.verified"
FINDINGS_KEPT = 20  # the entry names the first ones; the command line lists them all


def audit_log_verify(*, by=None) -> tuple[Report, AuditEntry]:
    """Walk every lane of the chain (:func:`chain.verify`) and record the outcome.

    ``by`` is the audit admin who asked (checked against ``audit_log.verify``), ``None`` for the
    nightly run. Side effect: one audit entry ``audit_log.verified`` with the counts and the
    first findings, in Chinese.
    """
    if by is not None:
        require(by, "audit_log.verify")
    report = verify()
    entry = record(
        VERIFIED,
        actor=by,
        data={
            "checked": report.checked,
            "lanes": report.lanes,
            "checkpoints": report.checkpoints,
            "unlinked": report.unlinked,
            "findings": len(report.findings),
            "first_findings": [str(f) for f in report.findings[:FINDINGS_KEPT]],
        },
    )
    return report, entry


def last_verification() -> AuditEntry | None:
    return AuditEntry.objects.filter(action=VERIFIED).order_by("-at", "-pk").first()


def verification_due(last: AuditEntry | None, now: dt.datetime) -> dt.datetime | None:
    """When the next check is due: ``AUDIT_VERIFY_DAYS`` after the last; ``None`` if never run."""
    if last is None:
        return None
    return last.at + dt.timedelta(days=settings.AUDIT_VERIFY_DAYS)


def summary(entry: AuditEntry) -> str:
    """One sentence on a recorded check, for the audit admin."""
    data = entry.data
    found = data.get("findings", 0)
    counted = f"已核对 {data.get('checked', 0)} 条记录（{data.get('lanes', 0)} 条链）"
    if not found:
        return f"{counted}，审计日志链完整。"
    return f"{counted}，发现 {found} 处问题：记录被删除或改动，请核查。"
