"""Background tasks of projects: thin — a job id in, the job re-fetched, one domain function."""

from django.urls import reverse

from jijiao.common import clock
from jijiao.common.documents.excel import XLSX
from jijiao.jobs.domain import JobOutcome, ResultFile, job_run
from jijiao.jobs.tasks import job_task
from jijiao.orgs.models import Unit
from jijiao.projects.batch_precheck import batch_precheck_file
from jijiao.projects.domain.imports import past_projects_import, publication_list_import


def _content(job) -> bytes:
    with job.source.open("rb") as stored:
        return stored.read()


@job_task("projects.publication_list_import")
def task_publication_list_import(job_id: int) -> None:
    job_run(job_id, _list_import)


def _list_import(job, progress) -> JobOutcome:
    outcome = publication_list_import(
        by=job.started_by,
        office=job.organisation,
        level=job.params["level"],
        year=job.params["year"],
        title=job.params.get("title", ""),
        content=_content(job),
        filename=job.source_name,
    )
    rows = outcome.created + outcome.updated + outcome.unchanged + outcome.skipped
    if outcome.already:
        summary = "该文件此前已导入，未作任何修改。"
    else:
        summary = (
            f"导入成功：新增 {outcome.created} 项，更新 {outcome.updated} 项，"
            f"未变 {outcome.unchanged} 项，本系统已公布而未覆盖 {outcome.skipped} 项；"
            f"关联到系统内单位 {outcome.linked} 项。"
        )
    publication = outcome.publication
    return JobOutcome(
        summary=summary,
        counts={
            "created": outcome.created,
            "updated": outcome.updated,
            "unchanged": outcome.unchanged,
            "skipped": outcome.skipped,
            "linked": outcome.linked,
        },
        problems=outcome.problems,
        done=rows,
        total=rows,
        next_url=(reverse("projects:records_list", args=[publication.pk]) if publication else ""),
        next_label="查看名单",
    )


@job_task("projects.past_projects_import")
def task_past_projects_import(job_id: int) -> None:
    job_run(job_id, _history_import)


def _history_import(job, progress) -> JobOutcome:
    unit_id = job.params.get("unit")
    outcome = past_projects_import(
        by=job.started_by,
        office=job.organisation,
        unit=Unit.objects.get(pk=unit_id) if unit_id else None,
        content=_content(job),
        filename=job.source_name,
    )
    rows = outcome.created + outcome.updated + outcome.unchanged
    return JobOutcome(
        summary=(
            f"导入成功：新增 {outcome.created} 项，更新 {outcome.updated} 项，"
            f"未变 {outcome.unchanged} 项；关联到项目负责人 {outcome.linked} 项。"
        ),
        counts={
            "created": outcome.created,
            "updated": outcome.updated,
            "unchanged": outcome.unchanged,
            "linked": outcome.linked,
        },
        problems=outcome.problems,
        done=rows,
        total=rows,
        next_url=reverse("projects:records_history"),
        next_label="查看历年项目",
    )


@job_task("projects.batch_precheck")
def task_batch_precheck(job_id: int) -> None:
    job_run(job_id, _batch_precheck)


def _batch_precheck(job, progress) -> JobOutcome:
    """The engine's batch precheck of the stored workbook; the annotated workbook is the
    result. Submitted "at" the job's creation, so a rerun checks against the same moment."""
    unit = Unit.objects.filter(pk=job.params.get("unit")).first()
    unit_facts = (
        {"name": unit.name, "licence_status": unit.licence_status, "is_medical": unit.is_medical}
        if unit is not None
        else {}
    )
    with job.source.open("rb") as stored:  # through the guarded workbook reader
        outcome = batch_precheck_file(
            stored,
            policy_id=job.params["policy_id"],
            unit=unit_facts,
            submitted_at=clock.local(job.created_at).isoformat(),
        )
    if outcome.problem:
        return JobOutcome(summary="", problems=[outcome.problem])
    return JobOutcome(
        summary=(
            f"预审完成：{outcome.applications} 个项目，{outcome.passed} 个未发现问题。"
            "请下载结果工作簿查看每个项目的预审结果。"
        ),
        counts={"applications": outcome.applications, "passed": outcome.passed},
        done=outcome.applications,
        total=outcome.applications,
        result=ResultFile("批量预审结果.xlsx", outcome.content, XLSX),
    )
