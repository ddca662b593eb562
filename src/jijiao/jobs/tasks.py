"""What every job task shares: Celery options for work that must survive a killed worker; the
daily purge of old results (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


def job_task(name: str):
    """Decorator for a thin job task ``task_*(job_id)``: acknowledged only when finished
    (``acks_late``), put back when its worker dies, no Celery result (the job row is the
    result)."""
    return shared_task(name=name, acks_late=True, reject_on_worker_lost=True, ignore_result=True)


@shared_task(name="jobs.purge_results", ignore_result=True)
def purge_results_task() -> None:
    from django.conf import settings

    from jijiao.common import clock
    from jijiao.jobs.domain import job_results_purge

    job_results_purge(now=clock.now(), days=settings.JOB_RESULT_DAYS)
