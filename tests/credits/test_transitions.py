"""Each step of a ledger row refuses, in Chinese and naming the state it is in, to run from a
state its lifecycle does not allow; nothing changes."""

import pytest

from jijiao.credits.domain.approval import (
    ledger_entry_approve,
    ledger_entry_reject,
    ledger_entry_return,
)
from jijiao.credits.domain.entries import ledger_entry_resubmit
from jijiao.credits.models import LedgerEntry
from tests.factories.credits import LedgerEntryFactory
from tests.refusals import refused

S = LedgerEntry.Status


@pytest.mark.parametrize(
    ("status", "label"), [(S.APPROVED, "已通过"), (S.REJECTED, "未通过"), (S.RETURNED, "已退回")]
)
def test_a_row_no_longer_in_review_is_not_reviewed(
    pi_zhang_person, wenzhou_office, hospital_admin, status, label
):
    entry = LedgerEntryFactory(person=pi_zhang_person, status=status, entered_by=hospital_admin)
    refused(lambda: ledger_entry_approve(by=wenzhou_office, entry=entry), entry, label)
    refused(
        lambda: ledger_entry_return(by=wenzhou_office, entry=entry, reason="补证明"), entry, label
    )
    refused(
        lambda: ledger_entry_reject(by=wenzhou_office, entry=entry, reason="不符"), entry, label
    )
    assert not entry.steps.exists()


@pytest.mark.parametrize(
    ("status", "label"),
    [(S.APPROVED, "已通过"), (S.PENDING_UNIT, "待单位审核"), (S.REJECTED, "未通过")],
)
def test_only_a_returned_row_is_corrected_and_sent_again(
    pi_zhang_person, hospital_admin, status, label
):
    entry = LedgerEntryFactory(person=pi_zhang_person, status=status, entered_by=hospital_admin)
    refused(
        lambda: ledger_entry_resubmit(
            by=hospital_admin, entry=entry, changes={"title": "改过的名称"}
        ),
        entry,
        label,
    )
    assert LedgerEntry.objects.get(pk=entry.pk).title == entry.title
