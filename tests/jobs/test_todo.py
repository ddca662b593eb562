"""The system admin's workbench and 系统状态 page: background jobs that failed, until the same
person runs that kind again with success; refused files are their starter's, not listed."""

import datetime as dt

from jijiao.common import clock
from jijiao.jobs import todo
from jijiao.jobs.models import Job
from tests.factories import AccountFactory
from tests.factories.jobs import JobFactory


def finished(state, by, at, **more) -> Job:
    return JobFactory(state=state, started_by=by, created_at=at, finished_at=at, **more)


def test_a_failed_job_waits_for_the_system_admin_until_run_again_with_success(
    system_admin, audit_admin, client
):
    now = clock.now()
    office = AccountFactory(username="wz_clerk", display_name="温州市继教办 李")
    error = "系统内部错误，已记录；请稍后重试或联系系统管理员。"
    failed = finished(Job.State.FAILED, office, now - dt.timedelta(hours=2), error=error)
    finished(Job.State.REFUSED, office, now - dt.timedelta(hours=3), kind="ledger_import")
    finished(Job.State.FAILED, office, now - dt.timedelta(days=40), error="很久以前")

    (item,) = todo.todos_for(system_admin, now)
    when = f"{clock.local(failed.finished_at):%m-%d %H:%M}"
    assert (item.kind, item.title, item.deadline, item.url) == (
        "失败的后台任务",
        f"人员批量导入 #{failed.pk}（温州市继教办 李，{when}）失败：{error}",
        None,
        "/system/#failed-jobs",
    )
    assert todo.todos_for(audit_admin, now) == []

    client.force_login(system_admin)
    assert f"人员批量导入 #{failed.pk}" in client.get("/").content.decode()
    page = client.get("/system/").content.decode()
    assert f"人员批量导入 #{failed.pk}</td><td>温州市继教办 李</td>" in page
    assert "很久以前" not in page

    finished(Job.State.DONE, office, now - dt.timedelta(hours=1))
    assert todo.todos_for(system_admin, now) == []
    assert "没有失败的后台任务。" in client.get("/system/").content.decode()
