"""Reading the ledger: the credits home, a person's transcript by year with its Excel export,
one row with its evidence and trail, files, void decisions' documents and certificates."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from jijiao.common import clock
from jijiao.common.documents.excel import XLSX
from jijiao.common.downloads import PDF, download, download_file, stored_type
from jijiao.common.replica import reporting_view
from jijiao.credits import queries
from jijiao.credits.chain import credit_year_pending
from jijiao.credits.documents import certificate_pdf
from jijiao.credits.domain.approval import is_locked
from jijiao.credits.domain.details import details_display
from jijiao.credits.exports import transcript_xlsx
from jijiao.credits.forms import CorrectForm, ReasonForm
from jijiao.credits.models import Certificate, Evidence, VoidDecision
from jijiao.credits.transcript import person_year, person_years
from jijiao.credits.views.common import own_person, verify_url, visible_person, year_param
from jijiao.orgs import roles
from jijiao.orgs.models import Role


def _pending_year(user) -> str:
    """Why credits cannot be entered yet, for whoever would enter them (their own, their
    unit's); empty when they can."""
    unit = user.person.unit if user.person_id else None
    if unit is None:
        units = roles.role_units(user, Role.UNIT_ADMIN, Role.DEPARTMENT_ADMIN, Role.CITY_OFFICE)
        unit = next(iter(units), None)
    return credit_year_pending(unit, clock.today().year) if unit is not None else ""


@login_required
def home(request):
    user = request.user
    held = {a.role for a in roles.active_roles(user)}
    context = {
        "queue": queries.review_queue_for_user(user).count(),
        "returned": queries.returned_for_user(user).count(),
        "is_unit_admin": Role.UNIT_ADMIN in held,
        "can_enter_in_unit": bool(held & {Role.UNIT_ADMIN, Role.DEPARTMENT_ADMIN}),
        "is_city": Role.CITY_OFFICE in held,
        "is_office": bool(roles.office_ids(user)),
        "is_provider": Role.PROVIDER in held,
        "reviews": bool(held & {Role.UNIT_ADMIN, Role.COUNTY_OFFICE, Role.CITY_OFFICE}),
        "returned_rows": queries.returned_for_user(user)[:20],
        "pending": _pending_year(user),
    }
    return render(request, "credits/home.html", context)


@login_required
def my_transcript(request):
    return redirect("credits:person", pk=own_person(request).pk)


@login_required
def person_transcript(request, pk: int):
    person = visible_person(request, pk)
    years = person_years(person)
    year = year_param(request, years[0] if years else clock.today().year)
    transcript = person_year(person, year)
    return render(
        request,
        "credits/transcript.html",
        {
            "person": person,
            "years": years,
            "year": year,
            "t": transcript,
            "is_self": request.user.person_id == person.pk,
            "can_void": request.user.has_perm("credits.void_year", person),
            "can_set_facts": request.user.has_perm("credits.set_annual_facts", person),
            "can_print_proof": request.user.has_perm("credits.print_annual_proof", person),
        },
    )


@login_required
@reporting_view
def transcript_export(request, pk: int):
    person = visible_person(request, pk)
    rows = person.credit_entries.select_related("person").order_by("year", "activity_date", "id")
    title = f"{person.name}学分明细"
    if request.GET.get("year", "").isdigit():
        rows = rows.filter(year=int(request.GET["year"]))
        title = f"{person.name}{request.GET['year']}年度学分明细"
    return download(transcript_xlsx(title, rows), f"{title}.xlsx", XLSX)


@login_required
def entry_detail(request, pk: int):
    entry = get_object_or_404(queries.entries_for_user(request.user), pk=pk)
    user = request.user
    reviewable = entry.pending and entry.valid and user.has_perm("credits.review_entry", entry)
    return render(
        request,
        "credits/entry_detail.html",
        {
            "entry": entry,
            "steps": entry.steps.select_related("office").all(),
            "evidence": entry.evidence.all(),
            "details": details_display(entry.details),
            "certificate": Certificate.objects.filter(entry=entry).first(),
            "can_review": reviewable,
            "can_resubmit": entry.status == "returned"
            and user.has_perm("credits.resubmit_entry", entry),
            "can_correct": entry.valid and user.has_perm("credits.correct_entry", entry),
            "can_void": entry.valid and user.has_perm("credits.void_entry", entry),
            "locked": is_locked(entry) if entry.chain else False,
            "reason_form": ReasonForm(),
            "correct_form": CorrectForm(initial={"hours": entry.hours, "credits": entry.credits}),
        },
    )


@login_required
def evidence_file(request, pk: int):
    evidence = get_object_or_404(Evidence, pk=pk)
    if not queries.entries_for_user(request.user).filter(pk=evidence.entry_id).exists():
        raise Http404
    return download_file(
        evidence.file.open("rb"), evidence.name, stored_type(evidence.file.name), inline=False
    )


@login_required
def decision_document(request, pk: int):
    """A void decision's document, for whoever sees one of the rows it voided — the city that
    approved a row another city's decision voided included."""
    decision = get_object_or_404(VoidDecision, pk=pk)
    if not queries.entries_for_user(request.user).filter(void_decision=decision).exists():
        raise Http404
    return download_file(
        decision.document.open("rb"),
        decision.document_name,
        stored_type(decision.document.name),
        inline=False,
    )


@login_required
def certificate_file(request, code: str):
    certificate = queries.certificate_by_code(code)
    if certificate is None or certificate.entry_id is None:
        raise Http404
    if not queries.entries_for_user(request.user).filter(pk=certificate.entry_id).exists():
        raise Http404
    content = certificate_pdf(certificate, verify_url=verify_url(request, certificate.code))
    name = f"{certificate.get_kind_display()}-{certificate.code[:8]}.pdf"
    return download(content, name, PDF)
