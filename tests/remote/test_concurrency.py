"""Heartbeats at the same moment on PostgreSQL: the person's row lock makes the
one-course-at-a-time rule and the duplicate rule hold across connections."""

import threading

import pytest
from django.db import connection

from jijiao.remote.domain.progress import heartbeat_record
from jijiao.remote.models import Heartbeat, VideoProgress

# Serialized rollback puts the migrations' reference data (divisions) back after the flush.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(count: int, work) -> list:
    """``work(index)`` in ``count`` threads released together, each on its own connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # reported to the test below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def beat(learner, video, seq=1, position=0):
    return heartbeat_record(
        by=learner,
        person=learner.person,
        video=video,
        seq=seq,
        position=position,
        state="playing",
        via="player",
    )


def test_two_courses_started_at_the_same_moment_let_only_one_play(learner, course, second_course):
    assert connection.vendor == "postgresql"
    videos = [course.videos.get(), second_course.videos.get()]
    results = run_together(2, lambda index: beat(learner, videos[index]))
    reasons = sorted(r.heartbeat.reason for r in results)
    assert reasons == ["ok", "parallel"]
    assert VideoProgress.objects.filter(last_state="playing").count() == 1


def test_the_same_heartbeat_from_six_connections_counts_once(learner, video, clock_at):
    beat(learner, video)
    clock_at.shift(10)
    results = run_together(6, lambda _: beat(learner, video, seq=2, position=10))
    assert sorted(r.heartbeat.reason for r in results) == ["duplicate"] * 5 + ["ok"]
    assert VideoProgress.objects.get().watched_seconds == 10
    assert Heartbeat.objects.count() == 7
