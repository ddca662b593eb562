"""Each step of an application, a call and an expert review refuses, in Chinese, to run from a
state its lifecycle does not allow — whichever guard speaks first, nothing changes."""

import re

import pytest

from jijiao.common.errors import DomainError
from jijiao.projects.domain.applications import application_return
from jijiao.projects.domain.calls import call_close
from jijiao.projects.domain.intake import (
    application_accept,
    application_decide,
    review_assign,
    review_declare_conflict,
    review_submit,
)
from jijiao.projects.domain.unit_review import applications_recommend
from jijiao.projects.models import Application, ReviewAssignment, ReviewScore
from tests.refusals import refused as refusal_of

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


# ---------------------------------------------------------------- calls and expert reviews


def test_a_closed_call_cannot_be_closed_again(city_call, wenzhou_office):
    call_close(by=wenzhou_office, call=city_call, reason="申报数量已满")
    message = refusal_of(
        lambda: call_close(by=wenzhou_office, call=city_call, reason="再次截止"),
        city_call,
        "已截止",
    )
    assert message == "该通知已截止"


@pytest.fixture
def assignment(under_review, wenzhou_office, expert_a, criteria):
    return review_assign(by=wenzhou_office, application=under_review, reviewer=expert_a)


def scores_for(criteria) -> dict:
    return {c.pk: c.weight // 2 for c in criteria}


def test_a_submitted_review_is_neither_scored_again_nor_declared_a_conflict(
    assignment, expert_a, criteria
):
    review_submit(by=expert_a, assignment=assignment, scores=scores_for(criteria), opinion="实用")
    again = refusal_of(
        lambda: review_submit(
            by=expert_a, assignment=assignment, scores=scores_for(criteria), opinion="改分"
        ),
        assignment,
        "已评审",
    )
    assert again == "该评审已评审，不能再提交评分"
    refusal_of(
        lambda: review_declare_conflict(by=expert_a, assignment=assignment, note="同事"),
        assignment,
        "已评审",
    )
    assert ReviewScore.objects.filter(assignment=assignment).count() == len(criteria)
    assert ReviewAssignment.objects.get(pk=assignment.pk).opinion == "实用"


def test_a_review_stepped_aside_from_cannot_be_scored(assignment, expert_a, criteria):
    review_declare_conflict(by=expert_a, assignment=assignment, note="申报人为本人学生")
    message = refusal_of(
        lambda: review_submit(
            by=expert_a, assignment=assignment, scores=scores_for(criteria), opinion="同意"
        ),
        assignment,
        "已申报回避",
    )
    assert message == "该评审已申报回避，不能再提交评分"
    assert not ReviewScore.objects.filter(assignment=assignment).exists()
