"""Submitting and running jobs.

A page (or command) submits a job with :func:`job_submit`: the upload is stored first, the job
row written, and the task enqueued once the transaction commits. The task — ids in, nothing
else — calls :func:`job_run` with the one domain function it wraps. ``job_run`` makes every
delivery of the same job safe:

* the work and the job's end state are one transaction: a refused file, an error or a worker
  killed mid-job leaves none of the work's writes behind (the refusal and the error themselves
  are recorded on the job);
* the job row is locked for that transaction and a finished job is never run again, so a message
  delivered twice (a restarted worker, a redelivery after the visibility timeout) does the work
  once; the domain functions are themselves idempotent under retry.

A job too big for one worker may split its work into pieces (``jobs.pieces``): each piece is its
own task and transaction, so N workers divide the wall time; the job ends when the last piece
commits.
"""

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.idnumbers import mask_id_numbers_in
from jijiao.common.transitions import transition
from jijiao.jobs.kinds import KINDS
from jijiao.jobs.models import Job
from jijiao.jobs.progress import Progress
from jijiao.jobs.signals import job_finished

log = logging.getLogger(__name__)
INTERNAL_ERROR = "任务执行时出现内部错误，没有写入任何数据；请稍后重试，仍不成功请联系系统管理员"
MAX_PROBLEMS = 200


@dataclass
class ResultFile:
    name: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass
class JobOutcome:
    """What a job's domain function reports: a sentence for the person, its counts, the problems
    by row of a refused file (anything with ``row``, ``column`` and ``message``), a file."""

    summary: str
    counts: dict = field(default_factory=dict)
    problems: Sequence = ()
    problem_count: int | None = None
    result: ResultFile | None = None
    done: int = 0
    total: int = 0
    next_url: str = ""  # a page to go on to, e.g. the imported list
    next_label: str = ""
    # The work was split into this many pieces, each run by its own task (``jobs.pieces``):
    # the job goes on running and ends when the last piece commits.
    pieces: int = 0

    @property
    def refused(self) -> bool:
        return bool(self.problem_count if self.problem_count is not None else self.problems)


def job_submit(
    *,
    kind: str,
    task,
    by,
    organisation,
    permission: str,
    permission_obj=None,
    params: dict | None = None,
    upload: File | None = None,
) -> Job:
    """Record a job and enqueue ``task`` for it when the current transaction commits.

    ``permission`` is the named predicate of the work, checked now on ``permission_obj`` (by
    default ``organisation``); the domain function checks it again when the job runs.
    ``upload`` is stored before the job is queued, so the task reads it from storage; its name
    is kept with ID numbers masked.
    ``params`` are plain values (ids, years, options). Side effects: the stored file, the job
    row, the message to the broker (or, in eager mode, the run itself after the commit).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    require(by, permission, organisation if permission_obj is None else permission_obj)
    job = Job(
        kind=kind,
        token=uuid.uuid4().hex,
        started_by=by,
        organisation=organisation,
        params=params or {},
        created_at=clock.now(),
    )
    if upload is not None:
        job.source_name = mask_id_numbers_in(getattr(upload, "name", "") or "")[:255]
        upload.seek(0)
        job.source.save("source", upload, save=False)
    job.save()
    transaction.on_commit(lambda: task.delay(job.pk))
    return job


def job_run(job_id: int, work: Callable[[Job, Progress], JobOutcome]) -> None:
    """Run ``work`` for the job once, whatever the number of deliveries.

    Side effects: the job goes running (committed at once, so its page shows it), then — in one
    transaction with everything ``work`` writes — done or refused with its counts, problems and
    result file, and one audit entry ``job.finished`` with the counts. On an error nothing of
    ``work`` stays; the job goes failed with the reason in Chinese (``job.failed`` audited).
    Either way ``job_finished`` is sent (the notifications app tells the person who started it).
    Once the job has finished its stored upload is deleted (workbooks carry ID numbers in clear);
    its name stays, masked.
    """
    runnable = Job.objects.filter(pk=job_id).exclude(state__in=Job.FINISHED)
    if not runnable.update(
        state=Job.State.RUNNING, started_at=clock.now(), attempts=F("attempts") + 1
    ):
        return  # gone, or finished by an earlier delivery
    progress = Progress(job_id)
    try:
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job_id)
            if job.finished:
                return
            with transaction.atomic():
                outcome = work(job, progress)
                if outcome.refused:  # a refused file changes nothing
                    transaction.set_rollback(True)
            if not outcome.pieces:
                _finish(job, outcome)
    except (DomainError, PermissionDenied) as error:
        _fail(job_id, getattr(error, "message", None) or str(error))
    except Exception:
        log.exception("job %s failed", job_id)
        _fail(job_id, INTERNAL_ERROR)
    finally:
        caches["jobs"].delete(progress.key)
    transaction.on_commit(lambda: _discard_source(job_id))


def _discard_source(job_id: int) -> None:
    job = Job.objects.filter(pk=job_id, state__in=Job.FINISHED).exclude(source="").first()
    if job is not None:
        job.source.delete(save=False)
        Job.objects.filter(pk=job_id).update(source="")


def _problem(p) -> dict:
    """A problem by row (``row`` 0: the file as a whole) or, for a plain sentence, ``row`` None."""
    row = getattr(p, "row", None)
    return {
        "row": None if row is None else int(row or 0),
        "column": mask_id_numbers_in(str(getattr(p, "column", "") or "")),
        "message": mask_id_numbers_in(str(getattr(p, "message", p))),
    }


def _finish(job: Job, outcome: JobOutcome) -> None:
    transition(job, Job.State.REFUSED if outcome.refused else Job.State.DONE)
    job.finished_at = clock.now()
    job.summary = mask_id_numbers_in(outcome.summary)[:500]
    job.counts = outcome.counts
    job.problems = [_problem(p) for p in list(outcome.problems)[:MAX_PROBLEMS]]
    job.problem_count = (
        outcome.problem_count if outcome.problem_count is not None else len(outcome.problems)
    )
    job.total = outcome.total
    job.done = outcome.done if job.state == Job.State.DONE else 0
    job.error = ""
    if outcome.next_url and not outcome.refused:
        job.params = {**job.params, "next_url": outcome.next_url}
        if outcome.next_label:
            job.params["next_label"] = outcome.next_label
    if outcome.result is not None and not outcome.refused:
        job.result_name = outcome.result.name[:255]
        job.result_type = outcome.result.content_type[:100]
        job.result.save("result", ContentFile(outcome.result.content), save=False)
    job.save()
    record(
        "job.finished",
        actor=job.started_by,
        obj=job,
        data={
            "kind": job.kind,
            "state": job.state,
            "organisation": job.organisation_id,
            "counts": job.counts,
            "problems": job.problem_count,
            "attempts": job.attempts,
        },
    )
    job_finished.send(sender=Job, job=job)


def _fail(job_id: int, message: str) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.finished:
            return
        transition(job, Job.State.FAILED)
        job.finished_at = clock.now()
        job.error = mask_id_numbers_in(message)[:500]
        job.done = 0
        job.save()
        record(
            "job.failed",
            actor=job.started_by,
            obj=job,
            data={"kind": job.kind, "organisation": job.organisation_id, "error": job.error},
        )
        job_finished.send(sender=Job, job=job)


def job_results_purge(*, now, days: int) -> int:
    """Delete the result files of jobs finished more than ``days`` days before ``now`` (exports
    carry names, credits and masked ID numbers; ``days`` 0 keeps them). The job rows stay and
    their page says the file has expired. Returns the number of files deleted.

    Side effects: the stored files; each job's ``result`` emptied (its name kept); one audit
    entry ``jobs.results_purged`` with the count and the days, when anything was deleted.
    """
    if days <= 0:
        return 0
    old = Job.objects.filter(finished_at__lt=now - dt.timedelta(days=days)).exclude(result="")
    count = 0
    for job in old.iterator():
        job.result.delete(save=False)
        Job.objects.filter(pk=job.pk).update(result="")
        count += 1
    if count:
        record("jobs.results_purged", data={"count": count, "days": days})
    return count
