"""A unit's account application is handled once: forwarding, opening and returning it refuse,
in Chinese and naming the state it is in, once it has been handled; nothing changes."""

import pytest

from jijiao.orgs.domain.units import (
    unit_account_application_approve,
    unit_account_application_forward,
    unit_account_application_reject,
)
from jijiao.orgs.models import Account, Unit, UnitAccountApplication
from tests.factories import UnitAccountApplicationFactory
from tests.refusals import refused

S = UnitAccountApplication.State


@pytest.mark.parametrize(
    ("state", "label"),
    [(S.FORWARDED, "区县已转报"), (S.APPROVED, "已开通"), (S.REJECTED, "已退回")],
)
def test_only_a_submitted_application_is_forwarded(lucheng_office, state, label):
    application = UnitAccountApplicationFactory(state=state)
    refused(
        lambda: unit_account_application_forward(by=lucheng_office, application=application),
        application,
        label,
    )


@pytest.mark.parametrize(("state", "label"), [(S.APPROVED, "已开通"), (S.REJECTED, "已退回")])
def test_a_handled_application_is_neither_opened_nor_returned(
    wenzhou_office, wenzhou_office_unit, state, label
):
    application = UnitAccountApplicationFactory(state=state)
    units, accounts = Unit.objects.count(), Account.objects.count()
    refused(
        lambda: unit_account_application_approve(
            by=wenzhou_office,
            application=application,
            supervisor=wenzhou_office_unit,
            username="new_admin",
        ),
        application,
        label,
    )
    refused(
        lambda: unit_account_application_reject(
            by=wenzhou_office, application=application, note="材料不全"
        ),
        application,
        label,
    )
    assert (Unit.objects.count(), Account.objects.count()) == (units, accounts)
