"""Two accounts of the same county office deciding the same case at the same moment move it
once: the case's row lock makes the second wait for the first and then see the new state."""

import threading
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from jijiao.audits.domain.cases import case_create
from jijiao.audits.domain.decisions import case_approve, case_return, case_submit
from jijiao.audits.models import AuditCase
from jijiao.common.errors import DomainError
from jijiao.orgs.models import Role
from tests.audits.helpers import actors_for, full_window
from tests.factories import AccountFactory, grant

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOLD = 0.6


def test_concurrent_decisions_on_one_case_take_turns(
    campaign,
    credit_years,
    lin,
    lucheng_hospital,
    lucheng_admin,
    lucheng_office,
    lucheng_office_unit,
    wenzhou_office,
):
    actors = actors_for(lucheng_hospital, lucheng_admin, wenzhou_office, lucheng_office)
    full_window(lin, [2018, 2019, 2020, 2021, 2022], actors)
    colleague = grant(AccountFactory(username="lucheng_2"), Role.COUNTY_OFFICE, lucheng_office_unit)
    case = case_create(by=lucheng_admin, campaign=campaign, person=lin)
    case_submit(by=lucheng_admin, case=case, opinion="同意上报")
    holding = threading.Event()
    outcomes: dict[str, str] = {}
    waited: dict[str, float] = {}

    def first():
        try:
            with transaction.atomic():
                AuditCase.objects.select_for_update().get(pk=case.pk)
                holding.set()
                time.sleep(HOLD)
                case_approve(
                    by=lucheng_office, case=AuditCase.objects.get(pk=case.pk), opinion="同意"
                )
            outcomes["first"] = "approved"
        finally:
            connection.close()

    def second():
        try:
            holding.wait(5)
            started = time.monotonic()
            try:
                case_return(
                    by=colleague, case=AuditCase.objects.get(pk=case.pk), reasons="材料不全"
                )
                outcomes["second"] = "returned"
            except (DomainError, PermissionDenied) as error:
                outcomes["second"] = type(error).__name__
            waited["second"] = time.monotonic() - started
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    case.refresh_from_db()
    assert outcomes == {"first": "approved", "second": "PermissionDenied"}
    assert waited["second"] >= HOLD / 2
    assert case.status == AuditCase.Status.PENDING_CITY
    assert [d.decision for d in case.decisions.order_by("at", "id")] == ["submitted", "approved"]
