"""Sanctions and jobs tell their own people and nobody else (mail outbox): a proposal goes to
the nearest office above the unit, a confirmed sanction to the barred leader and the unit's
administrators, a finished job to the person who started it."""

import pytest
from django.core import mail

from jijiao.common import clock
from jijiao.hosting.domain.sanctions import criticism_enter, sanction_confirm, sanction_dismiss
from jijiao.hosting.models import Sanction
from jijiao.jobs.domain import INTERNAL_ERROR
from jijiao.notifications.models import Message
from tests.jobs.test_jobs import submit, task_break, task_record, task_refuse

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(hospital_admin, wenzhou_office, lucheng_office, lucheng_admin, pi_zhang, ruian_office):
    accounts = (hospital_admin, wenzhou_office, lucheng_office, lucheng_admin, pi_zhang)
    for account in (*accounts, ruian_office):
        account.email = f"{account.username}@example.org"
        account.save(update_fields=["email"])
    return accounts


def told(**filters) -> dict[str, list[str]]:
    """Inbox titles by recipient's username."""
    out: dict[str, list[str]] = {}
    for m in Message.objects.filter(**filters).select_related("recipient").order_by("pk"):
        out.setdefault(m.recipient.username, []).append(m.title)
    return out


def mailed() -> list[list[str]]:
    return sorted(m.to for m in mail.outbox)


def test_a_confirmed_bar_tells_the_leader_and_the_unit_and_a_dismissal_tells_nobody(
    everyone,
    wenzhou_office,
    pi_zhang_person,
    city_hospital,
    django_capture_on_commit_callbacks,
):
    def proposed() -> Sanction:
        return Sanction.objects.create(
            unit=city_hospital,
            person=pi_zhang_person,
            kind=Sanction.Kind.PI_BARRED,
            state=Sanction.State.PROPOSED,
            first_year=2026,
            last_year=2026,
            reason="2025 年项目未举办且无正当理由",
            at=clock.now(),
        )

    bar, other = proposed(), proposed()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sanction_confirm(by=wenzhou_office, sanction=bar, reason="属实")
        sanction_dismiss(by=wenzhou_office, sanction=other, reason="疫情封控，情有可原")
    title = "处理决定：取消项目负责人申报资格（温州市第一人民医院·张建华）"
    assert told() == {"pi_zhang": [title], "hospital_admin": [title]}
    leader = Message.objects.get(recipient__username="pi_zhang")
    assert "取消项目负责人 2026 年度申报资格" in leader.body
    assert "不能作为项目负责人申报项目" in leader.body
    assert mailed() == [["hospital_admin@example.org"], ["pi_zhang@example.org"]]


def test_a_proposal_goes_to_the_nearest_office_above_the_unit(
    everyone,
    wenzhou_office,
    wenzhou_office_unit,
    lucheng_hospital,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        criticism_enter(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            unit=lucheng_hospital,
            year=2025,
            issuer="湖南省卫生健康委",
            text="培训签到弄虚作假",
            policy_id="changsha-2022",
        )
    # 鹿城区人民医院 → 鹿城区卫健局 (county) decides; the city that entered it is not told again.
    assert told() == {"lucheng_office": ["处理建议待确认：鹿城区人民医院·扣单位年度考核分"]}
    assert "2025 年度考核扣 10 分（湖南省卫生健康委通报批评：培训签到弄虚作假" in (
        Message.objects.get().body
    )
    assert mailed() == [["lucheng_office@example.org"]]


@pytest.mark.parametrize(
    ("task", "state", "title", "said"),
    [
        ("record", "done", "人员批量导入已完成", "已写入 1 人。"),
        ("refuse", "refused", "人员批量导入未完成：文件有 1 处问题", "没有写入任何数据"),
        ("break", "failed", "人员批量导入失败", INTERNAL_ERROR),
    ],
)
def test_a_finished_job_tells_the_person_who_started_it_alone(
    everyone,
    hospital_admin,
    city_hospital,
    django_capture_on_commit_callbacks,
    task,
    state,
    title,
    said,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    tasks = {"record": task_record, "refuse": task_refuse, "break": task_break}
    mail.outbox.clear()
    job = submit(tasks[task], hospital_admin, city_hospital, django_capture_on_commit_callbacks)
    assert job.state == state
    assert told() == {"hospital_admin": [title]}
    message = Message.objects.get()
    assert said in message.body
    assert message.url == f"/jobs/{job.pk}/"
    assert message.kind == "job"
    assert mailed() == [["hospital_admin@example.org"]]


def test_job_mail_off_leaves_the_inbox_entry(
    hospital_admin, city_hospital, django_capture_on_commit_callbacks, settings, tmp_path
):
    from jijiao.notifications.domain.messages import email_preferences_set
    from jijiao.notifications.kinds import Kind

    settings.MEDIA_ROOT = tmp_path
    hospital_admin.email = "hospital_admin@example.org"
    hospital_admin.save(update_fields=["email"])
    email_preferences_set(by=hospital_admin, email_kinds=set(Kind.values) - {Kind.JOB})
    mail.outbox.clear()
    submit(task_record, hospital_admin, city_hospital, django_capture_on_commit_callbacks)
    assert told() == {"hospital_admin": ["人员批量导入已完成"]}
    assert mail.outbox == []
