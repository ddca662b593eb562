"""Background tasks of credits: thin — a job id in, the job re-fetched, one domain function."""

from celery import shared_task
from django.urls import reverse

from jijiao.common.documents.excel import XLSX
from jijiao.credits.domain.bulk_import import ledger_rows_import
from jijiao.credits.domain.compliance import compliance_list_confirm
from jijiao.credits.domain.summaries import (
    summaries_fill,
    summaries_recompute,
    summaries_recompute_piece,
    summaries_recompute_plan,
    summaries_refresh,
)
from jijiao.credits.exports import unit_transcripts_export
from jijiao.credits.summaries import Run, refreshed
from jijiao.jobs.domain import JobOutcome, ResultFile, job_run
from jijiao.jobs.pieces import job_piece_run, job_pieces_start
from jijiao.jobs.progress import ProgressReader
from jijiao.jobs.tasks import job_task


@job_task("credits.ledger_import")
def task_ledger_import(job_id: int) -> None:
    job_run(job_id, _ledger_import)


def _ledger_import(job, progress) -> JobOutcome:
    """The stored CSV, streamed; the bar follows the bytes read. Idempotent on each row's key:
    a rerun after a killed worker adds what the clean run would have added."""
    with job.source.open("rb") as stored:
        outcome = ledger_rows_import(
            by=job.started_by,
            office=job.organisation,
            stream=ProgressReader(stored, job.source.size, progress),
            filename=job.source_name,
            source=job.params.get("source", ""),
        )
    return JobOutcome(
        summary=(
            f"共 {outcome.rows} 行：新导入 {outcome.created} 条，已存在 {outcome.existing} 条。"
        ),
        counts={"rows": outcome.rows, "created": outcome.created, "existing": outcome.existing},
        problems=outcome.problems,
        problem_count=outcome.problem_count,
        done=outcome.rows,
        total=outcome.rows,
    )


@job_task("credits.compliance_confirm")
def task_compliance_confirm(job_id: int) -> None:
    job_run(job_id, _compliance_confirm)


def _compliance_confirm(job, progress) -> JobOutcome:
    """The unit's compliance list for the year, computed from the ledger and confirmed."""
    year = job.params["year"]
    done = compliance_list_confirm(by=job.started_by, unit=job.organisation, year=year)
    people = done.compliant + done.noncompliant + done.exempt
    return JobOutcome(
        summary=(
            f"已确认 {year} 年度名单：达标 {done.compliant} 人，不达标 {done.noncompliant} 人，"
            f"不计达标 {done.exempt} 人。"
        ),
        counts={
            "year": year,
            "compliant": done.compliant,
            "noncompliant": done.noncompliant,
            "exempt": done.exempt,
        },
        done=people,
        total=people,
        next_url=reverse("credits:compliance") + f"?year={year}",
        next_label="查看年度达标名单",
    )


@shared_task(
    name="credits.summaries_refresh", acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def task_summaries_refresh(pairs: list[list[int]]) -> None:
    """Recompute the summaries of these [person id, year] pairs (idempotent); then say so
    (``summaries.refreshed``)."""
    summaries_refresh([(p, y) for p, y in pairs])
    refreshed.send(sender=None, pairs=[(p, y) for p, y in pairs])


@job_task("credits.summaries_recompute")
def task_summaries_recompute(job_id: int) -> None:
    job_run(job_id, _summaries_recompute)


def _summaries_recompute(job, progress) -> JobOutcome:
    """Every summary of the year for the job's unit (an office: its jurisdiction); beyond one
    piece (``PIECE`` people) in pieces, each its own task, so every worker takes a share."""
    year = job.params["year"]
    pieces, people = summaries_recompute_plan(
        by=job.started_by, organisation=job.organisation, year=year
    )
    if len(pieces) > 1 or "pieces" in job.params:
        return job_pieces_start(
            job, pieces=pieces, task=task_summaries_recompute_piece, total=people
        )
    people = summaries_recompute(
        by=job.started_by, organisation=job.organisation, year=year, progress=progress
    )
    return _recomputed(job, people)


def _recomputed(job, people: int) -> JobOutcome:
    year = job.params["year"]
    return JobOutcome(
        summary=f"已重算 {job.organisation} {year} 年度 {people} 人的学分达标汇总。",
        counts={"year": year, "people": people},
        done=people,
        total=people,
    )


@job_task("credits.summaries_recompute_piece")
def task_summaries_recompute_piece(job_id: int, index: int) -> None:
    job_piece_run(job_id, index, _recompute_piece, lambda job: _recomputed(job, job.done))


_runs: dict[str, Run] = {}


def _recompute_piece(job, piece: list[int]) -> int:
    """One piece; the pieces of a job that this worker process runs share what they read (the
    units of a province, the packs, the rule's judgements): only the latest job's is kept."""
    if job.token not in _runs:
        _runs.clear()
        _runs[job.token] = Run()
    low, high = piece
    return summaries_recompute_piece(
        by=job.started_by, organisation=job.organisation, year=job.params["year"],
        low=low, high=high, run=_runs[job.token],
    )  # fmt: skip


@job_task("credits.unit_transcripts_export")
def task_unit_transcripts_export(job_id: int) -> None:
    job_run(job_id, _unit_transcripts_export)


def _unit_transcripts_export(job, progress) -> JobOutcome:
    """The unit's transcripts for the year as one workbook (汇总 and 明细)."""
    year, unit = job.params["year"], job.organisation
    content, people, rows = unit_transcripts_export(
        by=job.started_by, unit=unit, year=year, progress=progress
    )
    return JobOutcome(
        summary=f"{unit.name} {year} 年度学分汇总：{people} 人，学分记录 {rows} 条。",
        counts={"year": year, "people": people, "rows": rows},
        done=people,
        total=people,
        result=ResultFile(f"{unit.name}{year}年度学分汇总.xlsx", content, XLSX),
    )


@shared_task(name="credits.summaries_fill", ignore_result=True)
def summaries_fill_task() -> None:
    """Every night (CELERY_BEAT_SCHEDULE): the summaries still missing for this year and the five
    before — the overview's five-year trend of last year, which offices read most."""
    from jijiao.common import clock

    this_year = clock.today().year
    for year in range(this_year, this_year - 6, -1):
        summaries_fill(year=year)
