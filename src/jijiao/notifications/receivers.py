"""Messages for events of the apps below notifications, which send a signal instead of calling
``notify`` (the jobs app: every app's tasks use it, so it sits below everything that tells)."""

from django.dispatch import receiver
from django.urls import reverse

from jijiao.common import clock
from jijiao.jobs.models import Job
from jijiao.jobs.signals import job_finished
from jijiao.notifications.domain.messages import notify
from jijiao.notifications.kinds import Kind


@receiver(job_finished, sender=Job, dispatch_uid="notifications.job_finished")
def tell_job_finished(sender, job: Job, **kwargs) -> None:
    """The person who started the job, and nobody else: done (with the result to download),
    refused (the file's problems by row, nothing written) or failed (why, nothing written)."""
    label = job.kind_label
    started = clock.local(job.created_at).strftime("%Y-%m-%d %H:%M")
    name = f"（{job.source_name}）" if job.source_name else ""
    if job.state == Job.State.DONE:
        title = f"{label}已完成"
        what = f"您于 {started} 提交的{label}{name}已完成。{job.summary}"
        next_step = "结果文件可在任务页面下载。" if job.result else "详情见任务页面。"
    elif job.state == Job.State.REFUSED:
        title = f"{label}未完成：文件有 {job.problem_count} 处问题"
        what = f"您于 {started} 提交的{label}{name}未导入，没有写入任何数据。{job.summary}"
        next_step = "请按任务页面列出的行和列修改文件后重新提交。"
    else:
        title = f"{label}失败"
        what = f"您于 {started} 提交的{label}{name}失败，没有写入任何数据。原因：{job.error}"
        next_step = "请稍后重试；仍不成功请联系系统管理员。"
    notify(
        [job.started_by],
        kind=Kind.JOB,
        title=title,
        what=what,
        next_step=next_step,
        url=reverse("jobs:detail", args=[job.pk]),
    )
