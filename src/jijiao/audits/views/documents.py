"""The case's documents: the registration form (附件1), the per-year credit lists, the
late-entry pledge (附件2)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect

from jijiao.audits.domain.printing import case_form_print, case_pledge_print, case_year_lists
from jijiao.audits.queries import cases_for_user
from jijiao.audits.views.common import download
from jijiao.common.errors import DomainError


@login_required
def form_pdf(request, pk: int):
    case = get_object_or_404(cases_for_user(request.user), pk=pk)
    content = case_form_print(by=request.user, case=case)
    return download(content, f"学分登记汇总表-{case.person.name}-{case.campaign.year}.pdf")


@login_required
def year_lists_pdf(request, pk: int, year: int | None = None):
    case = get_object_or_404(cases_for_user(request.user), pk=pk)
    try:
        content = case_year_lists(by=request.user, case=case, year=year)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("audits:case", pk=case.pk)
    suffix = f"{year}年度" if year else "各年度"
    return download(content, f"学分汇总清单-{case.person.name}-{suffix}.pdf")


@login_required
def pledge_pdf(request, pk: int):
    case = get_object_or_404(cases_for_user(request.user), pk=pk)
    try:
        content = case_pledge_print(by=request.user, case=case)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("audits:case", pk=case.pk)
    return download(content, f"补录承诺书-{case.person.name}.pdf")
