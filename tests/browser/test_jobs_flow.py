"""Background jobs in Debian Chromium: a unit admin uploads a staff workbook, watches the bar
reach 100 % and finds the people listed; a queued job's page updates itself (htmx polling) when
the worker finishes it; 我的任务 lists the jobs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from jijiao.celery import app
from jijiao.common import idnumbers
from jijiao.jobs.domain import job_submit
from jijiao.jobs.models import Job
from jijiao.orgs.models import Person
from jijiao.orgs.tasks import task_people_import
from tests.browser.conftest import PHONE, login, main_menu
from tests.browser.test_staff_flow import (
    STAFF,
    XLSX,
    open_import_page,
    staff_rows,
    staff_workbook,
    upload,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_staff_upload_shows_the_bar_reach_100_and_the_people_listed(
    live_server, page, hospital_admin, cardiology, city_hospital
):
    login(page, live_server, "hospital_admin")
    open_import_page(page)
    upload(page, "职工名单.xlsx", staff_workbook(staff_rows(STAFF)))

    expect(page.get_by_role("heading", name="人员批量导入")).to_be_visible()
    status = page.get_by_role("region", name="任务状态")
    expect(status.get_by_role("progressbar", name="进度")).to_have_attribute("value", "100")
    expect(status.locator(".job-percent")).to_have_text("100 %")
    expect(status).to_contain_text("3 / 3 行")
    expect(status.get_by_role("status")).to_have_text("导入成功：新增 3 人。")

    status.get_by_role("link", name="查看人员名单").click()
    table = page.locator("table")
    for name, number, _ in STAFF:
        expect(table.get_by_role("row").filter(has_text=name)).to_contain_text(
            idnumbers.mask(number)
        )
    assert Person.objects.filter(unit=city_hospital).count() == 3

    main_menu(page).get_by_role("link", name="我的任务").click()
    expect(page.get_by_role("heading", name="我的任务")).to_be_visible()
    row = page.locator("table").get_by_role("row").filter(has_text="人员批量导入")
    expect(row).to_contain_text("已完成")
    expect(row).to_contain_text("导入成功：新增 3 人。")
    expect(row).to_contain_text("职工名单.xlsx")
    assert not page.script_errors


def test_a_queued_jobs_page_updates_itself_when_the_worker_finishes_it(
    live_server, new_page, hospital_admin, cardiology, city_hospital, monkeypatch
):
    # No worker yet: the message waits in the (in-memory) broker and the job stays queued.
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    workbook = SimpleUploadedFile(
        "职工名单.xlsx", staff_workbook(staff_rows(STAFF)), content_type=XLSX
    )
    job = job_submit(
        kind="people_import",
        task=task_people_import,
        by=hospital_admin,
        organisation=city_hospital,
        permission="orgs.import_people",
        params={"next": "orgs:people", "next_label": "查看人员名单"},
        upload=workbook,
    )
    page = new_page(**PHONE)
    login(page, live_server, "hospital_admin")
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    status = page.get_by_role("region", name="任务状态")
    expect(status).to_contain_text("排队中")
    expect(status.locator(".job-percent")).to_have_text("0 %")

    task_people_import(job.pk)  # the worker picks it up

    expect(status).to_contain_text("已完成")
    expect(status.locator(".job-percent")).to_have_text("100 %")
    expect(status.get_by_role("status")).to_have_text("导入成功：新增 3 人。")
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width + 1
    assert Job.objects.get(pk=job.pk).state == Job.State.DONE
    assert not page.script_errors
