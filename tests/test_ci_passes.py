"""`.ci/run` runs the suite in three passes — `make test` on SQLite, the PostgreSQL pass and the
real-worker pass — and each browser test and each test with a real Celery worker runs in exactly
one of them (issue 14): the marker expressions of the Makefile and of `.ci/run`, evaluated for
every combination of markers a test here carries."""

import re
from pathlib import Path

import pytest
from _pytest.mark.expression import Expression

ROOT = Path(__file__).resolve().parents[1]


def passes() -> dict[str, str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (sqlite,) = re.findall(r'^test:.*\n\t\$\(VENV\)/bin/pytest -q -m "([^"]+)"', makefile, re.M)
    found = dict(re.findall(r'^(POSTGRES_PASS|WORKER_PASS)="([^"]+)"$', ci, re.M))
    assert "make test\n" in ci
    assert """make test-postgres PYTEST_ARGS="-m '$POSTGRES_PASS'\"""" in ci
    assert 'scripts/test-postgres -m "$WORKER_PASS"' in ci
    return {"sqlite": sqlite, **found}


def selected_by(markers: set[str]) -> list[str]:
    return [
        name
        for name, expression in passes().items()
        if Expression.compile(expression).evaluate(lambda marker, **_: marker in markers)
    ]


@pytest.mark.parametrize(
    ("markers", "where"),
    [
        ({"browser"}, ["sqlite"]),
        ({"browser", "postgres"}, ["POSTGRES_PASS"]),
        ({"worker"}, ["sqlite"]),  # `make run` starting its worker, on SQLite
        ({"worker", "postgres"}, ["WORKER_PASS"]),  # the SIGKILL during a ledger import
        ({"postgres"}, ["POSTGRES_PASS"]),
        (set(), ["sqlite", "POSTGRES_PASS"]),  # the rest: both databases
    ],
)
def test_each_browser_and_real_worker_test_runs_in_one_pass(markers, where):
    assert selected_by(markers) == where


def test_the_real_worker_tests_are_marked():
    from tests import test_background
    from tests.credits import test_ledger_job_worker_postgres as sigkill

    assert {m.name for m in sigkill.pytestmark} >= {"worker", "postgres"}
    started = (
        test_background.test_make_run_with_redis_running_starts_a_worker_that_stops_with_the_server
    )
    assert "worker" in {m.name for m in started.pytestmark}
