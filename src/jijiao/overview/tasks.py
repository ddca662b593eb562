"""Background tasks of the overview: thin — a job id in, the job re-fetched, one function."""

from celery import shared_task
from django.urls import reverse

from jijiao.jobs.domain import JobOutcome, ResultFile, job_run
from jijiao.jobs.tasks import job_task
from jijiao.overview.domain import upward_report_make
from jijiao.overview.impact import impact_preview_make
from jijiao.overview.kept import summaries_fill, summaries_refresh
from jijiao.policy.access import get_policy

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


@job_task("overview.impact_preview")
def task_impact_preview(job_id: int) -> None:
    job_run(job_id, _impact_preview)


def _impact_preview(job, progress) -> JobOutcome:
    """A draft pack over a year's decisions: the preview kept, its workbook the result."""
    pack_id, year = job.params["pack"], job.params["year"]
    made, content = impact_preview_make(
        by=job.started_by,
        job=job,
        office=job.organisation,
        pack_id=pack_id,
        year=year,
        progress=progress,
    )
    changed = sum(r["changed"] for r in made.rules)
    return JobOutcome(
        summary=(
            f"{get_policy(pack_id).title}对 {year} 年度：重新检查 {made.subjects} 项决定，"
            f"{len(made.rules)} 条规则的结果有变化，共 {changed} 处。"
        ),
        counts={"year": year, "subjects": made.subjects, "rules": len(made.rules)},
        done=made.subjects,
        total=made.subjects,
        result=ResultFile(f"影响预览-{pack_id}-{year}.xlsx", content, XLSX),
        next_url=reverse("overview:impact", args=[made.pk]),
        next_label="查看影响预览",
    )


@shared_task(
    name="overview.summaries_refresh",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
)
def task_summaries_refresh(triples: list[list]) -> None:
    """Recompute the kept summaries of these [kind, unit id, year] triples (idempotent)."""
    summaries_refresh([(kind, unit, year) for kind, unit, year in triples])


@shared_task(name="overview.summaries_fill", ignore_result=True)
def task_summaries_fill() -> None:
    """Every night (CELERY_BEAT_SCHEDULE): the project, quality and credit summaries of this
    year and last recomputed, those of the four years before filled where missing."""
    summaries_fill()
