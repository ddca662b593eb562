"""The province benchmark's worker (issue 16), run by ``bench/cases_province.py`` as
``python -m bench.province_bench RESULTS.json`` in a process whose Django points at the
benchmark's own PostgreSQL database. Prints its progress, writes the figures to RESULTS.json.

1. The province: ``jijiao.synth`` at ``PEOPLE`` people and ``UNITS`` units over five years —
   generated once per scale (exit ``FRESH`` when the database holds another scale).
2. The year's compliance summaries of the whole province recomputed as the job does (a job
   record, ``job_run``; without a broker its pieces run one after the other in this process),
   against the SQL alone: the grouped read of the year's ledger rows. With
   ``JIJIAO_BENCH_PROVINCE_WORKERS=N`` and ``JIJIAO_BENCH_REDIS_URL`` the year before is
   recomputed too by N Celery worker processes sharing the job's pieces
   (``bench/province_workers.py``).
3. One person's transcript through the ORM path the page uses (``transcript.rows_of``), each
   timed alone, against the same SQL sent by the cursor: p95 of each.
4. The compliance page of the largest hospital (5,000 people at default scale and above),
   through Django's test client, against its two SQL queries alone (counts, the page's rows).
5. One promotion-audit table (``audits.table.compute_table``: the window's rows, the rules),
   against its rows' SQL alone.
6. The overview (统计概览) of the first city's office for the year, and of the province's,
   through the test client, after the nightly fills (the people's compliance summaries, the
   overview's kept counts per unit and year — its time printed too), against the compliance
   counts' grouped SQL of the same area alone (the one figure a page without charts would
   still need).
7. The ledger import of ``IMPORT_ROWS`` rows for people of one city, against ``psql \\copy`` of
   the same rows (bench.ledger_bench's baseline); the imported rows are deleted afterwards.
"""

import csv
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

PEOPLE = int(os.environ.get("JIJIAO_BENCH_PROVINCE_PEOPLE", "100000"))
UNITS = int(os.environ.get("JIJIAO_BENCH_PROVINCE_UNITS", str(max(20, PEOPLE // 200))))
IMPORT_ROWS = int(os.environ.get("JIJIAO_BENCH_PROVINCE_IMPORT_ROWS", str(PEOPLE)))
UNTIL = 2025
FRESH = 3
SAMPLES = 400
PAGE_SAMPLES = 30


def say(text: str) -> None:
    print(f"    {text}", flush=True)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def province() -> dict:
    from django.core.management import call_command

    from jijiao.common.errors import DomainError
    from jijiao.synth.build import province as build

    call_command("migrate", verbosity=0)
    try:
        return build(people=PEOPLE, units=UNITS, years=5, until=UNTIL, seed=16, say=say)
    except DomainError as error:
        say(error.message)
        raise SystemExit(FRESH) from None


def recompute(made: dict) -> dict:
    """The province's summaries of the last year, as a job; baseline: the grouped read alone."""
    from django.db import connection

    from jijiao.credits.domain.summaries import summaries_recompute_submit
    from jijiao.jobs.models import Job
    from jijiao.orgs.models import Account, Unit

    by = Account.objects.get(pk=made["accounts"]["province"])
    office = Unit.objects.get(pk=made["province_office"])
    # Without a broker the job runs in this process when submitted (the settings' eager mode):
    # the time is the job's, its record and transaction included.
    job_seconds = timed(lambda: summaries_recompute_submit(by=by, organisation=office, year=UNTIL))
    job = Job.objects.filter(kind="compliance_summaries").latest("pk")

    def grouped():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT person_id, credit_class, credit_level, remote, status, valid,"
                " activity_type, sum(credits) FROM credits_ledgerentry WHERE year = %s"
                " GROUP BY 1, 2, 3, 4, 5, 6, 7",
                [UNTIL],
            )
            return len(cursor.fetchall())

    groups = grouped()
    sql_seconds = timed(grouped)
    people = job.counts.get("people", 0)
    say(f"recompute job: {job_seconds:.1f} s for {people:,} people ({job.state}); "
        f"the grouped read alone {sql_seconds:.1f} s ({groups:,} groups)")  # fmt: skip
    return {
        "seconds": job_seconds,
        "people": people,
        "state": job.state,
        "sql_seconds": sql_seconds,
        "ratio": job_seconds / sql_seconds,
        "workers": recompute_by_workers(),
    }


def recompute_by_workers() -> dict | None:
    """The year before recomputed by ``JIJIAO_BENCH_PROVINCE_WORKERS`` worker processes on the
    Redis of ``JIJIAO_BENCH_REDIS_URL`` (skipped when either is unset)."""
    import subprocess

    workers = int(os.environ.get("JIJIAO_BENCH_PROVINCE_WORKERS", "0") or 0)
    redis_url = os.environ.get("JIJIAO_BENCH_REDIS_URL", "")
    if not workers or not redis_url:
        return None
    env = {**os.environ, "JIJIAO_REDIS_URL": redis_url}
    worker = subprocess.Popen(
        [sys.executable, "-m", "jijiao.cli", "worker", "--concurrency", str(workers),
         "--loglevel", "warning"],
        env=env,
    )  # fmt: skip
    try:
        time.sleep(5)  # the worker connects to the broker
        done = subprocess.run(
            [sys.executable, "-m", "bench.province_workers", str(UNTIL - 1)],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        worker.terminate()
        worker.wait(60)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    say(f"recompute by {workers} worker processes: {found['seconds']:.1f} s for "
        f"{found['people']:,} people ({found['state']}, {found['pieces']} pieces)")  # fmt: skip
    return {**found, "processes": workers}


def _sql_of(queryset) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def transcript(made: dict) -> dict:
    from django.db import connection

    from jijiao.credits.transcript import rows_of
    from jijiao.orgs.models import Person

    picks = random.Random(6)
    ids = [made["first_person"] + picks.randrange(PEOPLE) for _ in range(SAMPLES + 100)]
    people = Person.objects.in_bulk(ids)
    orm, raw = [], []
    for index, pk in enumerate(ids):
        person, year = people[pk], picks.choice(made["years_list"])
        queryset = rows_of(person, year)
        sql, params = _sql_of(queryset.prefetch_related(None))
        took = timed(lambda q=queryset: list(q))

        def alone(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        base = timed(alone)
        if index >= 100:  # the first hundred warm the connection and the caches
            orm.append(took)
            raw.append(base)
    return {
        "p50_ms": percentile(orm, 0.5) * 1e3,
        "p95_ms": percentile(orm, 0.95) * 1e3,
        "sql_p95_ms": percentile(raw, 0.95) * 1e3,
        "ratio": percentile(orm, 0.95) / percentile(raw, 0.95),
        "samples": len(orm),
    }


def compliance_page(made: dict) -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from jijiao.credits.models import ComplianceSummary
    from jijiao.orgs.models import Account, Person

    unit = made["largest_unit"]
    size = Person.objects.filter(unit_id=unit).count()
    client = Client()
    client.force_login(Account.objects.get(pk=made["accounts"]["unit_admin"]))
    stored = ComplianceSummary.objects.filter(year=UNTIL, unit_id=unit, person__unit_id=unit)
    queries = [
        _sql_of(stored.values_list("status").annotate(n=Count("pk")).order_by()),
        _sql_of(
            stored.select_related("person", "person__department").order_by(
                "person__name", "person_id"
            )[:100]
        ),
    ]

    def alone():
        with connection.cursor() as cursor:
            for sql, params in queries:
                cursor.execute(sql, params)
                cursor.fetchall()

    return {
        "people": size,
        **_page_against_sql(
            client, lambda i: f"/credits/compliance/?year={UNTIL}&page={1 + i % 10}", alone
        ),
    }


def _page_against_sql(client, url_of, alone) -> dict:
    """A page through the test client ``PAGE_SAMPLES`` times (after 3 to warm up), each followed
    by its SQL alone: p50 and p95 of the page, p95 of the SQL and their ratio."""
    pages, raw = [], []
    for index in range(PAGE_SAMPLES + 3):
        url = url_of(index)
        started = time.perf_counter()
        response = client.get(url)
        took = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        base = timed(alone)
        if index >= 3:
            pages.append(took)
            raw.append(base)
    return {
        "p50_ms": percentile(pages, 0.5) * 1e3,
        "p95_ms": percentile(pages, 0.95) * 1e3,
        "sql_p95_ms": percentile(raw, 0.95) * 1e3,
        "ratio": percentile(pages, 0.95) / percentile(raw, 0.95),
    }


_filled: dict = {}


def overview_page(made: dict, office: str = "city") -> dict:
    """Timed as offices meet it: after the nightly fills have stored the trend's years (the
    people's compliance summaries, then the overview's kept counts of each unit's year)."""
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from jijiao.credits.domain.summaries import summaries_fill
    from jijiao.credits.queries import compliance_summaries
    from jijiao.orgs import roles
    from jijiao.orgs.models import Account, Person
    from jijiao.overview.kept import summaries_fill as overview_fill
    from jijiao.synth.world import CITIES

    years = list(range(UNTIL - 4, UNTIL + 1))
    fill_seconds, kept = _filled.get("seconds", 0.0), _filled.get("rows", 0)
    if not _filled:  # once a run: the second office reads what the first one's night left
        for year in years:
            summaries_fill(year=year)
        started = time.perf_counter()
        kept = overview_fill(years=years)
        fill_seconds = time.perf_counter() - started
        _filled.update(seconds=fill_seconds, rows=kept)
        say(f"overview nightly fill: {kept:,} unit-years in {fill_seconds:.1f} s")
    key = f"city_{CITIES[0][0]}" if office == "city" else "province"
    account = Account.objects.get(pk=made["accounts"][key])
    offices = roles.office_ids(account)
    units = roles.units_in_jurisdiction(set(offices))
    people = Person.objects.filter(unit__in=units).count()
    client = Client()
    client.force_login(account)
    counts = _sql_of(
        compliance_summaries(UNTIL, units).values("unit_id", "status").annotate(n=Count("pk"))
    )

    def alone():
        with connection.cursor() as cursor:
            cursor.execute(*counts)
            cursor.fetchall()

    return {
        "people": people,
        "fill_seconds": fill_seconds,
        "unit_years": kept,
        **_page_against_sql(client, lambda _i: f"/overview/?year={UNTIL}", alone),
    }


def audit_table(made: dict) -> dict:
    from django.db import connection

    from jijiao.audits.models import AuditCase, Campaign
    from jijiao.audits.table import case_years, compute_table
    from jijiao.credits.models import LedgerEntry
    from jijiao.orgs.models import Person
    from jijiao.policy.access import get_policy

    picks = random.Random(8)
    campaign = Campaign(year=UNTIL + 1, policy_id="wenzhou-2023", title="晋升审核（基准）")
    policy = get_policy(campaign.policy_id)
    ids = [made["first_person"] + picks.randrange(PEOPLE) for _ in range(SAMPLES // 2 + 50)]
    people = Person.objects.select_related("unit").in_bulk(ids)
    tables, raw = [], []
    for index, pk in enumerate(ids):
        person = people[pk]
        case = AuditCase(campaign=campaign, person=person, unit=person.unit, chain=[])
        years = case_years(case, policy)
        took = timed(lambda c=case: compute_table(c))
        sql, params = _sql_of(
            LedgerEntry.objects.filter(person_id=pk, year__in=years).order_by("activity_date", "id")
        )

        def alone(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        base = timed(alone)
        if index >= 50:
            tables.append(took)
            raw.append(base)
    return {
        "p50_ms": percentile(tables, 0.5) * 1e3,
        "p95_ms": percentile(tables, 0.95) * 1e3,
        "sql_p95_ms": percentile(raw, 0.95) * 1e3,
        "ratio": percentile(tables, 0.95) / percentile(raw, 0.95),
        "samples": len(tables),
    }


def _import_files(made: dict, folder: Path) -> tuple[Path, Path, int, int]:
    """The import CSV for people of the first city's units, and the same rows as ledger
    columns for ``psql \\copy``; returns the files, the office and its account."""
    from bench.ledger_bench import LEDGER_COLUMNS
    from jijiao.credits.import_csv import HEADERS, row_key
    from jijiao.orgs.models import Person, Unit
    from jijiao.synth.rows import person_id_number
    from jijiao.synth.world import CITIES

    office = Unit.objects.get(name=f"{CITIES[0][1]}继教办（合成）")
    account = made["accounts"][f"city_{CITIES[0][0]}"]
    people = list(
        Person.objects.filter(unit__division__code__startswith=CITIES[0][0][:4])
        .values_list("pk", "unit_id", "unit__division_id", "name")
        .order_by("pk")
    )
    picks = random.Random(7)
    categories = [("Ⅰ类（国家级）", "I", "national"), ("Ⅰ类（省级）", "I", "provincial"),
                  ("Ⅱ类", "II", "unit")]  # fmt: skip
    now = dt.datetime.now(dt.UTC).isoformat()
    import_file, psql_file = folder / "history.csv", folder / "history-ledger.csv"
    assert LEDGER_COLUMNS.startswith("person_id, unit_id, year")
    with (
        import_file.open("w", encoding="utf-8-sig", newline="") as one,
        psql_file.open("w", encoding="utf-8", newline="") as other,
    ):
        out, ledger = csv.writer(one), csv.writer(other, quoting=csv.QUOTE_NONNUMERIC)
        out.writerow(HEADERS)
        for index in range(IMPORT_ROWS):
            pk, unit, division, name = people[picks.randrange(len(people))]
            number = person_id_number(pk - made["first_person"], division)
            year = made["years_list"][index % len(made["years_list"])]
            day = dt.date(year, 1 + index % 12, 1 + index % 28)
            label, credit_class, level = categories[index % 3]
            title = f"原平台学习班{index}"
            code = f"{year}-03-01-{index % 997:03d}" if credit_class == "I" else ""
            kind = "项目" if code else "病例讨论"
            credits = f"{1 + index % 5}" if credit_class == "I" else "0.5"
            out.writerow([number, name, day.isoformat(), label, kind, title, "", credits, code])
            ledger.writerow([
                pk, unit, year, day.isoformat(), credit_class, level, "import", kind, title, code,
                None, credits, "import", "f", "{}", "approved", "[]", 0, "t", "",
                "zhejiang-2023", "x", "[]", "psql",
                row_key(day, credit_class, level, kind, title, code), account, now, now,
            ])  # fmt: skip
    return import_file, psql_file, office.pk, account


def ledger_import(made: dict) -> dict:
    from bench.ledger_bench import _clean_up_imports, _psql_copy
    from jijiao.credits.domain.bulk_import import ledger_rows_import
    from jijiao.orgs.models import Account, Unit

    _clean_up_imports()
    with tempfile.TemporaryDirectory(prefix="jijiao-bench-province-") as folder:
        import_file, psql_file, office, account = _import_files(made, Path(folder))
        psql_seconds = _psql_copy(psql_file)
        by, unit = Account.objects.get(pk=account), Unit.objects.get(pk=office)
        started = time.perf_counter()
        with import_file.open("rb") as stream:
            done = ledger_rows_import(by=by, office=unit, stream=stream, filename="history.csv")
        import_seconds = time.perf_counter() - started
    _clean_up_imports()
    say(f"import {IMPORT_ROWS:,} rows: {import_seconds:.1f} s (created {done.created:,}, "
        f"problems {done.problem_count}); psql \\copy {psql_seconds:.1f} s")  # fmt: skip
    return {
        "rows": IMPORT_ROWS,
        "created": done.created,
        "problems": done.problem_count,
        "import_seconds": import_seconds,
        "psql_seconds": psql_seconds,
        "ratio": psql_seconds / import_seconds,
    }


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jijiao.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("the province benchmark needs PostgreSQL")
    made = province()
    results = {"scale": {"people": PEOPLE, "units": UNITS, "rows": made["rows"]}}
    results["recompute"] = recompute(made)
    results["transcript"] = transcript(made)
    results["compliance_page"] = compliance_page(made)
    results["audit_table"] = audit_table(made)
    results["overview"] = overview_page(made)
    results["overview_province"] = overview_page(made, "province")
    results["import"] = ledger_import(made)
    results["statuses"] = _statuses()
    Path(sys.argv[1]).write_text(json.dumps(results), encoding="utf-8")
    return 0


def _statuses() -> dict:
    from django.db.models import Count

    from jijiao.credits.models import ComplianceSummary

    rows = (
        ComplianceSummary.objects.filter(year=UNTIL).values_list("status").annotate(n=Count("pk"))
    )
    return {status or "undecided": n for status, n in rows.order_by()}


if __name__ == "__main__":
    sys.exit(main())
