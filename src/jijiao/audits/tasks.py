"""Background tasks of the promotion audit: thin — a job id in, the job re-fetched, one
domain function."""

from jijiao.audits.domain.printing import campaign_export
from jijiao.audits.models import AuditCase, Campaign
from jijiao.audits.queries import cases_for_user
from jijiao.common.documents.excel import XLSX
from jijiao.jobs.domain import JobOutcome, ResultFile, job_run
from jijiao.jobs.tasks import job_task


@job_task("audits.campaign_export")
def task_campaign_export(job_id: int) -> None:
    job_run(job_id, _campaign_export)


def _campaign_export(job, progress) -> JobOutcome:
    """The campaign's list for the cases the person who started it sees (a county office: its
    district), a sheet per district. Writes only the audit entry of the export."""
    campaign = Campaign.objects.get(pk=job.params["campaign"])
    cases = (
        cases_for_user(job.started_by)
        .filter(campaign=campaign)
        .exclude(status=AuditCase.Status.DRAFT)
        .select_related("person__department", "unit__supervisor__supervisor__division")
    )
    content, count = campaign_export(
        by=job.started_by, campaign=campaign, cases=cases, progress=progress
    )
    return JobOutcome(
        summary=f"{campaign.year}年晋升学分审核名单共 {count} 人（按区县分表）。",
        counts={"cases": count},
        done=count,
        total=count,
        result=ResultFile(f"{campaign.year}年晋升学分审核名单.xlsx", content, XLSX),
    )
