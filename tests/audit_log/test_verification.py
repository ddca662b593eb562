"""The audit admin checks the chain from the site and the scheduler every night; the last check
is on the audit log's page and the audit admin's workbench asks for one when none ran for a week
or when one found rows removed."""

import datetime as dt

import pytest
import time_machine
from django.db import connection

from jijiao.audit_log.log import record
from jijiao.audit_log.models import AuditEntry
from jijiao.audit_log.verification import audit_log_verify, last_verification
from jijiao.common import clock
from jijiao.jobs.models import Job
from jijiao.web.tasks import audit_log_verify_task
from jijiao.web.workbench import workbench_for

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 9, 1, 10, 0, tzinfo=clock.SHANGHAI)


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def items(user):
    return [(row.item.kind, row.item.title) for row in workbench_for(user, clock.now()).rows]


def test_the_workbench_asks_for_a_check_until_one_passes_and_again_a_week_later(
    at_now, audit_admin
):
    assert items(audit_admin) == [("待校验的审计日志", "审计日志从未校验完整性")]
    record("account.login", data={"n": 1})
    report, entry = audit_log_verify(by=audit_admin)
    assert report.ok
    assert entry.data["findings"] == 0 and entry.data["checked"] >= 1
    assert items(audit_admin) == []

    at_now.move_to(NOW + dt.timedelta(days=7, hours=1))
    (row,) = workbench_for(audit_admin, clock.now()).rows
    assert row.item.title == "审计日志已超过规定天数未校验完整性"
    assert row.item.deadline == entry.at + dt.timedelta(days=7)
    assert row.urgency == "overdue"
    audit_log_verify_task()  # the nightly run, by nobody
    assert last_verification().actor is None
    assert items(audit_admin) == []


def test_a_check_that_finds_a_removed_row_stays_on_the_workbench_and_the_page(
    at_now, audit_admin, client
):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL trigger refuses the delete (test_postgres_roles)")
    entries = [record("account.login", data={"n": n}) for n in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_log_auditentry WHERE id = %s", [entries[1].pk])
    audit_log_verify_task()
    assert items(audit_admin) == [
        (
            "审计日志完整性问题",
            "2025-09-01 10:00 的完整性校验发现 1 处记录被删除或改动，请核查并上报",
        )
    ]
    client.force_login(audit_admin)
    page = client.get("/audit/").content.decode()
    assert "上次校验 2025-09-01 10:00（每晚自动）" in page
    assert "发现 1 处问题：记录被删除或改动，请核查。" in page
    assert "缺少第 2 条（被删除）" in page


def test_the_audit_admin_starts_a_check_as_a_job_and_reads_the_outcome(
    at_now, audit_admin, client, django_capture_on_commit_callbacks
):
    client.force_login(audit_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/audit/verify/")
    job = Job.objects.get(kind="audit_log_verify")
    assert response.url == f"/jobs/{job.pk}/"
    assert job.state == Job.State.DONE
    assert job.summary.endswith("审计日志链完整。")
    page = client.get("/audit/").content.decode()
    assert "上次校验 2025-09-01 10:00（auditadmin）" in page
    assert AuditEntry.objects.filter(action="audit_log.verified", actor=audit_admin).count() == 1


def test_nobody_but_the_audit_admin_starts_a_check(system_admin, security_admin, client):
    for user in (system_admin, security_admin):
        client.force_login(user)
        assert client.post("/audit/verify/").status_code == 403
    assert not Job.objects.exists()
    assert not AuditEntry.objects.filter(action="audit_log.verified").exists()
