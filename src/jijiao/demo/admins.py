"""What waits for the separated administrators: for ``secadmin`` an account locked by five wrong
passwords (the lock runs out after ``LOCKOUT_MINUTES``, as a real one does); for ``sysadmin`` a
staff import whose stored upload was lost before the worker read it — a failure of the system,
not of the file; ``auditadmin`` is asked for the audit log's first check by itself."""

import contextlib

from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.common.documents.excel import XLSX
from jijiao.demo.base import demo_account
from jijiao.demo.world import account, hospital, staff
from jijiao.jobs.domain import job_submit
from jijiao.orgs.domain.accounts import LoginRefused, login_attempt
from jijiao.orgs.models import Role
from jijiao.orgs.staff_sheet import template_bytes
from jijiao.orgs.tasks import task_people_import

LOCKED = "13957700031"  # a trainee signing in with a phone number, as many register


def load_admin_work() -> None:
    nurse = staff(2)[0]
    demo_account(LOCKED, nurse.name, Role.TRAINEE, nurse.unit, person=nurse)
    for _ in range(5):  # each refused, the fifth locks the account
        with contextlib.suppress(LoginRefused):
            login_attempt(username=LOCKED, password="wrong-password", address="10.12.0.31")
    unit = hospital(2)
    job = job_submit(
        kind="people_import",
        task=task_people_import,
        by=account("h3_admin"),
        organisation=unit,
        permission="orgs.import_people",
        params={"next": "orgs:people", "next_label": "查看人员名单"},
        upload=SimpleUploadedFile(
            "瑞安市人民医院人员名单.xlsx", template_bytes(["内科"]), content_type=XLSX
        ),
    )
    # The task runs after commit (at once when jobs are eager, else on the worker): the stored
    # upload is lost before then, as a full or unmounted media volume would lose it.
    job.source.storage.delete(job.source.name)
