"""Applications tell their PI (and only the PI) of a return, a recommendation, a decision and
the publication: an inbox message and an e-mail each, linking to the application."""

import pytest
from django.core import mail

from jijiao.notifications.domain.messages import email_preferences_set
from jijiao.notifications.models import Message
from jijiao.projects.domain.applications import application_return, application_submit
from jijiao.projects.domain.intake import application_accept, application_decide
from jijiao.projects.domain.publication import publication_publish
from jijiao.projects.domain.unit_review import applications_recommend
from jijiao.projects.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(pi_zhang, hospital_admin, wenzhou_office, lucheng_admin, dept_admin):
    for account, address in (
        (pi_zhang, "zhang@h1.example"),
        (hospital_admin, "kjk@h1.example"),
        (wenzhou_office, "office@wz.example"),
        (lucheng_admin, "kjk@lc.example"),
        (dept_admin, "dept@h1.example"),
    ):
        account.email = address
        account.save(update_fields=["email"])
    return pi_zhang


def inbox(account) -> list[tuple[str, str]]:
    return list(Message.objects.filter(recipient=account).values_list("title", "url"))


def test_a_return_is_told_to_the_pi_alone_by_inbox_and_mail(
    draft, everyone, pi_zhang, hospital_admin, django_capture_on_commit_callbacks
):
    application_submit(by=pi_zhang, application=draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_return(by=hospital_admin, application=draft, reason="请补充授课教师简介")
    url = f"/projects/applications/{draft.pk}/"
    assert inbox(pi_zhang) == [(f"申报“{draft.name}”已被退回", url)]
    assert Message.objects.exclude(recipient=pi_zhang).count() == 0
    assert [m.to for m in mail.outbox] == [["zhang@h1.example"]]
    sent = mail.outbox[0]
    assert sent.subject == f"【继教】申报“{draft.name}”已被退回"
    assert "意见：请补充授课教师简介" in sent.body
    assert "请按意见修改后重新提交" in sent.body
    assert sent.body.endswith(f"查看：http://127.0.0.1:8000{url}")


def test_email_off_for_the_kind_leaves_only_the_inbox_entry(
    draft, everyone, pi_zhang, hospital_admin, django_capture_on_commit_callbacks
):
    email_preferences_set(by=pi_zhang, email_kinds=["publication", "reminder"])
    application_submit(by=pi_zhang, application=draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_return(by=hospital_admin, application=draft, reason="请补充授课教师简介")
    assert len(inbox(pi_zhang)) == 1
    assert mail.outbox == []


def test_recommendation_decision_and_publication_reach_the_pi_only(
    draft, everyone, pi_zhang, hospital_admin, wenzhou_office, city_call,
    city_hospital, django_capture_on_commit_callbacks, paper_received,
):  # fmt: skip
    application_submit(by=pi_zhang, application=draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        applications_recommend(
            by=hospital_admin, call=city_call, unit=city_hospital, applications=[draft]
        )
    assert [t for t, _ in inbox(pi_zhang)] == [f"申报“{draft.name}”已由单位推荐"]
    assert [m.to for m in mail.outbox] == [["zhang@h1.example"]]
    application_accept(by=wenzhou_office, application=draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            by=wenzhou_office, application=draft, approve=True, reason="同意", number="2025-007"
        )
        publication_publish(by=wenzhou_office, call=city_call)
    titles = [t for t, _ in inbox(pi_zhang)]
    assert f"申报“{draft.name}”已批准，项目编号 2025-007" in titles
    assert f"项目“{draft.name}”已公布" in titles
    assert [m.to for m in mail.outbox] == [["zhang@h1.example"]] * 2
    assert Message.objects.exclude(recipient=pi_zhang).count() == 0


def test_a_rejection_says_so_with_the_reasons(
    draft, everyone, pi_zhang, wenzhou_office, django_capture_on_commit_callbacks
):
    Application.objects.filter(pk=draft.pk).update(state="under_review")
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            by=wenzhou_office, application=draft, approve=False, reason="内容与往年重复"
        )
    message = Message.objects.get(recipient=pi_zhang)
    assert message.title == f"申报“{draft.name}”未获批准"
    assert "意见：内容与往年重复" in message.body
    assert [m.to for m in mail.outbox] == [["zhang@h1.example"]]
