"""Who sees what: a unit its own cases, a county office the submitted cases of its district, the
city the submitted cases of its campaign, a person their own case; the rest is 404. The
campaign page's query count does not grow with its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jijiao.audits.domain.cases import case_create
from jijiao.audits.domain.decisions import case_submit
from jijiao.audits.queries import campaigns_for_user, cases_for_user
from jijiao.orgs.models import Role
from tests.factories import AccountFactory, PersonFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def lin_case(campaign, lin, lucheng_admin):
    return case_create(by=lucheng_admin, campaign=campaign, person=lin)


def visible(account, case) -> bool:
    return cases_for_user(account).filter(pk=case.pk).exists()


def test_a_draft_is_seen_by_its_unit_only(
    lin_case, lucheng_admin, lucheng_office, wenzhou_office, hospital_admin
):
    assert visible(lucheng_admin, lin_case)
    assert not visible(lucheng_office, lin_case)
    assert not visible(wenzhou_office, lin_case)
    assert not visible(hospital_admin, lin_case)


def test_a_submitted_case_is_seen_along_its_chain_only(
    lin_case,
    lucheng_admin,
    lucheng_office,
    wenzhou_office,
    ruian_office,
    ruian_admin,
    hospital_admin,
    other_city_admin,
):
    case_submit(by=lucheng_admin, case=lin_case, opinion="同意上报")
    for account in (lucheng_admin, lucheng_office, wenzhou_office):
        assert visible(account, lin_case), account
    for account in (ruian_office, ruian_admin, hospital_admin, other_city_admin):
        assert not visible(account, lin_case), account


def test_the_person_sees_their_own_case(client, lin_case, lin, lucheng_hospital):
    account = grant(AccountFactory(username="lin", person=lin), Role.TRAINEE, lucheng_hospital)
    assert visible(account, lin_case)
    client.force_login(account)
    page = client.get(f"/audits/cases/{lin_case.pk}/").content.decode()
    assert "同意并上报" not in page and "审核同意" not in page
    assert lin.reveal_id_number() not in page


def test_campaigns_are_seen_within_the_city(
    campaign, lucheng_admin, lucheng_office, wenzhou_office, other_city_admin
):
    for account in (lucheng_admin, lucheng_office, wenzhou_office):
        assert campaigns_for_user(account).filter(pk=campaign.pk).exists()
    assert not campaigns_for_user(other_city_admin).exists()


def test_the_case_page_masks_the_id_number(client, lin_case, lin, lucheng_admin):
    client.force_login(lucheng_admin)
    page = client.get(f"/audits/cases/{lin_case.pk}/").content.decode()
    assert lin.id_masked in page
    assert lin.reveal_id_number() not in page


def _campaign_page_queries(client, campaign, account) -> int:
    client.force_login(account)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/audits/{campaign.pk}/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["wenzhou_office", "lucheng_admin"])
def test_the_campaign_page_makes_as_many_queries_for_three_rows_as_for_one(
    client, campaign, lucheng_hospital, lucheng_admin, who, request
):
    account = request.getfixturevalue(who)
    people = [PersonFactory(unit=lucheng_hospital) for _ in range(3)]
    counts = []
    for person in people:
        case = case_create(by=lucheng_admin, campaign=campaign, person=person)
        case_submit(by=lucheng_admin, case=case, opinion="同意上报")
        counts.append(_campaign_page_queries(client, campaign, account))
    assert counts[0] == counts[2], counts
