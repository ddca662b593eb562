"""Daily reminders: a PI's draft whose call closes within the pack's reminder days is reminded
of once per threshold (7, 3, the last day); one outside them is not; a second run the same day
sends nothing; nobody else hears of it."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.notifications.domain.messages import email_preferences_set
from jijiao.notifications.domain.reminders import thresholds
from jijiao.notifications.models import Message, SentReminder
from jijiao.web.reminders import reminder_days

pytestmark = pytest.mark.django_db
SH = clock.SHANGHAI


def run(day: dt.datetime, capture) -> str:
    out = StringIO()
    with time_machine.travel(day, tick=False), capture(execute=True):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


@pytest.fixture
def with_mail(pi_zhang, hospital_admin, wenzhou_office):
    for account in (pi_zhang, hospital_admin, wenzhou_office):
        account.email = f"{account.username}@example.org"
        account.save(update_fields=["email"])


def test_the_default_is_seven_days_and_its_thresholds():
    assert reminder_days() == 7
    assert thresholds(7) == [7, 3, 1]
    assert thresholds(2) == [2, 1]


def test_a_draft_due_within_the_reminder_days_is_reminded_once_per_threshold(
    draft, city_call, pi_zhang, with_mail, django_capture_on_commit_callbacks
):
    closes = clock.local(city_call.closes_at)
    mail.outbox.clear()
    # Ten days before: outside the 7 days, nothing.
    said = run(closes - dt.timedelta(days=10), django_capture_on_commit_callbacks)
    assert "已提醒 0 人" in said
    assert not Message.objects.filter(kind="reminder").exists() and mail.outbox == []

    # Five days before: inside; the PI alone gets one digest, by inbox and e-mail.
    said = run(closes - dt.timedelta(days=5), django_capture_on_commit_callbacks)
    assert "已提醒 1 人，共 1 项（提前 7 天起提醒）" in said
    message = Message.objects.get(kind="reminder")
    assert message.recipient == pi_zhang
    assert message.title == f"截止提醒：“{draft.name}”尚未提交"
    assert "还剩 5 天" in message.body and "申报截止" in message.body
    assert message.url == f"/projects/applications/{draft.pk}/"
    assert [m.to for m in mail.outbox] == [["pi_zhang@example.org"]]

    # The same day again, and the next day (same threshold): nothing more.
    run(closes - dt.timedelta(days=5, hours=-2), django_capture_on_commit_callbacks)
    run(closes - dt.timedelta(days=4), django_capture_on_commit_callbacks)
    assert Message.objects.filter(kind="reminder").count() == 1 and len(mail.outbox) == 1

    # The last day: the next threshold, one more.
    run(closes - dt.timedelta(hours=5), django_capture_on_commit_callbacks)
    assert Message.objects.filter(kind="reminder").count() == 2
    assert "今天截止" in Message.objects.filter(kind="reminder").first().body
    assert set(SentReminder.objects.values_list("threshold", flat=True)) == {7, 1}
    assert AuditEntry.objects.filter(action="reminders.sent").count() == 5


def test_an_overdue_item_is_not_reminded(
    draft, city_call, with_mail, django_capture_on_commit_callbacks
):
    run(clock.local(city_call.closes_at) + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    assert not Message.objects.filter(kind="reminder").exists()


def test_reminder_email_off_leaves_the_inbox_entry(
    draft, city_call, pi_zhang, with_mail, django_capture_on_commit_callbacks
):
    email_preferences_set(by=pi_zhang, email_kinds=["application"])
    mail.outbox.clear()
    run(clock.local(city_call.closes_at) - dt.timedelta(days=2), django_capture_on_commit_callbacks)
    assert Message.objects.filter(kind="reminder", recipient=pi_zhang).count() == 1
    assert mail.outbox == []
