"""The progress API: token auth for providers' platforms, session (with CSRF) for our player,
the anti-cheating refusals with their reasons, 404 for another provider's course, and the
OpenAPI document."""

import json

import pytest

from jijiao.remote.models import Heartbeat

pytestmark = pytest.mark.django_db

URL = "/api/v1/remote"


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


class Platform:
    """A provider's platform calling with its token for one learner and one video."""

    def __init__(self, client, token, person, video, clock_at):
        self.client = client
        self.token = token
        self.id_number = person.reveal_id_number()
        self.video = video
        self.clock = clock_at
        self.seq = 0

    def beat(self, position, state="playing", *, after=0, seq=None, video=None):
        self.clock.shift(after)
        if seq is None:
            self.seq += 1
            seq = self.seq
        video = video or self.video
        return self.client.post(
            f"{URL}/heartbeats",
            {
                "id_number": self.id_number,
                "course_id": video.course_id,
                "video_id": video.pk,
                "seq": seq,
                "position": position,
                "state": state,
            },
            content_type="application/json",
            **bearer(self.token),
        )


@pytest.fixture
def platform(client, provider_token, learner, video, clock_at):
    return Platform(client, provider_token, learner.person, video, clock_at)


def test_heartbeats_without_a_token_or_session_are_unauthorized(client, video):
    response = client.post(
        f"{URL}/heartbeats",
        {
            "course_id": video.course_id,
            "video_id": video.pk,
            "seq": 1,
            "position": 0,
            "state": "playing",
        },
        content_type="application/json",
    )
    assert response.status_code == 401


def test_an_unknown_token_is_unauthorized(client, video):
    response = client.get(f"{URL}/courses", **bearer("jj_not-a-token"))
    assert response.status_code == 401


def test_the_provider_token_lists_its_own_courses_only(
    client, provider_token, course, other_course
):
    response = client.get(f"{URL}/courses", **bearer(provider_token))
    assert response.status_code == 200
    assert [c["title"] for c in response.json()] == ["心力衰竭诊疗进展"]
    videos = response.json()[0]["videos"]
    assert videos == [
        {"id": course.videos.get().pk, "order": 1, "title": "第一讲", "duration_seconds": 600}
    ]


def test_another_providers_course_is_404(client, provider_token, other_course, learner):
    assert client.get(f"{URL}/courses/{other_course.pk}", **bearer(provider_token)).status_code == (
        404
    )
    response = client.post(
        f"{URL}/heartbeats",
        {
            "id_number": learner.person.reveal_id_number(),
            "course_id": other_course.pk,
            "video_id": other_course.videos.get().pk,
            "seq": 1,
            "position": 0,
            "state": "playing",
        },
        content_type="application/json",
        **bearer(provider_token),
    )
    assert response.status_code == 404
    assert Heartbeat.objects.count() == 0


def test_real_time_heartbeats_are_accepted_and_counted(platform):
    assert platform.beat(0).json()["accepted"] is True
    body = platform.beat(15, after=15).json()
    assert body["accepted"] is True
    assert body["reason"] == "ok"
    assert body["video_watched_seconds"] == 15
    assert body["course_watched_seconds"] == 15
    assert body["course_required_seconds"] == 598
    assert body["presence"] is None
    assert Heartbeat.objects.filter(via="provider").count() == 2


def test_a_jump_ahead_is_refused(platform):
    platform.beat(0)
    platform.beat(10, after=10)
    body = platform.beat(400, after=5).json()
    assert (body["accepted"], body["reason"], body["position"]) == (False, "seek_ahead", 10)
    assert body["message"] == "不允许拖动进度条越过已学习的位置，请从 0分10秒 继续学习"


def test_advancing_120_seconds_in_30_seconds_is_refused_as_fast_forward(platform):
    platform.beat(0)
    body = platform.beat(120, after=30).json()
    assert (body["accepted"], body["reason"], body["video_watched_seconds"]) == (
        False,
        "fast_forward",
        0,
    )


def test_a_second_courses_heartbeat_while_one_is_playing_is_refused(platform, second_course):
    platform.beat(0)
    platform.beat(10, after=10)
    other = second_course.videos.get()
    body = platform.beat(0, after=2, seq=1, video=other).json()
    assert (body["accepted"], body["reason"]) == (False, "parallel")
    assert "心力衰竭诊疗进展" in body["message"]


def test_duplicate_heartbeats_count_once(platform):
    platform.beat(0)
    first = platform.beat(10, after=10).json()
    again = platform.beat(10, after=1, seq=2).json()
    assert (again["accepted"], again["reason"]) == (False, "duplicate")
    assert first["video_watched_seconds"] == again["video_watched_seconds"] == 10


def test_a_completion_without_enough_watched_time_is_rejected(platform, client, provider_token):
    platform.beat(0)
    platform.beat(10, after=10)
    response = client.post(
        f"{URL}/completions",
        {"id_number": platform.id_number, "course_id": platform.video.course_id},
        content_type="application/json",
        **bearer(provider_token),
    )
    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "code": "REFUSED",
            "message": "学习时长不足：已有效学习 0分10秒，课程要求 9分58秒（未学完：第一讲）",
            "path": "",
        }
    }


def test_a_presence_check_is_answered_over_the_api(platform, client, provider_token):
    platform.beat(0)
    body = None
    for position in range(10, 301, 10):
        body = platform.beat(position, after=10).json()
    presence = body["presence"]
    assert (presence["state"], presence["seconds_left"]) == ("pending", 60)
    wrong = client.post(
        f"{URL}/presence/{presence['id']}/answer",
        {"answer": "x"},
        content_type="application/json",
        **bearer(provider_token),
    )
    assert wrong.status_code == 422
    right = client.post(
        f"{URL}/presence/{presence['id']}/answer",
        {"answer": presence["challenge"]},
        content_type="application/json",
        **bearer(provider_token),
    )
    assert right.status_code == 200
    assert right.json()["state"] == "answered"


def test_an_unknown_id_number_is_404_with_a_chinese_message(platform):
    platform.id_number = "11010519491231002X"
    response = platform.beat(0)
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "NOT_FOUND",
        "message": "系统中没有该身份证号的学员，请学员先在本系统注册",
        "path": "",
    }


def test_a_learner_cannot_report_for_someone_else(client, learner, course, video, nurse_wang):
    client.force_login(learner)
    response = client.post(
        f"{URL}/heartbeats",
        {
            "id_number": nurse_wang.reveal_id_number(),
            "course_id": course.pk,
            "video_id": video.pk,
            "seq": 1,
            "position": 0,
            "state": "playing",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "FORBIDDEN",
        "message": "只有课程所属机构可以代学员上报",
        "path": "",
    }


def test_the_openapi_document_describes_the_progress_api_with_bearer_auth(client):
    document = json.loads(client.get("/api/v1/openapi.json").content)
    heartbeat = document["paths"]["/api/v1/remote/heartbeats"]["post"]
    assert heartbeat["summary"] == "上报学习心跳"
    assert {"ApiToken": []} in heartbeat["security"]
    assert "/api/v1/remote/presence/{check_id}/answer" in document["paths"]
    assert "/api/v1/remote/courses/{course_id}/exam/attempts" in document["paths"]
    schema = document["components"]["schemas"]["HeartbeatIn"]
    assert schema["properties"]["state"]["enum"] == ["playing", "paused", "ended", "closed"]


def test_a_learners_heartbeat_for_a_suspended_providers_course_is_stored_as_refused(
    client, learner, course, video, provider, wenzhou_office
):
    from jijiao.remote.domain.providers import provider_suspend

    client.force_login(learner)
    body = {"course_id": course.pk, "video_id": video.pk, "position": 0, "state": "playing"}
    first = client.post(f"{URL}/heartbeats", {**body, "seq": 1}, content_type="application/json")
    assert first.json()["accepted"] is True
    provider_suspend(by=wenzhou_office, provider=provider, reason="核查")
    refused = client.post(f"{URL}/heartbeats", {**body, "seq": 2}, content_type="application/json")
    assert (refused.status_code, refused.json()["reason"]) == (200, "course_closed")
    assert list(Heartbeat.objects.values_list("reason", flat=True)) == ["ok", "course_closed"]
