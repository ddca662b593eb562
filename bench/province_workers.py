"""The province's summaries recomputed by real Celery workers (issue 16), run by
``bench/province_bench.py`` as ``python -m bench.province_workers YEAR`` with
``JIJIAO_REDIS_URL`` set, while ``jijiao worker --concurrency N`` runs beside it: the job is
submitted as an office submits it, split into pieces the workers share; the time is from the
submission to the job's end. Prints one JSON line."""

import json
import os
import sys
import time


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jijiao.settings")
    import django

    django.setup()
    from django.conf import settings

    from jijiao.credits.domain.summaries import summaries_recompute_submit
    from jijiao.jobs.models import Job
    from jijiao.orgs.models import Account, Unit
    from jijiao.synth.build import _marker

    if settings.JOBS_EAGER:
        raise SystemExit("no broker: set JIJIAO_REDIS_URL to a Redis that answers")
    made, year = _marker(), int(sys.argv[1])
    by = Account.objects.get(pk=made["accounts"]["province"])
    office = Unit.objects.get(pk=made["province_office"])
    started = time.perf_counter()
    job = summaries_recompute_submit(by=by, organisation=office, year=year)
    while not job.finished:
        time.sleep(0.2)
        job = Job.objects.get(pk=job.pk)
    seconds = time.perf_counter() - started
    found = {"seconds": seconds, "people": job.counts.get("people", 0), "year": year,
             "state": job.state, "pieces": len(job.params.get("pieces", ()))}  # fmt: skip
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
