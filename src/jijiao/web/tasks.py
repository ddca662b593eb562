"""Thin tasks of the site shell: the daily reminder run (CELERY_BEAT_SCHEDULE), and the jobs of
apps that sit below the jobs app (the audit log's export)."""

from celery import shared_task

from jijiao.audit_log.exports import entries_xlsx
from jijiao.audit_log.queries import entries_matching
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
