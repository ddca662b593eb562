"""Two reviewers approving the same row at the same moment move it once: the row lock
(``SELECT … FOR UPDATE``) makes the second wait for the first and then see the new state."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from jijiao.common.errors import DomainError
from jijiao.credits.domain.approval import ledger_entry_approve
from jijiao.credits.domain.common import lock
from jijiao.credits.models import LedgerEntry
from tests.credits.conftest import at
from tests.credits.test_approval import enter
from tests.factories import AccountFactory, grant

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOLD = 0.6


def test_concurrent_approvals_of_one_row_take_turns(
    hospital_admin, city_hospital, staff, credit_year_2023
):
    second_admin = grant(AccountFactory(username="hospital_admin_2"), "unit_admin", city_hospital)
    with at("2023-10-20"):
        (entry,) = enter(hospital_admin, city_hospital, staff[:1])
        holding = threading.Event()
        outcomes: dict[str, str] = {}
        waited: dict[str, float] = {}

        def first():
            try:
                with transaction.atomic():
                    row = lock(LedgerEntry.objects.get(pk=entry.pk))
                    holding.set()
                    time.sleep(HOLD)
                    ledger_entry_approve(by=hospital_admin, entry=row)
                outcomes["first"] = "approved"
            finally:
                connection.close()

        def second():
            try:
                holding.wait(5)
                started = time.monotonic()
                try:
                    ledger_entry_approve(
                        by=second_admin, entry=LedgerEntry.objects.get(pk=entry.pk)
                    )
                    outcomes["second"] = "approved"
                except (DomainError, PermissionDenied) as error:
                    outcomes["second"] = type(error).__name__
                waited["second"] = time.monotonic() - started
            finally:
                connection.close()

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    entry.refresh_from_db()
    assert outcomes == {"first": "approved", "second": "PermissionDenied"}
    assert waited["second"] >= HOLD / 2
    assert entry.status == "pending_city"
    assert list(entry.steps.values_list("action", flat=True)) == ["submitted", "approved"]
    assert entry.credits == Decimal("1.0")
