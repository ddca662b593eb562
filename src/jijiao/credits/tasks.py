"""Background tasks of credits: thin — a job id in, the job re-fetched, one domain function."""

from jijiao.credits.domain.bulk_import import ledger_rows_import
from jijiao.jobs.domain import JobOutcome, job_run
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
