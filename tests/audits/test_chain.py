"""The approval chain of a case: unit → county office → city office, the county skipped for units
directly under the city; returns with reasons; the city's decision closes the case."""

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.audits.domain.cases import case_create
from jijiao.audits.domain.decisions import (
    case_approve,
    case_fail,
    case_return,
    case_submit,
)
from jijiao.audits.models import AuditCase, CaseDecision
from jijiao.audits.table import latest_decisions, table_of_case
from jijiao.common.errors import DomainError
from jijiao.policy.access import get_policy
from tests.audits.helpers import actors_for, full_window, full_year
from tests.credits.conftest import at

pytestmark = pytest.mark.django_db
WINDOW = [2018, 2019, 2020, 2021, 2022]


@pytest.fixture
def chen_case(campaign, credit_years, chen, city_hospital, hospital_admin, wenzhou_office):
    full_window(chen, WINDOW, actors_for(city_hospital, hospital_admin, wenzhou_office))
    with at("2023-09-01"):
        return case_create(by=hospital_admin, campaign=campaign, person=chen)


@pytest.fixture
def lin_case(
    campaign, credit_years, lin, lucheng_hospital, lucheng_admin, lucheng_office, wenzhou_office
):
    actors = actors_for(lucheng_hospital, lucheng_admin, wenzhou_office, lucheng_office)
    full_window(lin, WINDOW, actors)
    with at("2023-09-01"):
        return case_create(by=lucheng_admin, campaign=campaign, person=lin)


def test_a_unit_directly_under_the_city_goes_unit_then_city(chen_case, hospital_admin):
    assert [s["stage"] for s in chen_case.chain] == ["unit", "city"]
    assert chen_case.status == AuditCase.Status.DRAFT
    with at("2023-09-02"):
        case_submit(by=hospital_admin, case=chen_case, opinion="同意上报")
    chen_case.refresh_from_db()
    assert chen_case.status == AuditCase.Status.PENDING_CITY
    assert chen_case.current_office.name == "温州市继教办"


def test_a_unit_under_a_county_goes_unit_county_city(
    lin_case, lucheng_admin, lucheng_office, wenzhou_office
):
    assert [(s["stage"], s["name"]) for s in lin_case.chain] == [
        ("unit", "鹿城区人民医院"),
        ("county", "鹿城区卫健局"),
        ("city", "温州市继教办"),
    ]
    with at("2023-09-02"):
        case_submit(by=lucheng_admin, case=lin_case, opinion="同意上报")
        lin_case.refresh_from_db()
        assert lin_case.status == AuditCase.Status.PENDING_COUNTY
        case_approve(by=lucheng_office, case=lin_case, opinion="经审核，同意")
        lin_case.refresh_from_db()
        assert lin_case.status == AuditCase.Status.PENDING_CITY
        case_approve(by=wenzhou_office, case=lin_case, opinion="学分审核合格")
    lin_case.refresh_from_db()
    assert lin_case.status == AuditCase.Status.PASSED
    assert lin_case.closed_at is not None
    assert lin_case.current_office is None
    decisions = [(d.stage, d.decision) for d in lin_case.decisions.order_by("at", "id")]
    assert decisions == [("unit", "submitted"), ("county", "approved"), ("city", "passed")]


def test_the_city_cannot_approve_a_county_units_case_before_the_county(
    lin_case, lucheng_admin, wenzhou_office
):
    with at("2023-09-02"):
        case_submit(by=lucheng_admin, case=lin_case, opinion="同意上报")
        with pytest.raises(DomainError, match=r"正在鹿城区卫健局审核.*须待区县审核同意后再审核"):
            case_approve(by=wenzhou_office, case=lin_case, opinion="合格")
    lin_case.refresh_from_db()
    assert lin_case.status == AuditCase.Status.PENDING_COUNTY
    assert not lin_case.decisions.filter(stage="city").exists()


def test_another_county_cannot_decide_the_case(lin_case, lucheng_admin, ruian_office):
    with at("2023-09-02"):
        case_submit(by=lucheng_admin, case=lin_case, opinion="同意上报")
        with pytest.raises(PermissionDenied):
            case_approve(by=ruian_office, case=lin_case, opinion="同意")


def test_the_county_cannot_act_before_the_unit_submits(lin_case, lucheng_office):
    with pytest.raises(PermissionDenied), at("2023-09-02"):
        case_approve(by=lucheng_office, case=lin_case, opinion="同意")


def test_an_office_cannot_approve_a_case_with_a_missing_year(
    campaign, credit_years, lin, lucheng_hospital, lucheng_admin, lucheng_office, wenzhou_office
):
    actors = actors_for(lucheng_hospital, lucheng_admin, wenzhou_office, lucheng_office)
    full_window(lin, WINDOW, actors, skip=(2019,))
    with at("2023-09-02"):
        case = case_create(by=lucheng_admin, campaign=campaign, person=lin)
        case_submit(by=lucheng_admin, case=case, opinion="同意上报")
        with pytest.raises(DomainError, match="AUD_YEAR_NONCOMPLIANT 2019 年度学分不达标"):
            case_approve(by=lucheng_office, case=case, opinion="同意")
    case.refresh_from_db()
    assert case.status == AuditCase.Status.PENDING_COUNTY


def test_a_returned_case_keeps_its_history_and_goes_round_again(
    campaign, credit_years, lin, lucheng_hospital, lucheng_admin, lucheng_office, wenzhou_office
):
    actors = actors_for(lucheng_hospital, lucheng_admin, wenzhou_office, lucheng_office)
    full_window(lin, WINDOW, actors, skip=(2019,))
    with at("2023-09-02"):
        case = case_create(by=lucheng_admin, campaign=campaign, person=lin)
        case_submit(by=lucheng_admin, case=case, opinion="同意上报")
        case_return(by=lucheng_office, case=case, reasons="2019 年无学分，请补充 2019 年学分材料")
    case.refresh_from_db()
    assert case.status == AuditCase.Status.RETURNED
    assert case.current_office == lucheng_hospital
    assert case.editable
    # The unit finds the 2019 credits that were missing and sends the case again.
    full_year(lin, 2019, actors, number=90)
    with at("2023-09-06"):
        case_submit(by=lucheng_admin, case=case, opinion="已补充 2019 年学分，同意上报")
        case_approve(by=lucheng_office, case=case, opinion="同意")
        case_approve(by=wenzhou_office, case=case, opinion="学分审核合格")
    history = [
        (d.stage, d.decision, d.opinion, d.table["ok"]) for d in case.decisions.order_by("at", "id")
    ]
    assert history == [
        ("unit", "submitted", "同意上报", False),
        ("county", "returned", "2019 年无学分，请补充 2019 年学分材料", False),
        ("unit", "submitted", "已补充 2019 年学分，同意上报", True),
        ("county", "approved", "同意", True),
        ("city", "passed", "学分审核合格", True),
    ]
    boxes = latest_decisions(case)
    assert [boxes[s].opinion for s in ("unit", "county", "city")] == [
        "已补充 2019 年学分，同意上报",
        "同意",
        "学分审核合格",
    ]
    returned = AuditEntry.objects.get(action="audits.case_returned")
    assert returned.data["opinion"] == "2019 年无学分，请补充 2019 年学分材料"
    assert returned.data["findings"] == ["AUD_YEAR_NONCOMPLIANT"]


def test_each_decision_keeps_the_pack_id_and_hash(chen_case, hospital_admin, wenzhou_office):
    with at("2023-09-02"):
        case_submit(by=hospital_admin, case=chen_case, opinion="同意上报")
        case_approve(by=wenzhou_office, case=chen_case, opinion="合格")
    expected = get_policy("wenzhou-2023").content_hash
    for decision in CaseDecision.objects.filter(case=chen_case):
        assert (decision.policy_id, decision.policy_hash) == ("wenzhou-2023", expected)
        assert decision.table["policy_hash"] == expected


def test_the_city_can_fail_a_case_and_that_closes_it(chen_case, hospital_admin, wenzhou_office):
    with at("2023-09-02"):
        case_submit(by=hospital_admin, case=chen_case, opinion="同意上报")
        with pytest.raises(DomainError, match="写明原因"):
            case_fail(by=wenzhou_office, case=chen_case, reasons="  ")
        case_fail(by=wenzhou_office, case=chen_case, reasons="证书与清单不符")
        chen_case.refresh_from_db()
        assert chen_case.status == AuditCase.Status.FAILED
        with pytest.raises(DomainError, match="已办结"):
            case_approve(by=wenzhou_office, case=chen_case, opinion="合格")


def test_the_county_cannot_fail_a_case(lin_case, lucheng_admin, lucheng_office):
    with at("2023-09-02"):
        case_submit(by=lucheng_admin, case=lin_case, opinion="同意上报")
        with pytest.raises(DomainError, match="只有市继教办"):
            case_fail(by=lucheng_office, case=lin_case, reasons="不合格")


def test_a_closed_case_keeps_the_table_it_was_decided_on(
    chen_case, hospital_admin, wenzhou_office, city_hospital, chen
):
    with at("2023-09-02"):
        case_submit(by=hospital_admin, case=chen_case, opinion="同意上报")
        case_approve(by=wenzhou_office, case=chen_case, opinion="合格")
    before = table_of_case(chen_case)
    full_year(chen, 2022, actors_for(city_hospital, hospital_admin, wenzhou_office), number=70)
    after = table_of_case(chen_case)
    assert after == before
    assert after["result"]["totals"]["total"] == 130.0


def test_the_unit_must_give_an_opinion(chen_case, hospital_admin):
    with pytest.raises(DomainError, match="请填写单位审核意见"):
        case_submit(by=hospital_admin, case=chen_case, opinion="")


def test_another_unit_cannot_submit(chen_case, lucheng_admin):
    with pytest.raises(PermissionDenied):
        case_submit(by=lucheng_admin, case=chen_case, opinion="同意")
