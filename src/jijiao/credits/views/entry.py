"""Entering credits: an in-unit activity for its attendees, a personal activity (with the
pledge for a late one), a project certificate, and resubmitting a returned row."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from jijiao.common import clock
from jijiao.common.downloads import PDF, download
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.credits import queries
from jijiao.credits.chain import credit_year_pending
from jijiao.credits.documents import PledgeItem
from jijiao.credits.domain import entries as entry_domain
from jijiao.credits.domain.common import Upload
from jijiao.credits.domain.printing import pledge_print
from jijiao.credits.forms import CertificateForm, InUnitForm, PersonalForm, ResubmitForm
from jijiao.credits.views.common import own_person, uploads, visible_person
from jijiao.orgs import roles
from jijiao.orgs.models import Person, Role, Unit


def _entry_unit(request) -> Unit:
    """The unit an admin enters for: their administered unit, else their department's unit."""
    unit_ids = roles.role_unit_ids(request.user, Role.UNIT_ADMIN)
    departments = roles.role_department_ids(request.user, Role.DEPARTMENT_ADMIN)
    units = Unit.objects.filter(Q(pk__in=unit_ids) | Q(departments__pk__in=departments))
    wanted = request.GET.get("unit") or request.POST.get("unit")
    if wanted and wanted.isdigit():
        units = units.filter(pk=int(wanted))
    unit = units.distinct().order_by("pk").first()
    if unit is None:
        raise PermissionDenied("只有单位管理员和科室管理员可以录入院内活动")
    return unit


def _entry_people(request, unit: Unit):
    people = Person.objects.filter(unit=unit).select_related("department")
    if unit.pk not in roles.role_unit_ids(request.user, Role.UNIT_ADMIN):
        people = people.filter(
            department_id__in=roles.role_department_ids(request.user, Role.DEPARTMENT_ADMIN)
        )
    return people.order_by("department__name", "name")


@login_required
def in_unit_new(request):
    unit = _entry_unit(request)
    form = InUnitForm(
        request.POST or None, request.FILES or None, people=_entry_people(request, unit)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = entry_domain.credits_enter_in_unit(
                by=request.user,
                unit=unit,
                activity_type=data["activity_type"],
                title=data["title"],
                activity_date=data["activity_date"],
                hours=data["hours"],
                credits=data["credits"],
                attendees=list(data["attendees"]),
                speaker=data["speaker"],
                speaker_credits=data["speaker_credits"],
                proof=Upload.of(data["proof"]),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            late = sum(1 for e in created if e.entry_method == "late_entry")
            note = f"（其中补录 {late} 条）" if late else ""
            messages.success(request, f"已录入 {len(created)} 条学分记录{note}，等待审核。")
            return redirect("credits:home")
    pending = credit_year_pending(unit, clock.today().year)
    return render(
        request, "credits/in_unit_form.html", {"form": form, "unit": unit, "pending": pending}
    )


def _pledge_items(form: PersonalForm) -> list[PledgeItem]:
    data = form.cleaned_data
    details = form.details()
    return [
        PledgeItem(
            activity_type=data["activity_type"],
            title=data["title"],
            start=data["activity_date"],
            end=data.get("end_date"),
            host=str(details.get("host", "")),
            credits=data.get("credits"),
        )
    ]


@login_required
def personal_new(request, person_pk: int | None = None):
    person = own_person(request) if person_pk is None else visible_person(request, person_pk)
    if not request.user.has_perm("credits.enter_personal", person):
        raise PermissionDenied
    form = PersonalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "pledge":
                content = pledge_print(by=request.user, person=person, items=_pledge_items(form))
                return download(content, "逾期补录承诺书.pdf", PDF, inline=False)
            entry = entry_domain.credits_enter_personal(
                by=request.user,
                person=person,
                activity_type=data["activity_type"],
                title=data["title"],
                activity_date=data["activity_date"],
                end_date=data["end_date"],
                hours=data["hours"],
                credits=data["credits"],
                details=form.details(),
                evidence=uploads(data["evidence"]),
                pledge=Upload.of(data["pledge"]),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已提交：{entry.title}，等待审核。")
            return redirect("credits:entry", pk=entry.pk)
    pending = credit_year_pending(person.unit, clock.today().year)
    return render(
        request, "credits/personal_form.html", {"form": form, "person": person, "pending": pending}
    )


@login_required
def certificate_new(request):
    person = own_person(request)
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = entry_domain.credits_enter_certificate(
                by=request.user,
                person=person,
                kind=data["kind"],
                title=data["title"],
                project_number=data["project_number"],
                activity_date=data["activity_date"],
                credits=data["credits"],
                hours=data["hours"],
                certificate=Upload.of(data["certificate"]),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已提交：{entry.title}，等待单位和市继教办审核。")
            return redirect("credits:entry", pk=entry.pk)
    pending = credit_year_pending(person.unit, clock.today().year)
    context = {"form": form, "person": person, "pending": pending}
    return render(request, "credits/certificate_form.html", context)


@login_required
def entry_resubmit(request, pk: int):
    entry = get_object_or_404(queries.entries_for_user(request.user), pk=pk)
    if not request.user.has_perm("credits.resubmit_entry", entry):
        raise PermissionDenied
    initial = {f: getattr(entry, f) for f in ("title", "activity_date", "hours", "credits")}
    form = ResubmitForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {f: data[f] for f in ("title", "activity_date", "hours", "credits")}
        try:
            entry_domain.ledger_entry_resubmit(
                by=request.user,
                entry=entry,
                changes=changes,
                evidence=uploads(data["evidence"]),
                note=data["note"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已修改并重新提交。")
            return redirect("credits:entry", pk=entry.pk)
    return render(request, "credits/resubmit_form.html", {"form": form, "entry": entry})
