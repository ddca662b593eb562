"""The city office's ledger CSV import page: it stores the file and starts a job (eager on
SQLite); the job page shows the counts or the problems by row; nothing is written twice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.credits.models import LedgerEntry
from jijiao.jobs.models import Job
from tests.credits.conftest import at
from tests.credits.test_bulk_import import csv_file, history, line

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(wenzhou_office, wenzhou_office_unit, staff, nurse_wang, credit_year_2023):
    return wenzhou_office, wenzhou_office_unit


def post_csv(client, content: bytes, captured):
    upload = SimpleUploadedFile("history.csv", content, content_type="text/csv")
    with at("2023-11-20"):
        with captured(execute=True):
            response = client.post("/credits/import/", {"file": upload, "source": "旧平台"})
        assert response.status_code == 302
        return client.get(response["Location"]).content.decode()


def test_the_city_office_imports_a_csv_as_a_job_and_a_second_run_adds_nothing(
    client, world, staff, nurse_wang, django_capture_on_commit_callbacks
):
    client.force_login(world[0])
    with at("2023-11-20"):
        assert "导入学分记录" in client.get("/credits/").content.decode()
    content = csv_file(history(staff, nurse_wang)).getvalue()

    page = post_csv(client, content, django_capture_on_commit_callbacks)
    assert "共 3 行：新导入 3 条，已存在 0 条。" in page
    assert '<span class="job-percent">100 %</span>' in page
    again = post_csv(client, content, django_capture_on_commit_callbacks)
    assert "共 3 行：新导入 0 条，已存在 3 条。" in again
    assert LedgerEntry.objects.count() == 3
    assert [
        job.counts["created"] for job in Job.objects.filter(kind="ledger_import").order_by("pk")
    ] == [3, 0]


def test_a_bad_row_refuses_the_file_with_its_row_and_masks_the_id_number(
    client, world, staff, nurse_wang, django_capture_on_commit_callbacks
):
    good = staff[1].reveal_id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [*history(staff, nurse_wang), line(staff[1], id_number=bad)]
    client.force_login(world[0])

    page = post_csv(client, csv_file(rows).getvalue(), django_capture_on_commit_callbacks)
    assert "未导入：发现 1 处问题，请修改后重新上传。" in page
    assert "<li>第 5 行“证件号码”：身份证号校验位不正确，请核对</li>" in page
    assert bad not in page
    assert '<a href="/credits/import/">重新上传</a>' in page
    assert LedgerEntry.objects.count() == 0


def test_only_the_city_office_may_open_the_import(client, world, hospital_admin, lucheng_office):
    for account in (hospital_admin, lucheng_office):
        client.force_login(account)
        assert client.get("/credits/import/").status_code == 403
