from django.contrib.auth.decorators import login_required
from django.db import connection
from django.shortcuts import render

from jijiao.common import clock
from jijiao.common.decorators import permission_required
from jijiao.jobs.todo import FAILED_JOB_DAYS, failed_jobs
from jijiao.orgs.models import Committee, Person, Unit
from jijiao.web.dashboard import cards_for, first_run_for
from jijiao.web.workbench import workbench_for

DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@login_required
def home(request):
    now = clock.now()
    context = {
        "cards": cards_for(request.user),
        "workbench": workbench_for(request.user, now),
        "first_run": first_run_for(request.user),
    }
    return render(request, "web/home.html", context)


def directory(request):
    """Seed 001 附件5, verbatim: the provincial committees and how to reach them. Public."""
    committees = Committee.objects.filter(level="province").order_by("position")
    return render(request, "web/directory.html", {"committees": committees})


@permission_required("orgs.manage_system")
def system(request):
    facts = {
        "数据库": DATABASES.get(connection.vendor, connection.vendor),
        "系统时间": clock.now().strftime("%Y-%m-%d %H:%M:%S") + "（北京时间）",
        "单位数": Unit.objects.count(),
        "人员数": Person.objects.count(),
    }
    return render(
        request,
        "web/system.html",
        {"facts": facts, "failed_jobs": failed_jobs(clock.now()), "days": FAILED_JOB_DAYS},
    )
