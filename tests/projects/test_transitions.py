"""Each step of an application refuses, in Chinese, to run from a state its lifecycle does not
allow — whichever guard speaks first, nothing changes."""

import re

import pytest

from jijiao.common.errors import DomainError
from jijiao.projects.domain.applications import application_return
from jijiao.projects.domain.intake import application_accept, application_decide
from jijiao.projects.domain.unit_review import applications_recommend
from jijiao.projects.models import Application

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def refused(call, application, state_label):
    before = Application.objects.get(pk=application.pk).state
    with pytest.raises(DomainError) as error:
        call()
    assert CHINESE.search(error.value.message)
    assert state_label in error.value.message
    assert Application.objects.get(pk=application.pk).state == before


@pytest.fixture
def approved(under_review, wenzhou_office):
    return application_decide(
        by=wenzhou_office, application=under_review, approve=True, reason="同意", number="X-001"
    )


def test_a_draft_cannot_be_recommended(draft, hospital_admin, city_call, city_hospital):
    refused(
        lambda: applications_recommend(
            by=hospital_admin, call=city_call, unit=city_hospital, applications=[draft]
        ),
        draft,
        "草稿",
    )


def test_a_submitted_application_cannot_be_accepted_for_review(submitted, wenzhou_office):
    refused(
        lambda: application_accept(by=wenzhou_office, application=submitted), submitted, "已提交"
    )


def test_a_decided_application_cannot_be_decided_again(approved, wenzhou_office):
    refused(
        lambda: application_decide(
            by=wenzhou_office, application=approved, approve=False, reason="改判"
        ),
        approved,
        "已批准",
    )


def test_an_approved_application_cannot_be_returned(approved, wenzhou_office):
    refused(
        lambda: application_return(by=wenzhou_office, application=approved, reason="再改"),
        approved,
        "已批准",
    )
