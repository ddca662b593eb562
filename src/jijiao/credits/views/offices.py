"""The offices' and units' pages: credit-year settings (city), the unit's compliance list, its
confirmation and its transcripts' export, a person's annual facts and the annual qualification
proof. (Remote completion lists are the remote app's: ``remote:lists``.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.common import clock
from jijiao.common.confirm import ask, is_confirmed
from jijiao.common.downloads import PDF, download
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.credits.documents import annual_proof_pdf
from jijiao.credits.domain.common import Upload
from jijiao.credits.domain.compliance import annual_facts_set, annual_proof_issue, confirm_refusal
from jijiao.credits.domain.years import credit_year_set
from jijiao.credits.forms import AnnualFactsForm, CreditYearForm
from jijiao.credits.models import AnnualFacts, ComplianceConfirmation, CreditYear
from jijiao.credits.summaries import unit_listing
from jijiao.credits.tasks import task_compliance_confirm, task_unit_transcripts_export
from jijiao.credits.transcript import person_year
from jijiao.credits.views.common import verify_url, visible_person, year_param
from jijiao.jobs.domain import job_submit
from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit
from jijiao.orgs.views.common import admin_unit
from jijiao.policy.access import pack_ids_for_area, pack_title


@login_required
def credit_years(request):
    office = Unit.objects.filter(pk__in=roles.role_unit_ids(request.user, Role.CITY_OFFICE)).first()
    if office is None:
        raise PermissionDenied("只有市继教办可以设置学分年度")
    year = clock.today().year
    current = CreditYear.objects.filter(office=office, year=year).first()
    pack_ids = pack_ids_for_area(office.division_id, current=current and current.policy_id)
    form = CreditYearForm(
        request.POST or None,
        pack_ids=pack_ids,
        initial={
            "year": year,
            "policy_id": current.policy_id if current else (pack_ids[0] if pack_ids else ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            setting = credit_year_set(by=request.user, office=office, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            title = pack_title(setting.policy_id)
            messages.success(request, f"已设置 {setting.year} 年度的学分政策包：{title}。")
            return redirect("home" if request.POST.get("next") == "/" else "credits:years")
    years = CreditYear.objects.filter(office=office).select_related("set_by")
    return render(request, "credits/years.html", {"form": form, "office": office, "years": years})


@login_required
def compliance(request):
    unit = admin_unit(request)
    year = year_param(request, clock.today().year - 1)
    listing = unit_listing(unit, year, page=request.GET.get("page"))
    counts = {s: listing.count(s) for s in ("compliant", "noncompliant", "exempt")}
    refusal = confirm_refusal(unit, year)
    if request.method == "POST" and refusal:
        messages.error(request, f"不能确认：{refusal}")
        return redirect(reverse("credits:compliance") + f"?year={year}")
    if request.method == "POST" and not is_confirmed(request):
        return ask(
            request,
            title=f"确认 {year} 年度达标名单",
            consequence=(
                f"将确认 {unit.name} {year} 年度名单：达标 {counts['compliant']} 人、"
                f"不达标 {counts['noncompliant']} 人、不计达标 {counts['exempt']} 人；"
                "确认后名单报送上级，据以出具年度合格证明。"
            ),
            details=[f"共 {sum(counts.values())} 人"],
            back=reverse("credits:compliance") + f"?year={year}",
        )
    if request.method == "POST":
        job = job_submit(
            kind="compliance_recompute",
            task=task_compliance_confirm,
            by=request.user,
            organisation=unit,
            permission="credits.confirm_compliance",
            params={"year": year, "again": reverse("credits:compliance") + f"?year={year}"},
        )
        return redirect("jobs:detail", pk=job.pk)
    confirmed = (
        ComplianceConfirmation.objects.filter(unit=unit, year=year)
        .order_by("-confirmed_at")
        .first()
    )
    return render(
        request,
        "credits/compliance.html",
        {
            "unit": unit,
            "year": year,
            "listing": listing,
            "page": listing.page,
            "counts": counts,
            "confirmed": confirmed,
            "refusal": refusal,
        },
    )


@require_POST
@login_required
def unit_transcripts_export(request):
    """The unit's transcripts for the year (汇总 and 明细) as Excel, made by a background job."""
    unit = admin_unit(request)
    year = year_param(request, clock.today().year - 1)
    job = job_submit(
        kind="transcripts_export",
        task=task_unit_transcripts_export,
        by=request.user,
        organisation=unit,
        permission="credits.export_unit_transcripts",
        params={"year": year, "again": reverse("credits:compliance") + f"?year={year}"},
    )
    return redirect("jobs:detail", pk=job.pk)


@login_required
def compliance_rates(request):
    """The units' compliance rates moved into the overview (统计概览), which draws them and opens
    each unit down to its people; the old address leads there, the year kept."""
    query = request.GET.urlencode()
    return redirect(reverse("overview:home") + (f"?{query}" if query else "") + "#compliance")


@login_required
def annual_facts(request, pk: int, year: int):
    person = visible_person(request, pk)
    if not request.user.has_perm("credits.set_annual_facts", person):
        raise PermissionDenied
    current = AnnualFacts.objects.filter(person=person, year=year).first()
    initial = (
        {
            "exemption": current.exemption,
            "reason": current.exemption_reason,
            "public_subject_hours": current.public_subject_hours,
        }
        if current
        else {}
    )
    form = AnnualFactsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            annual_facts_set(
                by=request.user,
                person=person,
                year=year,
                exemption=data["exemption"],
                reason=data["reason"],
                evidence=Upload.of(data["evidence"]),
                public_subject_hours=data["public_subject_hours"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect(reverse("credits:person", args=[person.pk]) + f"?year={year}")
    return render(
        request, "credits/annual_facts.html", {"form": form, "person": person, "year": year}
    )


@login_required
def annual_proof(request, pk: int, year: int):
    person = visible_person(request, pk)
    try:
        certificate = annual_proof_issue(by=request.user, person=person, year=year)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(reverse("credits:person", args=[person.pk]) + f"?year={year}")
    content = annual_proof_pdf(
        certificate,
        standing=person_year(person, year),
        verify_url=verify_url(request, certificate.code),
    )
    return download(content, f"{person.name}{year}年度学分达标证明.pdf", PDF)
