"""Starting a job from its page as a person would (eager on SQLite): the POST returns at once
with the job's page, the job's result is downloaded from it."""

from jijiao.jobs.models import Job


def run_job(client, url: str, capture, data: dict | None = None) -> tuple[Job, bytes, str]:
    """POST ``url`` (the jobs run when the request's transaction commits); returns the job,
    its result file's bytes (empty when there is none) and the text of its page."""
    with capture(execute=True):
        response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    assert location.startswith("/jobs/"), location
    job = Job.objects.get(pk=int(location.strip("/").split("/")[1]))
    page = client.get(location).content.decode()
    content = b""
    if job.result:
        result = client.get(f"/jobs/{job.pk}/result/")
        assert result.status_code == 200
        content = b"".join(result.streaming_content)
    return job, content, page
