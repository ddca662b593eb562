"""网上申报与纸质申报缺一不可 (seed 000 三.1): the paper deadline comes from the pack, the office
may extend it for a call, and an application whose paper set missed it is neither taken in nor
approved — through the domain functions and the office's pages."""

import datetime as dt

import pytest
import time_machine

from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.policy.domain.packs import pack_create
from jijiao.projects.domain.applications import application_submit
from jijiao.projects.domain.calls import call_open, call_paper_deadline_extend
from jijiao.projects.domain.intake import (
    application_accept,
    application_decide,
    paper_receipt_record,
)
from jijiao.projects.domain.unit_review import applications_recommend

pytestmark = pytest.mark.django_db

SH = clock.SHANGHAI
AFTER = dt.datetime(2025, 3, 6, 9, 0, tzinfo=SH)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def unpapered(draft, pi_zhang, hospital_admin, city_call, city_hospital):
    """Submitted and recommended online; no paper set recorded."""
    application_submit(by=pi_zhang, application=draft)
    applications_recommend(
        by=hospital_admin, call=city_call, unit=city_hospital, applications=[draft]
    )
    draft.refresh_from_db()
    return draft


def test_the_calls_paper_deadline_defaults_to_the_packs(
    wenzhou_office, wenzhou_office_unit, in_window
):
    call = call_open(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        title="2025年温州市市级项目申报",
        level="city",
        year=2025,
        policy_id="wenzhou-2025",
    )
    assert call.paper_deadline == dt.datetime(2025, 3, 5, 17, 0, tzinfo=SH)


def test_intake_after_the_deadline_without_paper_is_refused_in_words(unpapered, wenzhou_office):
    with at(AFTER), pytest.raises(DomainError) as caught:
        application_accept(by=wenzhou_office, application=unpapered)
    assert caught.value.message == (
        "不能受理。温州市第一人民医院：截止时间 2025-03-05 17:00 已过，未收到纸质申报材料，"
        "网上申报与纸质申报缺一不可（温继委办发〔2025〕1号 三.1、三.2）"
    )
    unpapered.refresh_from_db()
    assert unpapered.state == "recommended"


def test_taken_in_before_the_deadline_but_not_approved_without_paper(unpapered, wenzhou_office):
    application_accept(by=wenzhou_office, application=unpapered)
    with at(AFTER), pytest.raises(DomainError) as caught:
        application_decide(
            by=wenzhou_office, application=unpapered, approve=True, reason="同意", number="A-1"
        )
    assert "未收到纸质申报材料" in caught.value.message
    unpapered.refresh_from_db()
    assert (unpapered.state, unpapered.number) == ("under_review", "")
    with at(AFTER):
        application_decide(
            by=wenzhou_office, application=unpapered, approve=False, reason="纸质材料未按时报送"
        )
    unpapered.refresh_from_db()
    assert unpapered.state == "rejected"


def test_paper_that_came_late_refuses_approval_until_the_office_extends_the_deadline(
    unpapered, wenzhou_office, city_call, city_hospital
):
    application_accept(by=wenzhou_office, application=unpapered)
    with at(AFTER):
        paper_receipt_record(
            by=wenzhou_office, call=city_call, unit=city_hospital, received_at=AFTER
        )
        with pytest.raises(DomainError) as caught:
            application_decide(
                by=wenzhou_office, application=unpapered, approve=True, reason="同意", number="A-1"
            )
        assert "2025-03-06 09:00 才收到，晚于截止时间 2025-03-05 17:00" in caught.value.message
        with pytest.raises(DomainError) as caught:
            call_paper_deadline_extend(
                by=wenzhou_office,
                call=city_call,
                paper_deadline=dt.datetime(2025, 3, 1, tzinfo=SH),
                reason="雪灾",
            )
        assert "须晚于原截止时间 2025-03-05 17:00" in caught.value.message
        call_paper_deadline_extend(
            by=wenzhou_office,
            call=city_call,
            paper_deadline=dt.datetime(2025, 3, 10, 17, 0, tzinfo=SH),
            reason="邮路受阻，统一延期",
        )
        approved = application_decide(
            by=wenzhou_office, application=unpapered, approve=True, reason="同意", number="A-1"
        )
    assert approved.state == "approved"
    entry = AuditEntry.objects.get(action="call.paper_extended")
    assert entry.data["reason"] == "邮路受阻，统一延期"
    assert entry.data["before"].startswith("2025-03-05T17:00")


def test_a_pack_with_a_later_paper_deadline_changes_the_outcome(
    wenzhou_office,
    wenzhou_office_unit,
    in_window,
    pi_zhang,
    pi_zhang_person,
    colleague,
    hospital_admin,
    city_hospital,
):
    from jijiao.projects.domain.applications import application_create, application_save
    from tests.projects.conftest import PROJECT, good_schedule

    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-paper-2025",
        title="温州市2025年（纸质材料 3 月 10 日）",
        extends="wenzhou-2025",
        text='id = "wenzhou-paper-2025"\ntitle = "温州市2025年（纸质材料 3 月 10 日）"\n'
        'extends = "wenzhou-2025"\n\n[application.city.APP_PAPER_LATE]\n'
        'cite = "测试通知 三"\ndeadline = 2025-03-10\n',
    )
    call = call_open(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        title="2025年（测试）",
        level="city",
        year=2025,
        policy_id="wenzhou-paper-2025",
    )
    assert call.paper_deadline == dt.datetime(2025, 3, 10, 23, 59, 59, tzinfo=SH)
    application = application_create(by=pi_zhang, call=call, fields=dict(PROJECT))
    application_save(
        by=pi_zhang,
        application=application,
        fields={},
        courses=good_schedule(pi_zhang_person, colleague),
    )
    application_submit(by=pi_zhang, application=application)
    applications_recommend(
        by=hospital_admin, call=call, unit=city_hospital, applications=[application]
    )
    application.refresh_from_db()
    with at(AFTER):
        application_accept(by=wenzhou_office, application=application)
        paper_receipt_record(by=wenzhou_office, call=call, unit=city_hospital, received_at=AFTER)
        application_decide(
            by=wenzhou_office, application=application, approve=True, reason="同意", number="B-1"
        )
    application.refresh_from_db()
    assert application.state == "approved"


def test_the_office_page_says_why_it_cannot_approve(client, unpapered, wenzhou_office):
    application_accept(by=wenzhou_office, application=unpapered)
    with at(AFTER):
        client.force_login(wenzhou_office)
        page = client.get(f"/projects/applications/{unpapered.pk}/").content.decode()
        assert "截止时间 2025-03-05 17:00 已过，未收到纸质申报材料" in page
        response = client.post(
            f"/projects/office/applications/{unpapered.pk}/decide/",
            {"decision": "approve", "reason": "同意", "number": "A-1", "confirmed": "yes"},
            follow=True,
        )
    text = response.content.decode()
    assert "不能批准。温州市第一人民医院：截止时间 2025-03-05 17:00 已过" in text
    unpapered.refresh_from_db()
    assert unpapered.state == "under_review"


def test_the_office_extends_the_paper_deadline_on_the_calls_page(client, city_call, wenzhou_office):
    client.force_login(wenzhou_office)
    response = client.post(
        f"/projects/calls/{city_call.pk}/change/",
        {"action": "paper", "paper_deadline": "2025-03-12T17:00", "reason": "统一延期"},
        follow=True,
    )
    text = response.content.decode()
    assert "已延长纸质材料截止时间" in text
    assert "2025-03-12 17:00" in text
    assert "延长纸质材料截止时间 ：统一延期" in text


def test_a_unit_with_a_draft_in_another_call_is_still_listed_for_its_paper(
    client, recommended, city_call, wenzhou_office, wenzhou_office_unit, pi_zhang, colleague
):
    """The paper page lists every unit with an application of this call beyond a draft: a draft
    of the same unit in another call does not hide it."""
    from jijiao.projects.domain.applications import application_create
    from tests.projects.conftest import PROJECT

    other = call_open(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        title="另一次申报通知",
        level="city",
        year=2025,
        policy_id="wenzhou-2025",
    )
    application_create(by=pi_zhang, call=other, fields=dict(PROJECT, name="另一个草稿"))
    client.force_login(wenzhou_office)
    page = client.get(f"/projects/office/calls/{city_call.pk}/paper/").content.decode()
    assert "登记 温州市第一人民医院 的纸质材料" in page
