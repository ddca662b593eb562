"""A unit's account application and its rename request are handled once: forwarding, opening,
returning or renaming refuse, in Chinese and naming the state it is in, once it has been handled;
nothing changes."""

import pytest

from jijiao.orgs.domain.units import (
    unit_account_application_approve,
    unit_account_application_forward,
    unit_account_application_reject,
    unit_rename_approve,
    unit_rename_request,
)
from jijiao.orgs.models import Account, Unit, UnitAccountApplication, UnitRenameRequest
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


@pytest.mark.parametrize(
    ("state", "label"),
    [(UnitRenameRequest.State.APPROVED, "已更名"), (UnitRenameRequest.State.REJECTED, "已退回")],
)
def test_a_handled_rename_request_is_not_handled_again(
    city_hospital, hospital_admin, wenzhou_office, state, label
):
    request = unit_rename_request(
        by=hospital_admin,
        unit=city_hospital,
        new_name="温州市第一人民医院（新院区）",
        reason="迁址",
    )
    UnitRenameRequest.objects.filter(pk=request.pk).update(state=state)
    request.refresh_from_db()
    message = refused(
        lambda: unit_rename_approve(by=wenzhou_office, request=request), request, label
    )
    assert message == f"该更名申请{label}，不能再办理"
    assert Unit.objects.get(pk=city_hospital.pk).name == city_hospital.name
