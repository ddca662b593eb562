"""Background tasks of orgs: thin — a job id in, the job re-fetched, one domain function."""

from jijiao.jobs.domain import JobOutcome, job_run
from jijiao.jobs.tasks import job_task
from jijiao.orgs.domain.imports import people_import


@job_task("orgs.people_import")
def task_people_import(job_id: int) -> None:
    job_run(job_id, _people_import)


def _people_import(job, progress) -> JobOutcome:
    with job.source.open("rb") as stored:  # the guarded workbook reader takes the file
        outcome = people_import(
            by=job.started_by,
            unit=job.organisation,
            content=stored,
            filename=job.source_name,
            progress=progress,
        )
    rows = outcome.created or len(outcome.problems)
    return JobOutcome(
        summary=f"导入成功：新增 {outcome.created} 人。",
        counts={"created": outcome.created},
        problems=outcome.problems,
        done=outcome.created,
        total=rows,
    )
