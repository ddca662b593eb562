"""A session's certificates as one zip, made by a background job (eager on SQLite): one real PDF
per certificate (pdftotext reads the name), verification links to the site."""

import datetime as dt
import io
import subprocess
import zipfile

from jijiao.execution.domain.review import report_review
from jijiao.jobs.models import Job
from tests.execution.conftest import END
from tests.execution.helpers import travel
from tests.execution.test_reports import submitted


def test_the_host_downloads_every_certificate_of_the_session_in_one_zip(
    client,
    hospital_admin,
    wenzhou_office,
    lucheng_admin,
    held,
    people,
    pi_zhang_person,
    django_capture_on_commit_callbacks,
):
    page = f"/execution/sessions/{held.pk}/"
    client.force_login(hospital_admin)
    with travel(END + dt.timedelta(days=4)):
        # Before the grant there is nothing to pack: the job says so.
        with django_capture_on_commit_callbacks(execute=True):
            early = client.post(f"{page}certificates/")
        assert "尚未出具学分证书" in client.get(early["Location"]).content.decode()

    assert submitted(hospital_admin, held)["ok"] is True
    with travel(END + dt.timedelta(days=5)):
        report_review(by=wenzhou_office, session=held, action="accept")
        client.logout()  # a day later: the idle session has ended
        client.force_login(hospital_admin)
        assert "打包下载本期学分证书（ZIP）" in client.get(page).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{page}certificates/")
        job_page = client.get(response["Location"]).content.decode()
        job = Job.objects.get(state=Job.State.DONE)
        result = client.get(f"/jobs/{job.pk}/result/")
    count = len(people) + 1  # the attendees' certificates and the lecturer's teaching proof
    assert f"已将 {count} 份证书打包为一个 ZIP 文件。" in job_page
    archive = zipfile.ZipFile(io.BytesIO(b"".join(result.streaming_content)))
    names = archive.namelist()
    assert len(names) == count
    first = next(n for n in names if people[0].name in n)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=archive.read(first), capture_output=True, check=True
    ).stdout.decode()
    assert people[0].name in text
    assert "http://testserver/credits/verify/" in text

    with travel(END + dt.timedelta(days=5)):
        client.force_login(lucheng_admin)
        assert client.get(f"/jobs/{job.pk}/result/").status_code == 404
