"""Heartbeats through the domain: real-time playing counts, seeking ahead and fast-forwarding
are refused, one course at a time, presence checks stop the clock when missed, duplicates
count once, and every heartbeat is stored with its reason."""

import pytest

from jijiao.common.errors import DomainError
from jijiao.remote.domain import progress as progress_domain
from jijiao.remote.domain.progress import presence_answer
from jijiao.remote.domain.providers import provider_reinstate, provider_suspend
from jijiao.remote.models import Enrolment, Heartbeat, PresenceCheck, VideoProgress
from tests.refusals import refused
from tests.remote.players import Player

pytestmark = pytest.mark.django_db


@pytest.fixture
def player(clock_at, learner, video):
    return Player(learner, video, clock_at)


def progress_of(player) -> VideoProgress:
    return VideoProgress.objects.get(person=player.account.person, video=player.video)


def test_playing_in_real_time_counts_the_seconds_watched(player):
    assert player.beat(0).accepted
    assert player.beat(10, after=10).heartbeat.credited_seconds == 10
    outcome = player.beat(20, after=10)
    assert outcome.accepted
    assert outcome.progress.watched_seconds == 20
    assert outcome.progress.furthest == 20
    assert outcome.enrolment.watched_seconds == 20
    assert outcome.progress.covered == [[0, 20]]


def test_a_jump_past_the_furthest_position_is_refused_as_seeking_ahead(player):
    player.beat(0)
    player.play(0, 30)
    outcome = player.beat(300, after=5)
    assert not outcome.accepted
    assert outcome.heartbeat.reason == "seek_ahead"
    assert outcome.message == "不允许拖动进度条越过已学习的位置，请从 0分30秒 继续学习"
    progress = progress_of(player)
    assert (progress.position, progress.furthest, progress.watched_seconds) == (30, 30, 30)


def test_advancing_120_seconds_in_30_seconds_of_clock_is_refused_as_fast_forward(player):
    player.beat(0)
    outcome = player.beat(120, after=30)
    assert not outcome.accepted
    assert outcome.heartbeat.reason == "fast_forward"
    assert outcome.heartbeat.credited_seconds == 0
    assert progress_of(player).watched_seconds == 0
    assert "不允许快进" in outcome.message


def test_playing_one_and_a_half_times_faster_is_refused_once_the_lead_passes_the_tolerance(
    player,
):
    player.beat(0)
    assert player.beat(12, after=10).accepted  # 2 s ahead: inside the 3 s tolerance
    outcome = player.beat(24, after=10)  # 4 s ahead
    assert outcome.heartbeat.reason == "fast_forward"
    assert progress_of(player).watched_seconds == 12


def test_jitter_of_a_late_request_is_tolerated_and_the_lead_shrinks_again(player):
    player.beat(0)
    assert player.beat(10, after=8).accepted  # arrived 2 s early on the server's clock
    assert player.beat(20, after=12).accepted
    assert player.beat(30, after=10).accepted
    assert progress_of(player).lead == 0


def test_seeking_back_and_forward_inside_what_was_watched_is_allowed_and_credits_nothing(player):
    player.beat(0)
    player.play(0, 60)
    back = player.beat(5, after=2)
    assert back.accepted and back.heartbeat.credited_seconds == 0
    forward = player.beat(60, after=2)
    assert forward.accepted and forward.heartbeat.credited_seconds == 0
    assert player.beat(70, after=10).heartbeat.credited_seconds == 10
    assert progress_of(player).watched_seconds == 70


def test_rewatching_a_part_counts_it_once(player):
    player.beat(0)
    player.play(0, 30)
    player.beat(0, after=1)
    player.play(0, 30)
    assert progress_of(player).watched_seconds == 30


def test_duplicate_heartbeats_count_once(player):
    player.beat(0)
    first = player.beat(10, after=10)
    again = player.beat(10, after=1, seq=first.heartbeat.seq)
    assert not again.accepted
    assert again.heartbeat.reason == "duplicate"
    assert again.heartbeat.credited_seconds == 0
    assert progress_of(player).watched_seconds == 10
    assert Heartbeat.objects.filter(seq=first.heartbeat.seq).count() == 2


def test_a_second_course_playing_at_the_same_time_is_refused(
    player, learner, second_course, clock_at
):
    player.beat(0)
    player.play(0, 20)
    other = Player(learner, second_course.videos.get(), clock_at)
    outcome = other.beat(0, after=5)
    assert not outcome.accepted
    assert outcome.heartbeat.reason == "parallel"
    assert outcome.message == (
        "您正在学习《心力衰竭诊疗进展》的“第一讲”，不能同时学习多个课程或课件，请先暂停或关闭它"
    )
    player.beat(25, "paused", after=5)
    assert other.beat(0, after=1).accepted


def test_a_player_that_went_silent_stops_holding_the_other_course_after_a_minute(
    player, learner, second_course, clock_at
):
    player.beat(0)
    other = Player(learner, second_course.videos.get(), clock_at)
    assert other.beat(0, after=60).heartbeat.reason == "parallel"
    assert other.beat(0, after=1).accepted


def test_a_missed_presence_check_stops_the_watched_time_until_it_is_answered(player):
    player.beat(0)
    due = player.play(0, 300)
    check = due.presence
    assert check is not None
    assert (check.state, (check.expires_at - check.issued_at).seconds) == ("pending", 60)
    # Inside the window the clock still runs.
    assert player.play(300, 360).progress.watched_seconds == 360
    missed = player.beat(370, after=10)
    assert missed.heartbeat.reason == "presence_missed"
    assert missed.message == "在线确认已逾期，请先完成确认再继续学习；逾期期间不计学习时长"
    assert player.beat(380, after=10).heartbeat.reason == "presence_missed"
    assert progress_of(player).watched_seconds == 360
    player.clock.shift(20)
    answered = presence_answer(by=player.account, check=check, answer=check.challenge)
    assert answered.state == "late"
    # Counting resumes from the answer, at the last accepted position.
    assert player.beat(370, after=10).heartbeat.credited_seconds == 10
    assert progress_of(player).watched_seconds == 370


def test_what_a_player_kept_playing_while_the_check_was_overdue_is_not_credited(player):
    player.beat(0)
    check = player.play(0, 300).presence
    player.play(300, 360)
    for position in (380, 400, 420):
        assert player.beat(position, after=20).heartbeat.reason == "presence_missed"
    player.clock.shift(5)
    presence_answer(by=player.account, check=check, answer=check.challenge)
    outcome = player.beat(430, after=5)  # 70 s of position in 5 s of clock
    assert outcome.heartbeat.reason == "fast_forward"
    assert progress_of(player).watched_seconds == 360


def test_a_check_answered_in_time_keeps_the_clock_running(player):
    player.beat(0)
    check = player.play(0, 300).presence
    player.clock.shift(30)
    assert presence_answer(by=player.account, check=check, answer=check.challenge).state == (
        "answered"
    )
    assert player.beat(310, after=0).accepted
    assert player.play(310, 600).presence.pk != check.pk


def test_a_wrong_presence_code_is_refused(player):
    player.beat(0)
    check = player.play(0, 300).presence
    wrong = "0000" if check.challenge != "0000" else "1111"
    with pytest.raises(DomainError, match="确认码不正确"):
        presence_answer(by=player.account, check=check, answer=wrong)
    assert PresenceCheck.objects.get(pk=check.pk).state == "pending"


def test_heartbeats_of_a_suspended_provider_are_refused(player, provider, wenzhou_office):
    player.beat(0)
    provider_suspend(by=wenzhou_office, provider=provider, reason="平台学习记录不完整")
    outcome = player.beat(10, after=10)
    assert outcome.heartbeat.reason == "course_closed"
    assert progress_of(player).watched_seconds == 0
    provider_reinstate(by=wenzhou_office, provider=provider, reason="已整改")
    # The player resumes where the server last accepted it.
    assert player.beat(10, after=10).heartbeat.credited_seconds == 10


def test_every_heartbeat_is_stored_with_its_reason(player):
    player.beat(0)
    player.beat(10, after=10)
    player.beat(500, after=1)
    player.beat(10, after=1, seq=2)
    stored = list(Heartbeat.objects.values_list("seq", "position", "accepted", "reason"))
    assert stored == [
        (1, 0.0, True, "ok"),
        (2, 10.0, True, "ok"),
        (3, 500.0, False, "seek_ahead"),
        (2, 10.0, False, "duplicate"),
    ]


def test_watching_every_video_completes_a_course_without_exam(clock_at, learner, second_course):
    player = Player(learner, second_course.videos.get(), clock_at)
    player.beat(0)
    check = player.play(0, 300).presence
    presence_answer(by=learner, check=check, answer=check.challenge)
    player.play(300, 590)
    enrolment = Enrolment.objects.get(person=learner.person, course=second_course)
    assert enrolment.completed_at is None
    player.beat(598, "ended", after=8)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_completing_without_enough_watched_time_is_refused(player, course):
    player.beat(0)
    player.play(0, 120)
    with pytest.raises(DomainError) as error:
        progress_domain.enrolment_complete(
            by=player.account, person=player.account.person, course=course
        )
    assert error.value.message == (
        "学习时长不足：已有效学习 2分00秒，课程要求 9分58秒（未学完：第一讲）"
    )


def test_an_answered_presence_check_is_not_answered_again(player):
    player.beat(0)
    check = player.play(0, 300).presence
    presence_answer(by=player.account, check=check, answer=check.challenge)
    check.refresh_from_db()
    answered_at = check.answered_at
    player.clock.shift(5)
    message = refused(
        lambda: presence_answer(by=player.account, check=check, answer=check.challenge),
        check,
        "已按时确认",
    )
    assert message == "该在线确认已按时确认，不能再确认"
    assert PresenceCheck.objects.get(pk=check.pk).answered_at == answered_at
