"""An execution report's outcome is told to the host (who submitted it, who created the
session), nobody else; passing it on to the next office of the chain tells no one."""

import datetime as dt

import pytest
from django.core import mail

from jijiao.execution.domain.review import report_review
from jijiao.notifications.models import Message
from tests.execution.conftest import END
from tests.execution.helpers import travel
from tests.execution.test_reports import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def addresses(hospital_admin, wenzhou_office, pi_zhang):
    for account in (hospital_admin, wenzhou_office, pi_zhang):
        account.email = f"{account.username}@example.org"
        account.save(update_fields=["email"])


def test_a_returned_report_is_told_to_the_host_alone(
    hospital_admin, wenzhou_office, held, addresses, django_capture_on_commit_callbacks
):
    submitted(hospital_admin, held, day=END + dt.timedelta(days=3))
    mail.outbox.clear()
    Message.objects.all().delete()
    with travel(END + dt.timedelta(days=4)), django_capture_on_commit_callbacks(execute=True):
        report_review(by=wenzhou_office, session=held, action="return", note="请补充试题答案")
    message = Message.objects.get()
    assert message.recipient == hospital_admin
    assert message.title == f"“{held}”的执行情况已退回"
    assert "意见：请补充试题答案" in message.body and "修改执行情况后重新提交" in message.body
    assert message.url == f"/execution/sessions/{held.pk}/"
    assert [m.to for m in mail.outbox] == [["hospital_admin@example.org"]]


def test_an_accepted_report_is_told_to_the_host(hospital_admin, wenzhou_office, held):
    submitted(hospital_admin, held)
    with travel(END + dt.timedelta(days=5)):
        report_review(by=wenzhou_office, session=held, action="accept")
    message = Message.objects.get(kind="report")
    assert (message.recipient, message.title) == (hospital_admin, f"“{held}”的执行情况已通过")
    assert "学分将按规定授予参加培训的学员" in message.body


def test_a_rejection_is_told_to_the_host(hospital_admin, wenzhou_office, held):
    submitted(hospital_admin, held)
    with travel(END + dt.timedelta(days=5)):
        report_review(by=wenzhou_office, session=held, action="reject", note="材料虚假")
    message = Message.objects.get(kind="report")
    assert (message.recipient, message.title) == (hospital_admin, f"“{held}”的执行情况未通过")
    assert "意见：材料虚假" in message.body and "本期不授予学分" in message.body
