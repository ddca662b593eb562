"""Each step of a promotion audit case and of its campaign refuses, in Chinese and naming the
state it is in, to run from a state its lifecycle does not allow; nothing changes."""

import pytest

from jijiao.audits.domain.campaigns import campaign_close
from jijiao.audits.domain.decisions import (
    case_approve,
    case_fail,
    case_receive,
    case_return,
    case_submit,
)
from jijiao.audits.models import AuditCase, Campaign
from tests.factories.audits import AuditCaseFactory, CampaignFactory
from tests.refusals import refused

S = AuditCase.Status


@pytest.fixture
def case_in(wenzhou_office_unit, wenzhou_office, pi_zhang_person, hospital_admin):
    """张建华's case of 温州市第一人民医院 (directly under the city: unit → city)."""
    campaign = CampaignFactory(office=wenzhou_office_unit, opened_by=wenzhou_office)

    def make(status, stage_index=0):
        return AuditCaseFactory(
            campaign=campaign,
            person=pi_zhang_person,
            status=status,
            stage_index=stage_index,
            created_by=hospital_admin,
        )

    return make


@pytest.mark.parametrize(
    ("status", "stage", "label"),
    [(S.PENDING_CITY, 1, "待市级审核"), (S.PASSED, 1, "审核合格"), (S.FAILED, 1, "审核不合格")],
)
def test_a_case_out_of_the_units_hands_is_not_submitted_again(
    case_in, hospital_admin, status, stage, label
):
    case = case_in(status, stage)
    refused(lambda: case_submit(by=hospital_admin, case=case, opinion="同意上报"), case, label)
    assert not case.decisions.exists()


@pytest.mark.parametrize(
    ("status", "stage", "label"),
    [(S.DRAFT, 0, "单位填报中"), (S.RETURNED, 0, "已退回单位"), (S.PASSED, 1, "审核合格")],
)
def test_only_a_case_waiting_at_the_city_is_decided_there(
    case_in, wenzhou_office, status, stage, label
):
    case = case_in(status, stage)
    refused(lambda: case_approve(by=wenzhou_office, case=case, opinion="同意"), case, label)
    refused(lambda: case_return(by=wenzhou_office, case=case, reasons="补材料"), case, label)
    refused(lambda: case_fail(by=wenzhou_office, case=case, reasons="学分不足"), case, label)
    assert not case.decisions.exists()


def test_material_is_received_only_for_a_submitted_case(case_in, wenzhou_office):
    case = case_in(S.DRAFT)
    refused(lambda: case_receive(by=wenzhou_office, case=case), case, "单位填报中")
    assert AuditCase.objects.get(pk=case.pk).received_at is None


def test_a_closed_campaign_is_not_closed_again(wenzhou_office_unit, wenzhou_office):
    campaign = CampaignFactory(
        office=wenzhou_office_unit, opened_by=wenzhou_office, state=Campaign.State.CLOSED
    )
    refused(lambda: campaign_close(by=wenzhou_office, campaign=campaign), campaign, "已结束")
