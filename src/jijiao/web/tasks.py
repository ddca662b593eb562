"""Thin tasks of the site shell: the daily reminder run and the nightly check of the audit log
(CELERY_BEAT_SCHEDULE), and the jobs of apps that sit below the jobs app (the audit log's export
and check)."""

from celery import shared_task
from django.urls import reverse

from jijiao.audit_log.exports import entries_xlsx
from jijiao.audit_log.queries import entries_matching
from jijiao.audit_log.verification import audit_log_verify
from jijiao.audit_log.verification import summary as verification_summary
from jijiao.common.documents.excel import XLSX
from jijiao.jobs.domain import JobOutcome, ResultFile, job_run
from jijiao.jobs.tasks import job_task


@shared_task(name="web.send_reminders", ignore_result=True)
def send_reminders_task() -> None:
    from jijiao.common import clock
    from jijiao.web.reminders import send_reminders

    send_reminders(clock.now())


@job_task("web.audit_log_export")
def task_audit_log_export(job_id: int) -> None:
    job_run(job_id, _audit_log_export)


def _audit_log_export(job, progress) -> JobOutcome:
    """The audit log entries the audit admin's search found, as Excel (the audit log sits below
    the jobs app, so its export job is the site shell's)."""
    content, count = entries_xlsx(entries_matching(job.started_by, job.params), progress)
    return JobOutcome(
        summary=f"审计日志共导出 {count} 条。",
        counts={"entries": count},
        done=count,
        total=count,
        result=ResultFile("审计日志.xlsx", content, XLSX),
    )


@shared_task(name="web.audit_log_verify", ignore_result=True)
def audit_log_verify_task() -> None:
    """The nightly check of the audit log's chain (CELERY_BEAT_SCHEDULE)."""
    audit_log_verify()


@job_task("web.audit_log_verify_job")
def task_audit_log_verify(job_id: int) -> None:
    job_run(job_id, _audit_log_verify)


def _audit_log_verify(job, progress) -> JobOutcome:
    """The audit admin's check of the chain. Findings are the outcome, not problems of an input:
    the job is done and its summary says what was found (the entry stays, whatever it says)."""
    report, entry = audit_log_verify(by=job.started_by)
    return JobOutcome(
        summary=verification_summary(entry),
        counts={"checked": report.checked, "findings": len(report.findings)},
        done=report.checked,
        total=report.checked,
        next_url=reverse("audit_log:entries") + "#verification",
        next_label="返回审计日志",
    )
