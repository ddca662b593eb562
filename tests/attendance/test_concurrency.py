"""Concurrent uploads on PostgreSQL: the same batch from two connections at once gives one
scan per nonce and one sign-in per trainee."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection, transaction

from jijiao.attendance.domain.scans import OfflineScan, scan_session_code, scans_upload
from jijiao.attendance.models import Scan
from jijiao.attendance.tokens import person_code, session_token
from jijiao.common import clock
from tests.attendance.conftest import register, trainee

# Serialized rollback puts the migrations' reference data (divisions) back after the flush.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIGN_IN_TIME = dt.datetime(2025, 5, 20, 8, 30, tzinfo=clock.SHANGHAI)


def run_together(count: int, work) -> list:
    """``work(index)`` in ``count`` threads released at the same moment, each on its own
    database connection; exceptions are returned, not swallowed."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # reported to the test below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_same_batch_uploaded_from_two_threads_gives_one_row_per_nonce(
    offline_session, hospital_admin, city_hospital
):
    assert connection.vendor == "postgresql"
    people = [trainee(f"t{i}", f"学员{i}", city_hospital) for i in range(20)]
    for account in people:
        register(account, offline_session)
    batch = [
        OfflineScan(f"nonce-{i}", person_code(a.person_id), SIGN_IN_TIME)
        for i, a in enumerate(people)
    ]
    with time_machine.travel(SIGN_IN_TIME + dt.timedelta(hours=1), tick=False):
        results = run_together(
            2, lambda _: scans_upload(by=hospital_admin, session=offline_session, scans=batch)
        )
    assert [type(r) for r in results] == [list, list]
    assert [s.pk for s in results[0]] == [s.pk for s in results[1]]
    assert Scan.objects.count() == 20
    assert sorted(Scan.objects.values_list("nonce", flat=True)) == sorted(s.nonce for s in batch)
    assert Scan.objects.filter(outcome="accepted").count() == 20
    assert set(Scan.objects.values_list("outcome", flat=True)) == {"accepted"}


def test_one_trainee_scanning_from_many_threads_is_signed_in_once(offline_session, trainee_li):
    register(trainee_li, offline_session)
    with time_machine.travel(SIGN_IN_TIME, tick=False):
        token = session_token(offline_session.pk)
        results = run_together(8, lambda _: scan_session_code(by=trainee_li, token=token))
    outcomes = sorted(r.outcome for r in results)
    assert outcomes == ["accepted"] + ["duplicate"] * 7
    assert Scan.objects.filter(outcome="accepted").count() == 1


def test_two_hundred_trainees_scanning_three_times_each_from_fifty_clients(
    offline_session, city_hospital
):
    """600 scans at once: each of 200 trainees scans three times, each time from another of
    50 clients (12 scans a client). None is lost: 600 Scan rows; none double-accepted: one
    accepted scan per trainee, the other two kept as duplicates."""
    people = [trainee(f"t{i:03d}", f"学员{i}", city_hospital) for i in range(200)]
    for account in people:
        register(account, offline_session)
    clients = 50
    work: list[list[int]] = [[] for _ in range(clients)]
    for attempt in range(3):
        for index in range(200):
            work[(index + attempt * 17) % clients].append(index)  # 17, 34: another client
    with time_machine.travel(SIGN_IN_TIME, tick=False):
        token = session_token(offline_session.pk)
        results = run_together(
            clients,
            lambda c: [(i, scan_session_code(by=people[i], token=token).outcome) for i in work[c]],
        )
    assert not [r for r in results if isinstance(r, Exception)]
    outcomes: dict[int, list[str]] = {}
    for batch in results:
        for index, outcome in batch:
            outcomes.setdefault(index, []).append(outcome)
    assert {i: sorted(o) for i, o in outcomes.items()} == {
        i: ["accepted", "duplicate", "duplicate"] for i in range(200)
    }
    assert Scan.objects.count() == 600
    accepted = Scan.objects.filter(outcome="accepted")
    assert accepted.count() == accepted.values("person").distinct().count() == 200


def test_a_qr_scan_commits_without_waiting_for_the_flush_and_leaves_the_connection_as_it_was(
    offline_session, trainee_li
):
    """The scan's own transaction runs with synchronous_commit off (settings.SCAN_ASYNC_COMMIT):
    its one statement sets it for its own transaction, as ``SET LOCAL`` would; the next
    statement on the same persistent connection flushes as usual."""
    register(trainee_li, offline_session)
    statements: list[tuple[str, list]] = []

    def spy(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with time_machine.travel(SIGN_IN_TIME, tick=False), connection.execute_wrapper(spy):
        scan = scan_session_code(by=trainee_li, token=session_token(offline_session.pk))
    assert scan.outcome == "accepted"
    assert Scan.objects.filter(pk=scan.pk, outcome="accepted").exists()
    inserts = [(sql, params) for sql, params in statements if "INSERT INTO" in sql]
    assert len(inserts) == 1
    sql, params = inserts[0]
    assert "(SELECT id FROM repeated), set_config('synchronous_commit', 'off', true)" in sql
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    # The same statement inside a transaction of our own: it turns the flush off for that
    # transaction only (the second scan of the window is kept as a repeat: the row ends with
    # the accepted id, the repeat's id and the setting).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        *_, accepted, repeated, setting = cursor.fetchone()
        assert (accepted, setting) == (None, "off")
        assert Scan.objects.get(pk=repeated).outcome == "duplicate"
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "off"
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
