"""Records against people that the application rules read: integrity records, execution
misconduct and unexecuted projects, kept by the office for people in its jurisdiction."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.common.decorators import permission_required
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.common.pagination import paginate
from jijiao.orgs.queries import people_search
from jijiao.records.domain import records
from jijiao.records.forms import PersonRecordForm, PersonSearchForm, UnexecutedForm, WithdrawForm
from jijiao.records.models import PastProject
from jijiao.records.queries import person_records_for_user, record_people_for_user


@permission_required("records.view_people")
def people(request):
    """Find a person by name or full ID number within the office's jurisdiction."""
    form = PersonSearchForm(request.GET or None)
    found = None
    if form.is_valid() and form.cleaned_data["q"]:
        found = paginate(
            request, people_search(record_people_for_user(request.user), form.cleaned_data["q"])
        )
    return render(request, "records/people.html", {"form": form, "page": found})


def _person_page(request, person, *, record_form=None, unexecuted_form=None, status=200):
    return render(
        request,
        "records/person.html",
        {
            "person": person,
            "entries": person.records.select_related("recorded_by").order_by("-date"),
            "past": PastProject.objects.filter(leader=person).select_related("unit"),
            "record_form": record_form or PersonRecordForm(),
            "unexecuted_form": unexecuted_form or UnexecutedForm(),
            "withdraw_form": WithdrawForm(),
        },
        status=status,
    )


@permission_required("records.view_people")
def person(request, pk: int):
    return _person_page(request, get_object_or_404(record_people_for_user(request.user), pk=pk))


@require_POST
@permission_required("records.view_people")
def person_record_add(request, pk: int):
    target = get_object_or_404(record_people_for_user(request.user), pk=pk)
    form = PersonRecordForm(request.POST)
    if form.is_valid():
        try:
            entry = records.person_record_add(by=request.user, person=target, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已登记：{entry.get_kind_display()}（{entry.date}）。")
            return redirect("records:person", pk=pk)
    return _person_page(request, target, record_form=form, status=400)


@require_POST
@permission_required("records.view_people")
def unexecuted_add(request, pk: int):
    leader = get_object_or_404(record_people_for_user(request.user), pk=pk)
    form = UnexecutedForm(request.POST)
    if form.is_valid():
        try:
            project = records.unexecuted_record(by=request.user, leader=leader, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已登记未举办项目：{project.year}年 {project.name}。")
            return redirect("records:person", pk=pk)
    return _person_page(request, leader, unexecuted_form=form, status=400)


@require_POST
@permission_required("records.view_people")
def person_record_withdraw(request, pk: int):
    entry = get_object_or_404(person_records_for_user(request.user), pk=pk)
    form = WithdrawForm(request.POST)
    person_pk = entry.person_id
    if not form.is_valid():
        messages.error(request, "请写明撤销原因。")
    else:
        try:
            records.person_record_withdraw(
                by=request.user, entry=entry, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已撤销该记录。")
    return redirect("records:person", pk=person_pk)
