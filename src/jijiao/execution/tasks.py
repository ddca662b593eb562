"""Background tasks of execution: thin — a job id in, the job re-fetched, one function."""

from jijiao.execution.certificates import session_certificates_zip
from jijiao.hosting.models import Session
from jijiao.jobs.domain import JobOutcome, ResultFile, job_run
from jijiao.jobs.tasks import job_task


@job_task("execution.certificates_zip")
def task_certificates_zip(job_id: int) -> None:
    job_run(job_id, _certificates_zip)


def _certificates_zip(job, progress) -> JobOutcome:
    session = Session.objects.select_related("project").get(pk=job.params["session"])
    content, count = session_certificates_zip(
        by=job.started_by, session=session, site_url=job.params["site_url"], progress=progress
    )
    return JobOutcome(
        summary=f"已将 {count} 份证书打包为一个 ZIP 文件。",
        counts={"certificates": count},
        done=count,
        total=count,
        result=ResultFile(
            f"学分证书-{session.project.number}-第{session.sequence}期.zip",
            content,
            "application/zip",
        ),
    )
