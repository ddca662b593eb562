"""The remote pages: each opens for its user with its Chinese heading, another provider's
course is 404, the lists cost the same queries for 1 and 3 rows, videos are served by range."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jijiao.orgs.models import Role
from jijiao.remote.domain.completions import completion_list_upload
from jijiao.remote.models import CompletionList, Enrolment, Heartbeat, Provider
from tests.factories import AccountFactory, PersonFactory, grant
from tests.remote.conftest import (
    approved_course,
    course_fields,
    pdf,
    provider_unit_named,
    register,
    xlsx,
)
from tests.remote.players import Player

pytestmark = pytest.mark.django_db


def heading(response) -> str:
    match = re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S)
    return match.group(1).strip() if match else ""


@pytest.fixture
def pages(provider, course, video, learner, provider_admin, wenzhou_office, clock_at):
    player = Player(learner, video, clock_at)
    player.beat(0)
    player.beat(500, after=5)
    return {
        "provider": provider.pk,
        "course": course.pk,
        "video": video.pk,
        "enrolment": Enrolment.objects.get().pk,
    }


PAGES = [
    ("provider_admin", "/remote/providers/", "远程教育机构备案"),
    ("provider_admin", "/remote/providers/{provider}/", "医学远程教育网"),
    ("provider_admin", "/remote/providers/{provider}/edit/", "远程教育机构备案"),
    ("provider_admin", "/remote/courses/", "远程课程备案"),
    ("provider_admin", "/remote/courses/new/", "远程课程"),
    ("provider_admin", "/remote/courses/{course}/", "心力衰竭诊疗进展"),
    ("provider_admin", "/remote/lists/", "远程教育完成名单"),
    ("provider_admin", "/remote/lists/upload/", "上传完成名单"),
    ("provider_admin", "/remote/tokens/", "平台接口令牌"),
    ("provider_admin", "/remote/courses/{course}/learners/", "学习记录：心力衰竭诊疗进展"),
    ("wenzhou_office", "/remote/courses/{course}/learners/{enrolment}/", "张建华"),
    ("wenzhou_office", "/remote/providers/", "远程教育机构备案"),
    ("wenzhou_office", "/remote/providers/{provider}/", "医学远程教育网"),
    ("wenzhou_office", "/remote/providers/{provider}/revoke/", "撤销备案：医学远程教育网"),
    ("wenzhou_office", "/remote/courses/{course}/", "心力衰竭诊疗进展"),
    ("wenzhou_office", "/remote/lists/", "远程教育完成名单"),
    ("learner", "/remote/learn/", "远程学习"),
    ("learner", "/remote/learn/{course}/", "心力衰竭诊疗进展"),
    ("learner", "/remote/learn/{course}/play/{video}/", "心力衰竭诊疗进展"),
    ("learner", "/remote/learn/{course}/exam/", "考核：心力衰竭诊疗进展"),
]


@pytest.mark.parametrize(("persona", "path", "expected"), PAGES)
def test_page_opens_for_its_user_with_its_chinese_heading(
    request, client, pages, persona, path, expected
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(path.format(**pages))
    assert response.status_code == 200
    assert heading(response).startswith(expected)


def test_another_providers_course_page_is_404(client, other_provider_admin, course):
    client.force_login(other_provider_admin)
    assert client.get(f"/remote/courses/{course.pk}/").status_code == 404
    assert client.get(f"/remote/videos/{course.videos.get().pk}/file/").status_code == 404


def test_a_draft_course_is_not_in_the_catalogue_and_its_learning_page_is_404(
    client, provider, provider_admin, learner
):
    from jijiao.remote.domain.courses import course_file

    draft = course_file(by=provider_admin, provider=provider, **course_fields(title="草稿课程"))
    client.force_login(learner)
    assert "草稿课程" not in client.get("/remote/learn/").content.decode()
    assert client.get(f"/remote/learn/{draft.pk}/").status_code == 404


def test_learners_cannot_open_the_provider_pages(client, learner):
    client.force_login(learner)
    assert client.get("/remote/providers/").status_code == 403


def test_the_menu_shows_the_remote_entries_per_role(client, provider_admin, learner, provider):
    client.force_login(provider_admin)
    menu = client.get("/remote/providers/").content.decode()
    assert "远程课程" in menu and "远程完成名单" in menu and "远程学习" not in menu
    client.force_login(learner)
    assert "远程学习" in client.get("/remote/learn/").content.decode()


def test_the_video_is_served_by_byte_range(client, learner, video):
    client.force_login(learner)
    whole = client.get(f"/remote/videos/{video.pk}/file/")
    size = len(b"".join(whole.streaming_content))
    part = client.get(f"/remote/videos/{video.pk}/file/", HTTP_RANGE="bytes=4-9")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 4-9/{size}"
    assert b"".join(part.streaming_content) == b"\x00" * 6
    beyond = client.get(f"/remote/videos/{video.pk}/file/", HTTP_RANGE=f"bytes={size}-")
    assert (beyond.status_code, beyond["Content-Range"]) == (416, f"bytes */{size}")


def test_a_provider_registers_through_the_pages_and_the_city_approves(
    client, provider_unit, provider_admin, wenzhou_office, clock_at
):
    client.force_login(provider_admin)
    response = client.post(
        "/remote/providers/new/",
        {
            "recognised_by": "provincial",
            "platform_web": "https://learn.example.cn",
            "platform_mobile": "学习小程序",
            "contact_name": "刘敏",
            "contact_phone": "0577-88886666",
            "description": "",
        },
    )
    provider = Provider.objects.get()
    assert response.url == f"/remote/providers/{provider.pk}/"
    client.post(
        f"/remote/providers/{provider.pk}/documents/", {"kind": "qualification", "file": pdf()}
    )
    client.post(f"/remote/providers/{provider.pk}/submit/")
    client.force_login(wenzhou_office)
    client.post(f"/remote/providers/{provider.pk}/decide/", {"action": "approve", "reason": ""})
    provider.refresh_from_db()
    assert provider.state == "registered"
    page = client.get(f"/remote/providers/{provider.pk}/").content.decode()
    assert "准予备案" in page and "提交审核" in page


def test_an_upload_with_problems_lists_them_on_the_job_page(
    client, provider_admin, course, django_capture_on_commit_callbacks
):
    client.force_login(provider_admin)
    content = xlsx([["330302198005010012", "某某", course.pk, 10, "2025-03-03"]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/remote/lists/upload/", {"file": SimpleUploadedFile("名单.xlsx", content)}
        )
    assert response["Location"].startswith("/jobs/")
    page = client.get(response["Location"]).content.decode()
    assert "未导入：发现 1 处问题，请修改后重新上传。" in page
    assert "第 2 行“身份证号”：身份证号校验位不正确，请核对" in page
    assert "330302198005010012" not in page
    assert not CompletionList.objects.exists()


def _courses(world, count):
    for index in range(count):
        approved_course(
            world["provider"], world["admin"], world["office"], title=f"课程{index}", pass_mark=None
        )


def _providers(world, count):
    for _ in range(count):
        unit = provider_unit_named(f"远程机构{Provider.objects.count()}", world["office_unit"])
        admin = grant(AccountFactory(), Role.PROVIDER, unit)
        register(unit, admin, world["office"])


def _lists(world, count):
    course = world["course"]
    for _ in range(count):
        person = PersonFactory(unit=world["hospital"])
        row = [person.reveal_id_number(), person.name, course.pk, 10, "2025-03-03"]
        completion_list_upload(
            by=world["admin"], provider=world["provider"], content=xlsx([row]), filename=""
        )


@pytest.mark.parametrize(
    ("path", "persona", "add"),
    [
        ("/remote/courses/", "provider_admin", _courses),
        ("/remote/learn/", "learner", _courses),
        ("/remote/providers/", "wenzhou_office", _providers),
        ("/remote/lists/", "provider_admin", _lists),
        ("/remote/lists/", "wenzhou_office", _lists),
    ],
)
def test_list_pages_cost_the_same_queries_for_1_and_3_rows(
    request,
    client,
    provider,
    provider_admin,
    wenzhou_office,
    wenzhou_office_unit,
    city_hospital,
    course,
    path,
    persona,
    add,
):
    world = {
        "provider": provider,
        "admin": provider_admin,
        "office": wenzhou_office,
        "office_unit": wenzhou_office_unit,
        "hospital": city_hospital,
        "course": course,
    }
    client.force_login(request.getfixturevalue(persona))
    if add is not _courses and add is not _providers:
        add(world, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).status_code == 200
    add(world, 2)
    with CaptureQueriesContext(connection) as three:
        assert client.get(path).status_code == 200
    assert len(three) == len(one)


def test_our_player_uses_the_session_and_needs_the_csrf_token(learner, video, course):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    body = {
        "course_id": course.pk,
        "video_id": video.pk,
        "seq": 1,
        "position": 0,
        "state": "playing",
    }
    refused = client.post("/api/v1/remote/heartbeats", body, content_type="application/json")
    assert refused.status_code == 403
    client.get(f"/remote/learn/{course.pk}/play/{video.pk}/")
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/v1/remote/heartbeats", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200
    assert accepted.json()["accepted"] is True
    assert Heartbeat.objects.get().via == "player"


def test_the_city_sees_the_refused_heartbeats_of_a_learner(client, pages, wenzhou_office):
    client.force_login(wenzhou_office)
    listing = client.get(f"/remote/courses/{pages['course']}/learners/").content.decode()
    assert '<span class="badge warn">1</span>' in listing
    detail = client.get(
        f"/remote/courses/{pages['course']}/learners/{pages['enrolment']}/"
    ).content.decode()
    assert "拖动进度条越过已学位置" in detail


def test_another_provider_cannot_see_the_learners(client, pages, other_provider_admin):
    client.force_login(other_provider_admin)
    assert client.get(f"/remote/courses/{pages['course']}/learners/").status_code == 404


def test_a_provider_issues_a_token_shown_once_and_revokes_it(client, provider_admin, course):
    client.force_login(provider_admin)
    page = client.post("/remote/tokens/", {"label": "手机 App"}).content.decode()
    token = re.search(r'<code data-role="token">(jj_[^<]+)</code>', page).group(1)
    api = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert api.get("/api/v1/remote/courses", **auth).status_code == 200
    assert token not in client.get("/remote/tokens/").content.decode()
    stored = provider_admin.api_tokens.get(label="手机 App")
    client.post(f"/remote/tokens/{stored.pk}/revoke/")
    assert api.get("/api/v1/remote/courses", **auth).status_code == 401
