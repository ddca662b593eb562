"""Every job issue 14 names is a thin Celery task: registered under its name, acknowledged only
when finished and put back when its worker dies (``acks_late``, ``reject_on_worker_lost``), with
a job kind a person reads in Chinese. That each is started from its page, returns at once with
the job's page and runs once whatever the number of deliveries is tested where the page is
(e.g. tests/orgs/test_import.py, tests/credits/test_ledger_import_job.py) and in
tests/jobs/test_jobs.py."""

import pytest

from jijiao.celery import app
from jijiao.jobs.kinds import KINDS

# (what the issue names, the Celery task, the job kind — None for mail, which is no job)
NAMED = [
    ("staff import", "orgs.people_import", "people_import"),
    ("ledger CSV import", "credits.ledger_import", "ledger_import"),
    ("national and provincial list imports", "projects.publication_list_import", "list_import"),
    ("history list imports", "projects.past_projects_import", "history_import"),
    ("remote completion lists", "remote.completion_list_upload", "remote_completions"),
    ("watch logs", "attendance.watchlog_import", "watch_log_import"),
    ("batch precheck workbooks", "projects.batch_precheck", "batch_precheck"),
    ("transcripts of a unit", "credits.unit_transcripts_export", "transcripts_export"),
    ("eligibility lists", "attendance.eligibility_export", "eligibility_export"),
    ("audit lists per district", "audits.campaign_export", "audit_list_export"),
    ("the audit log", "web.audit_log_export", "audit_log_export"),
    ("per-session certificate PDFs as one zip", "execution.certificates_zip", "certificates_zip"),
    (
        "compliance recompute (the unit's list)",
        "credits.compliance_confirm",
        "compliance_recompute",
    ),
    ("compliance recompute (the summaries)", "credits.summaries_recompute", "compliance_summaries"),
    ("mail", "notifications.deliver", None),
]


@pytest.mark.parametrize(("named", "task_name", "kind"), NAMED, ids=[n for n, _, _ in NAMED])
def test_each_named_job_is_a_late_acknowledged_task(named, task_name, kind):
    app.loader.import_default_modules()
    task = app.tasks[task_name]
    assert task.acks_late, named
    assert task.reject_on_worker_lost, named
    assert task.ignore_result, named
    if kind is not None:
        assert KINDS[kind]
