"""Our own compliant player, on a phone: a 12-second test video built at test time plays;
seeking ahead and a faster playback rate are undone; a presence prompt is answered; the exam is
passed; the completion is recorded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from jijiao.remote.domain import courses as course_domain
from jijiao.remote.models import Enrolment, Heartbeat
from tests.browser.conftest import PHONE, login
from tests.remote.conftest import QUESTIONS, course_fields, provider_unit_named, register
from tests.remote.webm import webm

SECONDS = 12


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def course(wenzhou_office, wenzhou_office_unit):
    from jijiao.orgs.models import Role
    from tests.factories import AccountFactory, grant

    unit = provider_unit_named("医学远程教育网", wenzhou_office_unit)
    admin = grant(AccountFactory(username="provider_admin"), Role.PROVIDER, unit)
    provider = register(unit, admin, wenzhou_office)
    fields = course_fields(presence_interval_seconds=8, presence_window_seconds=30)
    course = course_domain.course_file(by=admin, provider=provider, **fields)
    course_domain.course_video_add(
        by=admin,
        course=course,
        title="第一讲",
        duration_seconds=SECONDS,
        uploaded=SimpleUploadedFile("第一讲.webm", webm(SECONDS)),
    )
    for text, choices, answer in QUESTIONS:
        course_domain.course_question_add(
            by=admin, course=course, text=text, choices=choices, answer=answer
        )
    course_domain.course_submit(by=admin, course=course)
    return course_domain.course_approve(by=wenzhou_office, course=course)


VIDEO = "document.querySelector('#remote-player video')"


def until(page, expression: str, timeout_ms: int = 20_000) -> None:
    """Poll a page expression from here: ``page.wait_for_function`` evaluates strings inside
    the page, which the content security policy (no 'unsafe-eval') rightly forbids."""
    for _ in range(timeout_ms // 100):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"页面条件未满足：{expression}")


def test_the_player_refuses_seeking_and_speed_asks_for_presence_and_records_completion(
    new_page, live_server, pi_zhang, course
):
    page = new_page(**PHONE)
    login(page, live_server, "pi_zhang")
    page.goto(f"{live_server.url}/remote/learn/")
    page.get_by_role("link", name="心力衰竭诊疗进展").click()
    page.get_by_role("link", name="1. 第一讲").click()
    player = page.get_by_role("region", name="课程播放器")
    expect(player).to_be_visible()
    assert page.evaluate(f"{VIDEO}.getBoundingClientRect().width") <= 390
    status = player.get_by_role("status")

    player.get_by_role("button", name="开始学习").click()
    until(page, f"{VIDEO}.currentTime > 2")

    page.evaluate(f"{VIDEO}.currentTime = 10")
    expect(status).to_contain_text("不允许拖动进度条越过已学习的位置")
    assert page.evaluate(f"{VIDEO}.currentTime") < 5

    page.evaluate(f"{VIDEO}.playbackRate = 2")
    expect(status).to_contain_text("不允许倍速播放，已恢复正常速度")
    assert page.evaluate(f"{VIDEO}.playbackRate") == 1

    prompt = page.get_by_role("dialog", name="在线确认")
    expect(prompt).to_be_visible(timeout=20_000)
    assert page.evaluate(f"{VIDEO}.paused") is True
    code = prompt.locator("[data-role=challenge]").inner_text()
    prompt.get_by_label("确认码").fill(code)
    prompt.get_by_role("button", name="确认在线").click()
    expect(prompt).to_be_hidden()
    expect(status).to_contain_text("已确认在线")

    until(page, f"{VIDEO}.ended")
    expect(status).to_have_text("视频已全部学完，请参加考核。")
    player.get_by_role("link", name="参加考核").click()

    expect(page.get_by_role("heading", name="考核：心力衰竭诊疗进展")).to_be_visible()
    for _, choices, answer in QUESTIONS:
        page.get_by_label(choices[answer], exact=True).check()
    page.get_by_role("button", name="交卷").click()
    expect(page.get_by_role("status").filter(has_text="考核通过")).to_have_text(
        "考核通过：100 分（合格分 60）。"
    )
    expect(page.get_by_role("heading", name="心力衰竭诊疗进展")).to_contain_text("已完成")

    enrolment = Enrolment.objects.get(person=pi_zhang.person, course=course)
    assert enrolment.completed_at is not None
    assert enrolment.watched_seconds >= SECONDS - 2
    assert enrolment.checks.get().state == "answered"
    assert (
        not Heartbeat.objects.filter(enrolment=enrolment, accepted=False)
        .exclude(reason="duplicate")
        .exists()
    )
    assert page.script_errors == []
