"""The watch-log import page starts a background job (eager on SQLite): the job page shows the
counts and links the eligibility list, or lists the problems by row with nothing imported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.attendance.models import WatchInterval
from jijiao.jobs.models import Job
from tests.attendance.conftest import register
from tests.attendance.test_eligibility import watch_log


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload_log(client, session, content: bytes, captured) -> str:
    upload = SimpleUploadedFile("直播.csv", content, content_type="text/csv")
    with captured(execute=True):
        response = client.post(f"/attendance/sessions/{session.pk}/watchlog/", {"log": upload})
    job = Job.objects.latest("pk")
    assert response["Location"] == f"/jobs/{job.pk}/"
    return client.get(response["Location"]).content.decode()


def test_a_watch_log_is_imported_as_a_job_and_links_the_eligibility_list(
    client, hospital_admin, online_session, trainee_li, django_capture_on_commit_callbacks
):
    register(trainee_li, online_session)
    client.force_login(hospital_admin)
    content = watch_log(
        "trainee_li,2025-06-01 08:00,2025-06-01 12:00", header="账号,进入时间,离开时间"
    )

    page = upload_log(client, online_session, content, django_capture_on_commit_callbacks)
    assert "已导入 1 条观看记录，涉及 1 人。" in page
    assert (
        f'<a href="/attendance/sessions/{online_session.pk}/eligibility/">查看学分授予名单</a>'
        in page
    )
    assert WatchInterval.objects.filter(session=online_session).count() == 1


def test_a_bad_watch_log_lists_its_problems_and_imports_nothing(
    client, hospital_admin, online_session, trainee_li, django_capture_on_commit_callbacks
):
    register(trainee_li, online_session)
    number = trainee_li.person.reveal_id_number()
    client.force_login(hospital_admin)
    content = watch_log(f"{number},2025-06-01 10:00:00,2025-06-01 09:00:00")

    page = upload_log(client, online_session, content, django_capture_on_commit_callbacks)
    assert "未导入：发现 1 处问题，请修改后重新上传。" in page
    assert "<li>第 2 行：离开时间 2025-06-01 09:00 早于进入时间 10:00</li>" in page
    assert number not in page
    assert not WatchInterval.objects.exists()
