"""Transfers: out from the old unit, in at the new one by ID number, forced by the city office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jijiao.common.downloads import download_file
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.common.pagination import paginate
from jijiao.orgs.area_rules import area_table
from jijiao.orgs.domain import people
from jijiao.orgs.forms import ForceTransferForm, TransferInForm, TransferOutForm
from jijiao.orgs.models import TransferProof
from jijiao.orgs.queries import people_for_user, transfers_for_user
from jijiao.orgs.views.common import admin_unit, admin_unit_or_none


@login_required
def transfer_list(request):
    transfers = transfers_for_user(request.user)
    if state := request.GET.get("state"):
        transfers = transfers.filter(state=state)
    unit = admin_unit_or_none(request)
    form = TransferInForm(unit=unit) if unit else None
    return render(
        request,
        "orgs/transfer_list.html",
        {"page": paginate(request, transfers), "form": form, "unit": unit},
    )


@require_POST
@login_required
def transfer_out(request, pk: int):
    person = get_object_or_404(people_for_user(request.user), pk=pk)
    form = TransferOutForm(request.POST)
    form.is_valid()
    try:
        people.person_transfer_out(
            by=request.user, person=person, reason=form.cleaned_data.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("orgs:person", pk=pk)
    messages.success(request, f"{person.name} 已调出，等待新单位凭身份证号调入。")
    return redirect("orgs:transfers")


@login_required
def transfer_in(request):
    unit = admin_unit(request)
    form = TransferInForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            person = people.person_transfer_in(
                by=request.user,
                unit=unit,
                id_number=form.cleaned_data["id_number"],
                department=form.cleaned_data["department"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"{person.name} 已调入{unit.name}。")
            return redirect("orgs:person", pk=person.pk)
    return render(request, "orgs/transfer_in.html", {"form": form, "unit": unit})


@login_required
def transfer_force(request, pk: int):
    person = get_object_or_404(people_for_user(request.user), pk=pk)
    if person.unit is None or not request.user.has_perm("orgs.force_transfer", person.unit):
        raise PermissionDenied
    unit_id = person.unit_id
    form = ForceTransferForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        proofs = {kind: data.get(kind) for kind in ("deregistration", "intake")}
        try:
            people.person_transfer_force(
                by=request.user, person=person, reason=data["reason"], proofs=proofs
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"{person.name} 已由市继教办强制调出。")
            return redirect("orgs:unit", pk=unit_id)
    rules = area_table(person.unit.division_id, "transfers")
    needed = [TransferProof.Kind(k).label for k in rules.get("forced_proofs", ())]
    context = {"form": form, "person": person, "rules": rules, "needed": needed}
    return render(request, "orgs/transfer_force.html", context)


@login_required
def transfer_proof(request, pk: int, proof_pk: int):
    """A certificate a forced transfer was done on, for those who see the transfer."""
    transfer = get_object_or_404(transfers_for_user(request.user), pk=pk)
    proof = get_object_or_404(transfer.proofs, pk=proof_pk)
    return download_file(proof.file.open("rb"), proof.name, proof.content_type)
