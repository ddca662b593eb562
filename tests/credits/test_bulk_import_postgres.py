"""The bulk import's PostgreSQL path: the file streamed with COPY into a staging table, checked
in SQL, inserted with ON CONFLICT DO NOTHING on each row's key — and the same results as the
batched path: a bad ID number refuses the whole file with its row, a second import of the same
file inserts nothing, even when both imports run at the same moment."""

import datetime as dt
import io
import threading

import pytest
from django.db import connection

from jijiao.audit_log.models import AuditEntry
from jijiao.common.sheets import SheetProblem
from jijiao.credits.domain.bulk_import import ledger_rows_import
from jijiao.credits.models import ApprovalStep, LedgerEntry
from jijiao.orgs.synthetic import synthetic_id_number
from tests.credits.conftest import at
from tests.credits.test_bulk_import import csv_file, history, line, run

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db,
]


@pytest.fixture
def world(wenzhou_office, wenzhou_office_unit, staff, nurse_wang, credit_year_2023):
    return wenzhou_office, wenzhou_office_unit


def test_copy_path_imports_and_a_second_import_inserts_nothing(world, staff, nurse_wang):
    by, office = world
    first = run(by, office, csv_file(history(staff, nurse_wang)), filename="history.csv")
    second = run(by, office, csv_file(history(staff, nurse_wang)), filename="history.csv")
    assert (first.ok, first.rows, first.created, first.existing) == (True, 3, 3, 0)
    assert (second.ok, second.rows, second.created, second.existing) == (True, 3, 0, 3)
    assert LedgerEntry.objects.filter(source_type="import").count() == 3
    assert sorted(ApprovalStep.objects.values_list("data__line", flat=True)) == [2, 3, 4]
    audits = AuditEntry.objects.filter(action="credits.ledger_imported").order_by("id")
    assert [(a.data["path"], a.data["created"], a.data["existing"]) for a in audits] == [
        ("copy", 3, 0),
        ("copy", 0, 3),
    ]


def test_copy_path_rejects_a_bad_id_number_with_its_row_and_writes_nothing(
    world, staff, nurse_wang
):
    by, office = world
    good = staff[1].reveal_id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [*history(staff, nurse_wang), line(staff[1], id_number=bad)]
    outcome = run(by, office, csv_file(rows))
    assert outcome.problems == [SheetProblem(5, "证件号码", "身份证号校验位不正确，请核对")]
    assert (outcome.ok, outcome.created, outcome.problem_count) == (False, 0, 1)
    assert LedgerEntry.objects.count() == 0
    assert ApprovalStep.objects.count() == 0
    assert not AuditEntry.objects.filter(action="credits.ledger_imported").exists()
    # The staging table went with the refused file: a corrected file goes through.
    rows[-1] = line(staff[1])
    assert run(by, office, csv_file(rows)).created == 4


def test_copy_path_counts_every_bad_row_beyond_the_listed_ones(world, staff):
    by, office = world
    rows = [line(staff[0])]
    for index in range(120):
        number = synthetic_id_number("330103", dt.date(1990, 1, 1), index, female=False)
        rows.append(line(staff[0], id_number=number, name=f"陌生人{index}"))
    outcome = run(by, office, csv_file(rows))
    assert outcome.problem_count == 120
    assert len(outcome.problems) == 100
    assert outcome.problems[0] == SheetProblem(3, "证件号码", "系统中没有该证件号码的人员")
    assert outcome.problems[-1].row == 102
    assert LedgerEntry.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_file_imported_twice_at_once_adds_each_row_once(world, staff, nurse_wang):
    by, office = world
    content = csv_file(history(staff, nurse_wang)).getvalue()
    ready = threading.Barrier(2)
    outcomes = []

    def importer():
        try:
            ready.wait(5)
            outcomes.append(ledger_rows_import(by=by, office=office, stream=io.BytesIO(content)))
        finally:
            connection.close()

    with at("2023-11-20"):
        threads = [threading.Thread(target=importer) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert sorted((o.created, o.existing) for o in outcomes) == [(0, 3), (3, 0)]
    assert LedgerEntry.objects.filter(source_type="import").count() == 3
    assert ApprovalStep.objects.count() == 3
