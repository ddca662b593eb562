"""The ledger benchmark's worker (issue 6), run by ``bench/cases_ledger.py`` as
``python -m bench.ledger_bench RESULTS.json`` in a process whose Django points at the benchmark's
PostgreSQL database. It prints its progress and writes the figures to ``RESULTS.json``.

1. The world, in a database of its own: a city office, ``UNITS`` hospitals under it, ``PEOPLE``
   people (ID numbers encrypted and hashed as the application stores them, sent with COPY), and
   ``ROWS`` ledger rows generated server-side with ``INSERT … SELECT generate_series`` in time
   order (each person's rows spread over the table as real entries would be), one in ten with a
   certificate. The ledger's indexes are dropped while the rows go in and built again after. A
   marker table keeps the scale, so a later run with the same scale reuses the world; for another
   scale (or after an interrupted generation) the worker exits with ``FRESH`` and is run again on
   a new database.
2. One person's transcript — ``credits.transcript.rows_of(person, year)``, the queryset the
   transcript page lists, with its certificate join and evidence prefetch — for random people
   and years, each timed alone; against a primary-key lookup of a ledger row timed alone in the
   same loop. p50/p95/p99 and the ratio of the p95s.
3. ``IMPORT_ROWS`` rows written as a CSV for people of the world: ``psql \\copy`` of the same rows
   into the ledger table (same indexes, same rows already in it, in one transaction rolled back)
   against ``ledger_rows_import`` of the CSV; then the same file imported a second time, which
   must insert nothing. The imported rows are deleted afterwards (and the table vacuumed), so
   the world stays as generated.
"""

import csv
import datetime as dt
import json
import logging
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("JIJIAO_BENCH_ROWS", "10000000"))
PEOPLE = int(os.environ.get("JIJIAO_BENCH_PEOPLE", "400000"))
IMPORT_ROWS = int(os.environ.get("JIJIAO_BENCH_IMPORT_ROWS", "1000000"))
UNITS = 200
YEARS = tuple(range(2019, 2025))
SAMPLES = 2000
WORLD_VERSION = 2
CHUNK = 1_000_000
FRESH = 3  # exit status: drop and create the database, then run again
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭"
TITLES = [
    "心血管疾病诊疗进展学习班",
    "基层高血压规范化管理",
    "护理安全与质量管理",
    "急诊急救技能培训",
    "合理用药与药物警戒",
    "院内感染防控",
    "疑难病例讨论",
    "医学影像新技术",
]
LEDGER_COLUMNS = (
    "person_id, unit_id, year, activity_date, credit_class, credit_level, source, activity_type,"
    " title, project_number, hours, credits, entry_method, remote, details, status, chain,"
    " stage_index, valid, void_reason, policy_id, policy_hash, entry_findings, source_type,"
    " source_id, entered_by_id, entered_at, decided_at"
)


def say(text: str) -> None:
    print(f"    {text}", flush=True)


def id_number(index: int) -> str:
    """The ``index``-th person's ID number: 500 per birth date, a valid check digit."""
    from jijiao.orgs.synthetic import synthetic_id_number

    birth = dt.date(1960, 1, 1) + dt.timedelta(days=index // 500)
    return synthetic_id_number("330302", birth, index % 500, female=False)


def person_name(index: int) -> str:
    return f"{SURNAMES[index % len(SURNAMES)]}{index}"


# ------------------------------------------------------------------------------------------
# 1. The world


def _fingerprint() -> str:
    from jijiao.common import idnumbers

    return idnumbers.lookup_hash(id_number(0))[:16]


def _index_count(cursor) -> int:
    cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'credits_ledgerentry'")
    return cursor.fetchone()[0]


def _marker(cursor) -> dict | None:
    cursor.execute("CREATE TABLE IF NOT EXISTS bench_ledger_world (world jsonb NOT NULL)")
    cursor.execute("SELECT world FROM bench_ledger_world")
    found = cursor.fetchone()
    if found is None:
        return None
    world = found[0] if isinstance(found[0], dict) else json.loads(found[0])
    wanted = {
        "rows": ROWS,
        "people": PEOPLE,
        "version": WORLD_VERSION,
        "key": _fingerprint(),
        "indexes": _index_count(cursor),
    }
    return world if all(world.get(k) == v for k, v in wanted.items()) else None


def world() -> dict:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        found = _marker(cursor)
    if found is not None:
        say(f"reusing the generated world: {ROWS:,} ledger rows for {PEOPLE:,} people")
        return found
    from jijiao.orgs.models import Person

    if Person.objects.exists():
        say("the database holds another scale or an unfinished world: asking for a fresh one")
        raise SystemExit(FRESH)
    say(f"generating {ROWS:,} ledger rows for {PEOPLE:,} people (once per scale)")
    started = time.perf_counter()
    made = _generate()
    made |= {"rows": ROWS, "people": PEOPLE, "version": WORLD_VERSION, "key": _fingerprint()}
    with connection.cursor() as cursor:
        made["indexes"] = _index_count(cursor)
        cursor.execute("DELETE FROM bench_ledger_world")
        cursor.execute("INSERT INTO bench_ledger_world VALUES (%s)", [json.dumps(made)])
    say(f"world generated in {time.perf_counter() - started:.0f} s")
    return made


def _generate() -> dict:
    from django.db import connection

    from jijiao.common import clock
    from jijiao.credits.domain.years import credit_year_set
    from jijiao.orgs.models import Account, Division, Person, RoleAssignment, Unit
    from jijiao.policy.access import get_policy

    division = Division.objects.get(code="330300")
    office = Unit.objects.create(
        name="基准市继教办", kind=Unit.Kind.OFFICE, office_level="city", division=division
    )
    units = Unit.objects.bulk_create(
        [
            Unit(
                name=f"基准医院{i:03d}",
                kind=Unit.Kind.HOSPITAL,
                supervisor=office,
                division=division,
                grade="二级",
            )
            for i in range(UNITS)
        ]
    )
    account = Account.objects.create_user(
        username="bench_city", password=None, password_changed_at=clock.now()
    )
    RoleAssignment.objects.create(
        account=account, role="city_office", unit=office, granted_at=clock.now()
    )
    for year in (*YEARS, YEARS[-1] + 1):
        credit_year_set(by=account, office=office, year=year, policy_id="wenzhou-2023")
    unit_ids = [u.pk for u in units]
    assert unit_ids == list(range(unit_ids[0], unit_ids[0] + UNITS)), "unit ids not contiguous"

    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f.column for f in fields)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY orgs_person ({columns}) FROM STDIN") as copy:
            for index in range(PEOPLE):
                person = Person(name=person_name(index), unit_id=unit_ids[index % UNITS])
                person.set_id_number(id_number(index))
                copy.write_row([getattr(person, f.attname) for f in fields])
        cursor.execute("SELECT min(id), max(id) FROM orgs_person")
        first_person, last_person = cursor.fetchone()
    assert last_person - first_person + 1 == PEOPLE, "person ids not contiguous"
    say(f"{PEOPLE:,} people sent with COPY in {time.perf_counter() - started:.0f} s")

    policy = get_policy("wenzhou-2023")
    _ledger_rows(office.pk, account.pk, first_person, unit_ids[0], policy.content_hash)
    return {
        "office": office.pk,
        "account": account.pk,
        "first_person": first_person,
        "first_unit": unit_ids[0],
        "policy_hash": policy.content_hash,
    }


def _ledger_rows(office: int, account: int, first_person: int, first_unit: int, pack_hash: str):
    """``ROWS`` rows in time order: row ``g`` belongs to person ``(g × 7919) mod PEOPLE`` (7919
    is prime to the counts used, so every person gets the same number of rows, spread over the
    table), in year ``g × 6 / ROWS``. A tenth are national projects with a certificate."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'credits_ledgerentry'"
            " AND indexname <> 'credits_ledgerentry_pkey'"
        )
        indexes = cursor.fetchall()
        cursor.execute("SET session_replication_role = replica")  # no FK triggers meanwhile
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        started = time.perf_counter()
        for low in range(0, ROWS, CHUNK):
            cursor.execute(
                f"""INSERT INTO credits_ledgerentry ({LEDGER_COLUMNS}, current_office_id)
                SELECT %(first_person)s + p.i, %(first_unit)s + p.i %% %(units)s, y.year,
                    make_date(y.year, c.month, c.day),
                    CASE WHEN k < 5 THEN 'I' ELSE 'II' END,
                    CASE WHEN k < 3 THEN 'national' WHEN k < 5 THEN 'provincial' ELSE 'unit' END,
                    CASE WHEN k < 5 THEN 'project' ELSE 'in_unit' END,
                    CASE WHEN k < 5 THEN '项目'
                        ELSE (ARRAY['病例讨论', '大查房', '科内业务学习', '全院业务学习'])
                            [1 + c.k %% 4]
                    END,
                    (%(titles)s::text[])[1 + c.t],
                    CASE WHEN k < 5 THEN y.year || '-03-01-' || lpad((g %% 997)::text, 3, '0')
                        ELSE '' END,
                    CASE WHEN k < 5 THEN 3 * (1 + g %% 6) ELSE NULL END,
                    CASE WHEN k < 5 THEN 1 + g %% 6 ELSE 0.5 END,
                    CASE WHEN k < 5 THEN 'attendance' ELSE 'manual' END,
                    false, '{{}}'::jsonb,
                    CASE WHEN g %% 50 = 0 THEN 'pending_city' ELSE 'approved' END,
                    CASE WHEN k < 5 THEN '[]'::jsonb ELSE jsonb_build_array(
                        jsonb_build_object(
                            'stage', 'unit', 'office', %(first_unit)s + p.i %% %(units)s),
                        jsonb_build_object('stage', 'city', 'office', %(office)s)) END,
                    CASE WHEN k < 5 THEN 0 ELSE 1 END, true, '', 'wenzhou-2023', %(hash)s,
                    '[]'::jsonb,
                    CASE WHEN k < 5 THEN 'session' ELSE '' END,
                    CASE WHEN k < 5 THEN 'S' || g ELSE '' END,
                    %(account)s,
                    make_timestamptz(y.year, c.month, c.day, 10, 0, 0, 'Asia/Shanghai'),
                    CASE WHEN g %% 50 = 0 THEN NULL ELSE make_timestamptz(
                        y.year, c.month, c.day, 16, 0, 0, 'Asia/Shanghai') END,
                    CASE WHEN g %% 50 = 0 THEN %(office)s ELSE NULL END
                FROM generate_series(%(low)s::bigint, %(high)s::bigint) g,
                    LATERAL (SELECT (g * 7919) %% %(people)s AS i) p,
                    LATERAL (SELECT (%(first_year)s + (g * %(years)s) / %(rows)s)::int AS year) y,
                    LATERAL (SELECT (g %% 10)::int AS k, (1 + g %% 12)::int AS month,
                        (1 + g %% 28)::int AS day, (g %% 8)::int AS t) c""",
                {
                    "first_person": first_person,
                    "first_unit": first_unit,
                    "units": UNITS,
                    "titles": TITLES,
                    "hash": pack_hash,
                    "account": account,
                    "office": office,
                    "low": low,
                    "high": min(low + CHUNK, ROWS) - 1,
                    "people": PEOPLE,
                    "first_year": YEARS[0],
                    "years": len(YEARS),
                    "rows": ROWS,
                },
            )
            say(
                f"ledger rows {min(low + CHUNK, ROWS):>12,} ({time.perf_counter() - started:.0f} s)"
            )
        cursor.execute(
            """INSERT INTO credits_certificate (code, kind, person_id, entry_id, year, snapshot,
                issued_at, issued_by_id)
            SELECT md5('bench' || id), 'credit', person_id, id, year,
                jsonb_build_object('title', title, 'credits', credits::text),
                decided_at, entered_by_id
            FROM credits_ledgerentry
            WHERE credit_level = 'national' AND status = 'approved' AND id % 3 = 0"""
        )
        say(f"certificates {cursor.rowcount:,} ({time.perf_counter() - started:.0f} s)")
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, definition in indexes:
            cursor.execute(definition)
            say(f"index {name} ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE credits_ledgerentry")
        cursor.execute("VACUUM ANALYZE credits_certificate")
        cursor.execute("VACUUM ANALYZE orgs_person")
    say(f"vacuumed and analyzed ({time.perf_counter() - started:.0f} s)")


# ------------------------------------------------------------------------------------------
# 2. One person's transcript


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def transcript(made: dict) -> dict:
    from django.db import connection

    from jijiao.credits.models import LedgerEntry
    from jijiao.credits.transcript import rows_of
    from jijiao.orgs.models import Person

    picks = random.Random(6)
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM credits_ledgerentry")
        low, high = cursor.fetchone()
    person_ids = [made["first_person"] + picks.randrange(PEOPLE) for _ in range(SAMPLES + 200)]
    people = Person.objects.in_bulk(person_ids)
    cases = [(people[p], picks.choice(YEARS)) for p in person_ids]
    row_ids = [picks.randint(low, high) for _ in cases]
    transcript_times, lookup_times, counts = [], [], []
    for index, ((person, year), row_id) in enumerate(zip(cases, row_ids, strict=True)):
        started = time.perf_counter()
        rows = list(rows_of(person, year))
        middle = time.perf_counter()
        LedgerEntry.objects.filter(pk=row_id).first()
        ended = time.perf_counter()
        if index >= 200:  # the first 200 warm the connection and the caches
            transcript_times.append(middle - started)
            lookup_times.append(ended - middle)
            counts.append(len(rows))
    figures = {
        "p50_ms": _percentile(transcript_times, 0.5) * 1e3,
        "p95_ms": _percentile(transcript_times, 0.95) * 1e3,
        "p99_ms": _percentile(transcript_times, 0.99) * 1e3,
        "baseline_p50_ms": _percentile(lookup_times, 0.5) * 1e3,
        "baseline_p95_ms": _percentile(lookup_times, 0.95) * 1e3,
        "rows_per_transcript": statistics.mean(counts),
        "samples": len(transcript_times),
    }
    figures["ratio"] = figures["p95_ms"] / figures["baseline_p95_ms"]
    figures |= _server_side(cases[200:400])
    return figures


def _server_side(cases: list) -> dict:
    """The same query as PostgreSQL itself times it (EXPLAIN ANALYZE): its share of the p95
    without this process's own work, and the index it is answered from."""
    from jijiao.credits.transcript import rows_of

    times, indexes = [], set()
    for person, year in cases:
        plan = rows_of(person, year).explain(analyze=True)
        times.append(float(re.search(r"Execution Time: ([\d.]+) ms", plan)[1]))
        indexes |= set(re.findall(r"Index (?:Only )?Scan (?:using|on) (\w+)", plan))
    return {
        "server_p50_ms": _percentile(times, 0.5),
        "server_p95_ms": _percentile(times, 0.95),
        "indexes": sorted(indexes),
    }


# ------------------------------------------------------------------------------------------
# 3. The import against psql \copy


def _files(made: dict, folder: Path) -> tuple[Path, Path]:
    """The import CSV, and the same rows as ledger columns for ``psql \\copy``."""
    from jijiao.credits.import_csv import HEADERS, row_key

    picks = random.Random(7)
    categories = [("Ⅰ类（国家级）", "I", "national"), ("Ⅰ类（省级）", "I", "provincial"),
                  ("Ⅱ类", "II", "unit")]  # fmt: skip
    import_file, psql_file = folder / "history.csv", folder / "history-ledger.csv"
    now = dt.datetime.now(dt.UTC).isoformat()
    with (
        import_file.open("w", encoding="utf-8-sig", newline="") as one,
        psql_file.open("w", encoding="utf-8", newline="") as other,
    ):
        out, ledger = csv.writer(one), csv.writer(other, quoting=csv.QUOTE_NONNUMERIC)
        out.writerow(HEADERS)
        for index in range(IMPORT_ROWS):
            who = picks.randrange(PEOPLE)
            year = YEARS[index % len(YEARS)]
            day = dt.date(year, 1 + index % 12, 1 + index % 28)
            label, credit_class, level = categories[index % 3]
            title = f"原平台学习班{index}"
            number = f"{year}-03-01-{index % 997:03d}" if credit_class == "I" else ""
            kind = "项目" if number else "病例讨论"
            credits = f"{1 + index % 5}" if credit_class == "I" else "0.5"
            out.writerow([id_number(who), person_name(who), day.isoformat(), label, kind, title,
                          "", credits, number])  # fmt: skip
            ledger.writerow([
                made["first_person"] + who, made["first_unit"] + who % UNITS, year,
                day.isoformat(), credit_class, level, "import", kind, title, number, None,
                credits, "import", "f", "{}", "approved", "[]", 0, "t", "", "wenzhou-2023",
                made["policy_hash"], "[]", "psql",
                row_key(day, credit_class, level, kind, title, number), made["account"], now, now,
            ])  # fmt: skip
    return import_file, psql_file


def _clean_up_imports() -> int:
    """Delete the rows a previous import left (the world stays as generated)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM credits_approvalstep WHERE entry_id IN"
            " (SELECT id FROM credits_ledgerentry WHERE source_type = 'import')"
        )
        cursor.execute("DELETE FROM credits_ledgerentry WHERE source_type = 'import'")
        deleted = cursor.rowcount
    if deleted:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE credits_ledgerentry")
            cursor.execute("VACUUM ANALYZE credits_approvalstep")
    return deleted


def _psql_copy(path: Path) -> float:
    """``psql \\copy`` of the ledger rows in a transaction that is rolled back. Django's foreign
    keys are deferred to the commit, which a rollback skips: they are made immediate, so the
    baseline checks them as the import (which commits) does."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    copy = (
        f"\\copy credits_ledgerentry ({LEDGER_COLUMNS}) FROM '{path}'"
        " WITH (FORMAT csv, FORCE_NULL (hours))"
    )
    command = [
        "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
        "-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432),
        "-U", db.get("USER") or "postgres", "-d", db["NAME"],
        "-c", "BEGIN",
        "-c", "SET CONSTRAINTS ALL IMMEDIATE",
        "-c", copy,
        "-c", "ROLLBACK",
    ]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"psql \\copy failed: {done.stderr[-2000:]}")
    return elapsed


def imports(made: dict) -> dict:
    from jijiao.credits.domain.bulk_import import ledger_rows_import
    from jijiao.orgs.models import Account, Unit

    if _clean_up_imports():
        say("removed the rows a previous run had imported")
    by = Account.objects.get(pk=made["account"])
    office = Unit.objects.get(pk=made["office"])
    with tempfile.TemporaryDirectory(prefix="jijiao-bench-ledger-") as folder:
        started = time.perf_counter()
        import_file, psql_file = _files(made, Path(folder))
        size = import_file.stat().st_size
        say(f"{IMPORT_ROWS:,} rows written as CSV ({size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        psql_seconds = _psql_copy(psql_file)
        say(f"psql \\copy: {psql_seconds:.1f} s (rolled back)")
        started = time.perf_counter()
        with import_file.open("rb") as stream:
            first = ledger_rows_import(by=by, office=office, stream=stream, filename="history.csv")
        import_seconds = time.perf_counter() - started
        say(f"import: {import_seconds:.1f} s, created {first.created:,}, problems "
            f"{first.problem_count}")  # fmt: skip
        started = time.perf_counter()
        with import_file.open("rb") as stream:
            second = ledger_rows_import(by=by, office=office, stream=stream, filename="history.csv")
        again_seconds = time.perf_counter() - started
    _clean_up_imports()
    return {
        "rows": IMPORT_ROWS,
        "psql_seconds": psql_seconds,
        "import_seconds": import_seconds,
        "psql_rows_per_second": IMPORT_ROWS / psql_seconds,
        "import_rows_per_second": IMPORT_ROWS / import_seconds,
        "ratio": psql_seconds / import_seconds,
        "created": first.created,
        "problems": first.problem_count,
        "second_created": second.created,
        "second_existing": second.existing,
        "second_seconds": again_seconds,
    }


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jijiao.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("the ledger benchmark needs PostgreSQL")
    logging.basicConfig(format="    %(message)s", level=logging.WARNING)
    logging.getLogger("jijiao.credits.domain.bulk_import").setLevel(logging.DEBUG)
    made = world()
    results = {"scale": {"rows": ROWS, "people": PEOPLE}, "transcript": transcript(made)}
    results["import"] = imports(made)
    Path(sys.argv[1]).write_text(json.dumps(results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
