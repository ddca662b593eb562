"""The city office's CSV import of ledger rows: stored, then run as a background job."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from jijiao.credits.forms import LedgerImportForm
from jijiao.credits.import_csv import HEADERS
from jijiao.credits.tasks import task_ledger_import
from jijiao.jobs.domain import job_submit
from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit


@login_required
def ledger_import(request):
    office = Unit.objects.filter(pk__in=roles.role_unit_ids(request.user, Role.CITY_OFFICE)).first()
    if office is None or not request.user.has_perm("credits.import_ledger", office):
        raise PermissionDenied("只有市继教办可以导入学分记录")
    form = LedgerImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_submit(
            kind="ledger_import",
            task=task_ledger_import,
            by=request.user,
            organisation=office,
            permission="credits.import_ledger",
            params={"source": form.cleaned_data["source"], "again": reverse("credits:import")},
            upload=form.cleaned_data["file"],
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(
        request, "credits/ledger_import.html", {"form": form, "office": office, "headers": HEADERS}
    )
