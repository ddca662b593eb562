"""How far a running job is: kept in the ``jobs`` cache (Redis when there is one), since the
job's own writes are one transaction that nobody sees before it commits."""

import io
import logging
import time

from django.core.cache import caches

from jijiao.jobs.models import Job

log = logging.getLogger(__name__)


class Progress:
    """``progress(done, total)``: how far the running job is, kept in the ``jobs`` cache (Redis
    when there is one) so the page polling it sees it while the job's transaction is open.
    Written at most every ``interval`` seconds, and always at the end."""

    def __init__(self, job_id: int, interval: float = 0.3):
        self.key = progress_key(job_id)
        self.interval = interval
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < self.interval:
            return
        self._last = now
        try:
            caches["jobs"].set(self.key, (int(done), int(total)))
        except Exception:  # progress is a courtesy: a cache hiccup must not fail the job
            log.warning("job progress not stored", exc_info=True)


def progress_key(job_id: int) -> str:
    return f"job:{job_id}:progress"


def job_progress(job: Job) -> tuple[int, int, int]:
    """(done, total, percent) of a job: from the cache while it runs, from the row after."""
    if job.finished:
        done, total = job.done, job.total
        if job.state == Job.State.DONE:
            return done, total, 100
    else:
        done, total = caches["jobs"].get(progress_key(job.pk)) or (0, 0)
    percent = min(100, done * 100 // total) if total else 0
    return done, total, percent


class ProgressReader(io.RawIOBase):
    """A binary file that reports how much of it has been read: ``progress(bytes read, size)``.
    For imports that stream their file (the ledger CSV)."""

    def __init__(self, source, size: int, progress: Progress):
        super().__init__()
        self._source = source
        self._size = max(int(size or 0), 1)
        self._read = 0
        self._progress = progress

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        # A reader sniffing the file's type reads its head and goes back to the start.
        self._read = self._source.seek(offset, whence)
        return self._read

    def tell(self) -> int:
        return self._source.tell()

    def readinto(self, buffer) -> int:
        data = self._source.read(len(buffer))
        count = len(data)
        buffer[:count] = data
        self._read += count
        self._progress(min(self._read, self._size), self._size)
        return count
