"""Who is told what when an application moves: its PI (and whoever created it), nobody else."""

from django.urls import reverse

from jijiao.notifications.domain.messages import notify
from jijiao.notifications.kinds import Kind
from jijiao.orgs.models import Account
from jijiao.projects.models import Application


def application_people(application: Application) -> list[Account]:
    """The PI's account and the account that created the application (often the same)."""
    return [*Account.objects.filter(person_id=application.pi_id), application.created_by]


def _said(note: str) -> str:
    return f"意见：{note}" if note else ""


def tell_application(application: Application, *, action: str, by, note: str = "") -> None:
    """The PI learns of a return, a recommendation or a decision, with the reasons given."""
    name = f"“{application.name}”"
    who = str(by) if by else "系统"
    if action == "returned":
        title = f"申报{name}已被退回"
        what = f"{who}退回了您的申报{name}。{_said(note)}"
        next_step = "请按意见修改后重新提交；申报截止前未提交的不予受理。"
    elif action == "recommended":
        title = f"申报{name}已由单位推荐"
        what = f"{application.unit.name}已将您的申报{name}推荐至主管部门。"
        next_step = "请等待受理和专家评审结果，届时会再通知您。"
    elif action == "approved":
        title = f"申报{name}已批准，项目编号 {application.number}"
        what = f"您的申报{name}已批准立项，项目编号 {application.number}。{_said(note)}"
        next_step = "项目公布后请按期举办，举办前按规定报备。"
    elif action == "rejected":
        title = f"申报{name}未获批准"
        what = f"您的申报{name}未获批准。{_said(note)}"
        next_step = "可查看意见，下一年度再行申报。"
    else:
        return
    notify(
        application_people(application),
        kind=Kind.APPLICATION,
        title=title,
        what=what,
        next_step=next_step,
        url=reverse("projects:application", args=[application.pk]),
    )


def tell_published(publication, applications: list[Application]) -> None:
    """Each PI of a published project, about their own project only."""
    for application in applications:
        notify(
            application_people(application),
            kind=Kind.PUBLICATION,
            title=f"项目“{application.name}”已公布",
            what=(
                f"您的项目“{application.name}”（编号 {application.number}）已列入"
                f"《{publication.title}》公布。"
            ),
            next_step="请在项目举办中安排期次，并在举办前按规定时限报备。",
            url=reverse("projects:application", args=[application.pk]),
        )
