"""A generated province (issue 16), on PostgreSQL: by default 100,000 people in 500 units with
about 2.5 million ledger rows over five years; the full province (1,000,000 people, about 25
million rows) with ``JIJIAO_BENCH_PROVINCE=full`` (or any size with
``JIJIAO_BENCH_PROVINCE_PEOPLE``). Each figure is printed against its goal with a baseline from
the same run, never asserted:

- the province's compliance summaries for a year recomputed as a job — goal ≤ 60 s at full
  scale (at the default scale the same rate is a tenth of it); baseline: the grouped read of the
  year's ledger rows alone; with ``JIJIAO_BENCH_PROVINCE_WORKERS=N`` and
  ``JIJIAO_BENCH_REDIS_URL`` also the year before by N Celery worker processes;
- one person's transcript through the ORM path the page uses — goal p95 ≤ 5 ms; baseline: the
  same SQL through the cursor;
- the largest hospital's compliance page (5,000 people) — goal p95 ≤ 300 ms; baseline: its two
  queries alone;
- one promotion-audit table — goal p95 ≤ 50 ms; baseline: its rows' query alone;
- the first city's overview (统计概览), and the province's — goal p95 ≤ 200 ms; baseline: its
  compliance counts' grouped query alone (the nightly fill of the overview's kept counts is
  printed beside it);
- the ledger CSV import — goal ≥ 0.25 of ``psql \\copy`` of the same rows.

Runs only when ``JIJIAO_BENCH_DATABASE_URL`` names a PostgreSQL database; works in its sibling
``…_province`` (``…_province_full`` at full scale), or in ``JIJIAO_BENCH_PROVINCE_DATABASE_URL``
when set — created when missing and kept, so the province is generated once per scale (dropped
and made again for another scale). The work happens in ``bench/province_bench.py``.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.cases_ledger import _database
from bench.timing import note

ROOT = Path(__file__).resolve().parents[1]
FRESH = 3
FULL = {"JIJIAO_BENCH_PROVINCE_PEOPLE": "1000000", "JIJIAO_BENCH_PROVINCE_UNITS": "5000"}
GOALS = {
    "recompute": "≤ 60 s at 1,000,000 people",
    "transcript": "p95 ≤ 5 ms",
    "compliance_page": "p95 ≤ 300 ms",
    "audit_table": "p95 ≤ 50 ms",
    "overview": "p95 ≤ 200 ms",
    "import": "ratio ≥ 0.25",
}
_results: dict | None = None


def _sibling(url: str, suffix: str, *, fresh: bool = False) -> str:
    return _database(url, fresh=fresh, suffix=suffix)


def _run() -> dict | None:
    global _results
    if _results is not None:
        return _results or None
    url = os.environ.get("JIJIAO_BENCH_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        note("province: skipped — set JIJIAO_BENCH_DATABASE_URL to a PostgreSQL database")
        _results = {}
        return None
    full = os.environ.get("JIJIAO_BENCH_PROVINCE") == "full"
    extra = FULL if full else {}
    suffix = "_province_full" if full else "_province"
    env = {
        **os.environ,
        **extra,
        "DJANGO_SETTINGS_MODULE": "jijiao.settings",
        "JIJIAO_DEBUG": "false",
        "JIJIAO_REDIS_URL": "",  # jobs run in the worker process itself (eager)
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("JIJIAO_NOW", None)
    with tempfile.TemporaryDirectory(prefix="jijiao-bench-province-") as folder:
        out = Path(folder) / "results.json"
        command = [sys.executable, "-m", "bench.province_bench", str(out)]
        own = os.environ.get("JIJIAO_BENCH_PROVINCE_DATABASE_URL", "")
        env["JIJIAO_DATABASE_URL"] = _sibling(own, "") if own else _sibling(url, suffix)
        done = subprocess.run(command, env=env, cwd=ROOT, check=False)
        if done.returncode == FRESH:
            env["JIJIAO_DATABASE_URL"] = _sibling(own or url, "" if own else suffix, fresh=True)
            done = subprocess.run(command, env=env, cwd=ROOT, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"bench.province_bench failed (exit status {done.returncode})")
        _results = json.loads(out.read_text(encoding="utf-8"))
    return _results


def _line(name: str, ratio: float, detail: str, goal: str, verdict: bool | None) -> dict:
    mark = "" if verdict is None else ("meets" if verdict else "misses")
    print(f"{name:<40} ratio {ratio:>8.2f}   ({detail})   goal: {goal} {mark}".rstrip())
    return {"case": name, "ratio": round(ratio, 2), "detail": detail, "goal": goal}


def province_case() -> dict:
    results = _run()
    if results is None:
        return {"case": "province", "skipped": True}
    scale = results["scale"]
    note(
        f"province: {scale['people']:,} people, {scale['units']:,} units, "
        f"{scale['rows']:,} ledger rows; 2025 standings {results['statuses']}"
    )
    r = results["recompute"]
    per_million = r["seconds"] * 1_000_000 / max(r["people"], 1)
    rows = [
        _line(
            "province summaries job / grouped read",
            r["ratio"],
            f"{r['seconds']:.1f} s for {r['people']:,} people vs {r['sql_seconds']:.1f} s; "
            f"{per_million:.0f} s per million",
            GOALS["recompute"],
            per_million <= 60,
        )
    ]
    w = r.get("workers")
    if w:
        seconds = w["seconds"] * 1_000_000 / max(w["people"], 1)
        rows.append(
            _line(
                f"  the same by {w['processes']} worker processes",
                w["seconds"] / r["sql_seconds"],
                f"{w['seconds']:.1f} s for {w['people']:,} people ({w['year']}, "
                f"{w['pieces']} pieces); {seconds:.0f} s per million",
                GOALS["recompute"],
                seconds <= 60,
            )
        )
    t = results["transcript"]
    rows.append(
        _line(
            "transcript ORM p95 / SQL p95",
            t["ratio"],
            f"{t['p95_ms']:.2f} ms vs {t['sql_p95_ms']:.2f} ms, p50 {t['p50_ms']:.2f} ms",
            GOALS["transcript"],
            t["p95_ms"] <= 5,
        )
    )
    c = results["compliance_page"]
    rows.append(
        _line(
            f"compliance page ({c['people']:,} people) / SQL",
            c["ratio"],
            f"p95 {c['p95_ms']:.0f} ms vs {c['sql_p95_ms']:.1f} ms, p50 {c['p50_ms']:.0f} ms",
            GOALS["compliance_page"],
            c["p95_ms"] <= 300,
        )
    )
    a = results["audit_table"]
    rows.append(
        _line(
            "promotion-audit table / its rows' SQL",
            a["ratio"],
            f"p95 {a['p95_ms']:.1f} ms vs {a['sql_p95_ms']:.2f} ms, p50 {a['p50_ms']:.1f} ms",
            GOALS["audit_table"],
            a["p95_ms"] <= 50,
        )
    )
    for key, label in (("overview", "city"), ("overview_province", "province")):
        o = results.get(key)
        if o is None:
            continue
        rows.append(
            _line(
                f"{label} overview ({o['people']:,} people) / counts SQL",
                o["ratio"],
                f"p95 {o['p95_ms']:.0f} ms vs {o['sql_p95_ms']:.1f} ms, p50 {o['p50_ms']:.0f} ms"
                f"; nightly fill {o['fill_seconds']:.0f} s for {o['unit_years']:,} unit-years",
                GOALS["overview"],
                o["p95_ms"] <= 200,
            )
        )
    i = results["import"]
    rows.append(
        _line(
            "ledger import / psql \\copy (province)",
            i["ratio"],
            f"{i['rows']:,} rows: {i['import_seconds']:.1f} s vs {i['psql_seconds']:.1f} s",
            GOALS["import"],
            i["ratio"] >= 0.25,
        )
    )
    return {"case": "province", "rows": rows, "scale": scale}


CASES = [province_case]
