"""A job split into pieces that several workers run at once (issue 16: a province's summaries).

The job's work (inside :func:`jobs.domain.job_run`) plans the pieces and calls
:func:`job_pieces_start`: the pieces are recorded on the job (``params["pieces"]``) and one task
per piece is enqueued once the job's transaction commits; the job stays running. Each piece task
calls :func:`job_piece_run`:

* a piece is one transaction — its writes, and its mark on the job (``params["pieces_done"]``,
  ``done`` summed), under the job row's lock taken at the end, so pieces run side by side and
  only their last statement waits for another's;
* a piece already marked does nothing: a message delivered twice does the work once (and a piece
  killed mid-way is delivered again and redone — the work must be idempotent);
* the piece that marks the last one finishes the job in its transaction: ``done`` with the
  outcome, one audit entry ``job.finished``, ``job_finished`` sent;
* a piece that fails fails the job (``job.failed``); pieces committed before keep their writes
  (the work is derived data: running the job again redoes it) and pieces after do nothing;
* progress is the pieces' committed ``done`` over the job's ``total``.

Without a broker (eager mode) the pieces run one after the other in the same process, with the
same result.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from jijiao.common.errors import DomainError
from jijiao.jobs.domain import INTERNAL_ERROR, JobOutcome, _fail, _finish
from jijiao.jobs.models import Job
from jijiao.jobs.progress import Progress

log = logging.getLogger(__name__)


def job_pieces_start(job: Job, *, pieces: list, task, total: int) -> JobOutcome:
    """Inside the job's work: record ``pieces`` (plain values each piece's work receives) and
    enqueue ``task.delay(job.pk, index)`` for each after commit. A job delivered again after it
    split keeps its pieces and enqueues again only those not done. Returns the outcome that
    tells ``job_run`` the job goes on. Side effects: the job row's params, total and done; the
    messages to the broker (eager: the pieces run)."""
    if "pieces" in job.params:
        pieces, done = job.params["pieces"], set(job.params.get("pieces_done", ()))
    else:
        done = set()
        job.params = {**job.params, "pieces": list(pieces), "pieces_done": []}
        job.total, job.done = total, 0
        job.save(update_fields=["params", "total", "done"])
    waiting = [index for index in range(len(pieces)) if index not in done]

    def send() -> None:
        Progress(job.pk)(job.done, job.total)
        for index in waiting:
            task.delay(job.pk, index)

    transaction.on_commit(send)
    return JobOutcome(summary="", pieces=len(pieces), done=job.done, total=job.total)


def job_piece_run(
    job_id: int,
    index: int,
    work: Callable[[Job, Any], int],
    finished: Callable[[Job], JobOutcome],
) -> None:
    """Run piece ``index`` of a split job once: ``work(job, piece)`` returns how many it did;
    ``finished(job)`` gives the job's outcome when this piece is the last (``job.done`` then
    holds every piece's count). Side effects: the piece's writes and the job's mark, in one
    transaction; for the last piece the job's end (see the module)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.state != Job.State.RUNNING:
        return
    if index in job.params.get("pieces_done", ()):
        return
    try:
        with transaction.atomic():
            count = work(job, job.params["pieces"][index])
            job = Job.objects.select_for_update().get(pk=job_id)
            marked = list(job.params.get("pieces_done", ()))
            if job.finished or index in marked:
                transaction.set_rollback(True)  # done by another delivery, or the job failed
                return
            job.params = {**job.params, "pieces_done": [*marked, index]}
            job.done += count
            if len(marked) + 1 == len(job.params["pieces"]):
                _finish(job, finished(job))
            else:
                job.save(update_fields=["params", "done"])
                done, total = job.done, job.total
                transaction.on_commit(lambda: Progress(job_id, interval=0)(done, total))
    except (DomainError, PermissionDenied) as error:
        _fail(job_id, getattr(error, "message", None) or str(error))
    except Exception:
        log.exception("job %s piece %s failed", job_id, index)
        _fail(job_id, INTERNAL_ERROR)
