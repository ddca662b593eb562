"""Each step of a provider's filing, a course and a completion list refuses, in Chinese and
naming the state it is in, to run from a state its lifecycle does not allow; nothing changes."""

import pytest

from jijiao.common import clock
from jijiao.remote.domain import courses, providers
from jijiao.remote.domain.completions import completion_list_approve, completion_list_reject
from jijiao.remote.domain.revocation import provider_revoke
from jijiao.remote.models import CompletionList, Course, Provider
from tests.factories.remote import CourseFactory, ProviderFactory
from tests.refusals import refused

P = Provider.State
C = Course.State


@pytest.fixture
def provider_in(provider_unit, wenzhou_office_unit):
    def make(state):
        return ProviderFactory(unit=provider_unit, office=wenzhou_office_unit, state=state)

    return make


@pytest.mark.parametrize(
    ("state", "label"),
    [(P.SUBMITTED, "待审核"), (P.REGISTERED, "已备案"), (P.REVOKED, "已撤销备案")],
)
def test_only_a_draft_or_rejected_filing_is_submitted(provider_in, provider_admin, state, label):
    provider = provider_in(state)
    refused(
        lambda: providers.provider_submit(by=provider_admin, provider=provider), provider, label
    )


@pytest.mark.parametrize(
    ("state", "label"),
    [(P.DRAFT, "草稿"), (P.REGISTERED, "已备案"), (P.REJECTED, "未通过"), (P.SUSPENDED, "已暂停")],
)
def test_only_a_submitted_filing_is_approved_or_rejected(provider_in, wenzhou_office, state, label):
    provider = provider_in(state)
    refused(
        lambda: providers.provider_approve(by=wenzhou_office, provider=provider), provider, label
    )
    refused(
        lambda: providers.provider_reject(by=wenzhou_office, provider=provider, reason="材料不全"),
        provider,
        label,
    )


@pytest.mark.parametrize(
    ("call", "state", "label"),
    [
        (providers.provider_suspend, P.SUBMITTED, "待审核"),
        (providers.provider_suspend, P.SUSPENDED, "已暂停"),
        (providers.provider_reinstate, P.REGISTERED, "已备案"),
        (providers.provider_reinstate, P.REVOKED, "已撤销备案"),
        (provider_revoke, P.DRAFT, "草稿"),
        (provider_revoke, P.REVOKED, "已撤销备案"),
    ],
)
def test_suspending_reinstating_and_revoking_follow_the_filing(
    provider_in, wenzhou_office, call, state, label
):
    provider = provider_in(state)
    refused(
        lambda: call(by=wenzhou_office, provider=provider, reason="检查发现问题"), provider, label
    )


@pytest.fixture
def course_in(provider_in):
    provider = provider_in(P.REGISTERED)

    def make(state):
        return CourseFactory(provider=provider, state=state)

    return make


@pytest.mark.parametrize(
    ("state", "label"), [(C.SUBMITTED, "待审核"), (C.APPROVED, "已备案"), (C.WITHDRAWN, "已撤销")]
)
def test_a_course_out_of_the_providers_hands_is_neither_changed_nor_submitted(
    course_in, provider_admin, state, label
):
    course = course_in(state)
    refused(lambda: courses.course_submit(by=provider_admin, course=course), course, label)
    refused(
        lambda: courses.course_update(by=provider_admin, course=course, title="改名"),
        course,
        label,
    )


@pytest.mark.parametrize(
    ("state", "label"), [(C.DRAFT, "草稿"), (C.APPROVED, "已备案"), (C.RETURNED, "已退回")]
)
def test_only_a_submitted_course_is_approved_or_returned(course_in, wenzhou_office, state, label):
    course = course_in(state)
    refused(lambda: courses.course_approve(by=wenzhou_office, course=course), course, label)
    refused(
        lambda: courses.course_return(by=wenzhou_office, course=course, reason="视频不清晰"),
        course,
        label,
    )


@pytest.mark.parametrize(
    ("state", "label"), [(C.SUBMITTED, "待审核"), (C.WITHDRAWN, "已撤销"), (C.DRAFT, "草稿")]
)
def test_only_an_approved_course_is_withdrawn(course_in, wenzhou_office, state, label):
    course = course_in(state)
    refused(
        lambda: courses.course_withdraw(by=wenzhou_office, course=course, reason="停止"),
        course,
        label,
    )


@pytest.mark.parametrize(
    ("state", "label"),
    [(CompletionList.State.APPROVED, "已通过"), (CompletionList.State.REJECTED, "已退回")],
)
def test_a_decided_completion_list_is_not_decided_again(
    provider_in, provider_admin, wenzhou_office, state, label
):
    completion_list = CompletionList.objects.create(
        provider=provider_in(P.REGISTERED),
        source="upload",
        state=state,
        created_at=clock.now(),
        created_by=provider_admin,
    )
    refused(
        lambda: completion_list_approve(by=wenzhou_office, completion_list=completion_list),
        completion_list,
        label,
    )
    refused(
        lambda: completion_list_reject(
            by=wenzhou_office, completion_list=completion_list, reason="名单有误"
        ),
        completion_list,
        label,
    )
