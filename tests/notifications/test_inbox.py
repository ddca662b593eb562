"""我的消息: the unread count in the header, the list, opening a message (read, then on to what
it is about), mark all read, and the e-mail settings; nobody opens another's message."""

import pytest
from django.core import mail

from jijiao.audit_log.models import AuditEntry
from jijiao.notifications.domain.messages import notify
from jijiao.notifications.kinds import Kind
from jijiao.notifications.models import Message, Preference

pytestmark = pytest.mark.django_db


def tell(account, title="申报已被退回", url="/projects/mine/"):
    return notify(
        [account],
        kind=Kind.APPLICATION,
        title=title,
        what="发生了什么",
        next_step="下一步",
        url=url,
    )[0]


def test_the_header_shows_the_unread_count_and_links_the_inbox(client, pi_zhang):
    client.force_login(pi_zhang)
    page = client.get("/").content.decode()
    assert 'href="/messages/"' in page and "unread-count" not in page
    tell(pi_zhang)
    tell(pi_zhang, title="项目已公布")
    page = client.get("/").content.decode()
    assert '<span class="unread-count">2</span>' in page
    assert "我的消息，2 条未读" in page


def test_the_unread_count_is_one_query(rf, pi_zhang, django_assert_num_queries):
    from jijiao.notifications.context_processors import inbox

    tell(pi_zhang)
    request = rf.get("/")
    request.user = pi_zhang
    with django_assert_num_queries(1):
        assert inbox(request) == {"unread_messages": 1}


def test_opening_a_message_marks_it_read_and_goes_to_its_page(client, pi_zhang):
    message = tell(pi_zhang, url="/projects/applications/7/")
    client.force_login(pi_zhang)
    listing = client.get("/messages/").content.decode()
    assert "申报已被退回" in listing and "发生了什么<br>下一步" in listing and "未读" in listing
    response = client.post(f"/messages/{message.pk}/open/")
    assert response.status_code == 302 and response.url == "/projects/applications/7/"
    message.refresh_from_db()
    assert message.read_at is not None
    assert AuditEntry.objects.filter(action="message.read", actor=pi_zhang).count() == 1
    assert "unread-count" not in client.get("/messages/").content.decode()


def test_nobody_opens_anothers_message(client, pi_zhang, hospital_admin):
    message = tell(pi_zhang)
    client.force_login(hospital_admin)
    assert client.post(f"/messages/{message.pk}/open/").status_code == 404
    assert "申报已被退回" not in client.get("/messages/").content.decode()
    message.refresh_from_db()
    assert message.read_at is None


def test_an_offsite_link_is_not_followed(client, pi_zhang):
    message = tell(pi_zhang, url="https://evil.example/")
    client.force_login(pi_zhang)
    assert client.post(f"/messages/{message.pk}/open/").url == "/messages/"


def test_mark_all_read(client, pi_zhang, hospital_admin):
    tell(pi_zhang)
    tell(pi_zhang)
    theirs = tell(hospital_admin)
    client.force_login(pi_zhang)
    response = client.post("/messages/read-all/", follow=True)
    assert "已将 2 条消息标为已读" in response.content.decode()
    assert Message.objects.filter(recipient=pi_zhang, read_at=None).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_email_settings_switch_a_kind_off_and_the_inbox_still_gets_it(
    client, pi_zhang, django_capture_on_commit_callbacks
):
    pi_zhang.email = "zhang@h1.example"
    pi_zhang.save(update_fields=["email"])
    client.force_login(pi_zhang)
    kinds = [k for k in Kind.values if k != Kind.APPLICATION]
    response = client.post("/messages/preferences/", {"email": kinds}, follow=True)
    assert "邮件通知设置已保存" in response.content.decode()
    assert Preference.objects.get(account=pi_zhang, kind=Kind.APPLICATION).email is False
    page = client.get("/messages/").content.decode()
    assert 'value="application">' in page and 'value="publication" checked>' in page
    with django_capture_on_commit_callbacks(execute=True):
        tell(pi_zhang)
        notify([pi_zhang], kind=Kind.PUBLICATION, title="项目已公布", what="已公布")
    assert Message.objects.filter(recipient=pi_zhang).count() == 2
    assert [m.subject for m in mail.outbox] == ["【继教】项目已公布"]


def test_no_mail_without_an_address_and_no_other_channel_by_default(
    pi_zhang, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell(pi_zhang)
    assert mail.outbox == []
    assert Message.objects.filter(recipient=pi_zhang).count() == 1


class Recorder:
    """A deployment's SMS channel, as a test stands it in."""

    name = "sms"
    sent: list = []

    def wants(self, recipient, kind, email_on):
        return bool(recipient.phone)

    def send(self, recipient, text):
        Recorder.sent.append((recipient.phone, text.plain()))


def test_a_plugged_in_channel_gets_the_same_text(
    settings, pi_zhang, django_capture_on_commit_callbacks
):
    settings.NOTIFY_CHANNELS = [
        "jijiao.notifications.channels.EmailChannel",
        "tests.notifications.test_inbox.Recorder",
    ]
    pi_zhang.email, pi_zhang.phone = "zhang@h1.example", "13800000000"
    pi_zhang.save(update_fields=["email", "phone"])
    Recorder.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tell(pi_zhang, url="/projects/mine/")
    assert Recorder.sent == [("13800000000", mail.outbox[0].body)]
    assert Recorder.sent[0][1] == "发生了什么\n下一步\n\n查看：http://127.0.0.1:8000/projects/mine/"


def test_mail_is_a_late_acknowledged_task_and_a_second_delivery_sends_nothing_again(
    pi_zhang, django_capture_on_commit_callbacks
):
    from jijiao.notifications.tasks import deliver_task

    assert deliver_task.acks_late and deliver_task.reject_on_worker_lost
    pi_zhang.email = "zhang@h1.example"
    pi_zhang.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        message = tell(pi_zhang)
    assert [m.to for m in mail.outbox] == [["zhang@h1.example"]]
    message.refresh_from_db()
    assert message.delivered_at is not None

    # The broker hands the same task to another worker (the first died before acknowledging).
    deliver_task.apply(args=[[message.pk]])
    assert len(mail.outbox) == 1
    assert Message.objects.filter(recipient=pi_zhang).count() == 1
