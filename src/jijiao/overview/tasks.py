"""Background tasks of the overview: thin — a job id in, the job re-fetched, one function."""

from django.urls import reverse

from jijiao.jobs.domain import JobOutcome, ResultFile, job_run
from jijiao.jobs.tasks import job_task
from jijiao.overview.domain import upward_report_make

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@job_task("overview.upward_report")
def task_upward_report(job_id: int) -> None:
    job_run(job_id, _upward_report)


def _upward_report(job, progress) -> JobOutcome:
    """The office's material for the level above, made and recorded."""
    year = job.params["year"]
    report = upward_report_make(by=job.started_by, office=job.organisation, year=year)
    with report.file.open("rb") as stored:
        content = stored.read()
    return JobOutcome(
        summary=(
            f"已生成 {year} 年度上报材料：{report.units} 个单位，{report.people} 人，"
            f"合格 {report.qualified} 人。"
        ),
        counts={"year": year, "units": report.units, "people": report.people},
        done=report.units,
        total=report.units,
        result=ResultFile(report.file_name, content, XLSX),
        next_url=reverse("overview:upward") + f"?year={year}",
        next_label="查看上报记录",
    )
