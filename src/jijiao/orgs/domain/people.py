"""People: create, update, reveal the ID number, transfer out and in, self-registration."""

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock, idnumbers, uploads
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.orgs.area_rules import area_table, cited
from jijiao.orgs.domain.accounts import _grant
from jijiao.orgs.models import (
    Account,
    Department,
    Employment,
    Person,
    Role,
    RoleAssignment,
    Transfer,
    TransferProof,
    Unit,
)
from jijiao.orgs.queries import pending_transfer_for, person_by_id_number

PERSON_FIELDS = (
    "name",
    "phone",
    "education",
    "graduation_date",
    "graduation_school",
    "graduation_major",
    "title_series",
    "title_level",
    "title_name",
    "title_date",
    "job_type",
    "specialty",
    "is_health_professional",
    "employment_status",
)

# ``person_update`` leaves the department alone unless it is given (``None`` clears it).
UNCHANGED = object()


def _snapshot(person: Person) -> dict:
    data = {field: getattr(person, field) for field in PERSON_FIELDS}
    data["unit"] = person.unit_id
    data["department"] = person.department_id
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def _check_department(unit: Unit | None, department: Department | None) -> None:
    if department is not None and (unit is None or department.unit_id != unit.pk):
        raise DomainError(f"科室“{department}”不属于该单位", field="department")


def person_build(*, id_number: str, unit: Unit | None, department=None, **fields) -> Person:
    """A validated, unsaved person (shared by single creation and the Excel import)."""
    try:
        facts = idnumbers.parse(id_number)
    except idnumbers.InvalidIdNumber as error:
        raise DomainError(str(error), field="id_number") from None
    if person_by_id_number(facts.number) is not None:
        raise DomainError(
            f"身份证号 {idnumbers.mask(facts.number)} 的人员已在系统中，请通过“调入”办理",
            field="id_number",
        )
    if not (fields.get("name") or "").strip():
        raise DomainError("姓名不能为空", field="name")
    _check_department(unit, department)
    person = Person(unit=unit, department=department, **fields)
    person.set_id_number(facts.number)
    return person


@transaction.atomic
def person_create(*, by, unit: Unit, id_number: str, department=None, **fields) -> Person:
    """Add a person to a unit's staff.

    Side effects: a Person row, an open Employment at the unit, an audit entry
    ``person.created`` (masked ID number only).
    """
    require(by, "orgs.add_person_to_unit", unit)
    person = person_build(id_number=id_number, unit=unit, department=department, **fields)
    person.save()
    Employment.objects.create(person=person, unit=unit, started_on=clock.today())
    record("person.created", actor=by, obj=person, data={"after": _snapshot(person)})
    return person


@transaction.atomic
def person_update(*, by, person: Person, department=UNCHANGED, **fields) -> Person:
    """Change a person's details (not the ID number, not the unit: those have their own steps).
    ``department=None`` takes the person out of their department.

    Side effects: the Person row, an audit entry ``person.updated`` with before/after.
    """
    require(by, "orgs.change_person", person)
    before = _snapshot(person)
    for field, value in fields.items():
        if field not in PERSON_FIELDS:
            raise DomainError(f"字段 {field} 不能在此修改")
        setattr(person, field, value)
    if department is not UNCHANGED:
        _check_department(person.unit, department)
        person.department = department
    person.save()
    record(
        "person.updated", actor=by, obj=person, data={"before": before, "after": _snapshot(person)}
    )
    return person


def person_reveal_id_number(*, by, person: Person, purpose: str) -> str:
    """The full ID number, for a form that prints it. Side effect: audit ``person.id_revealed``."""
    require(by, "orgs.reveal_id_number", person)
    record("person.id_revealed", actor=by, obj=person, data={"purpose": purpose})
    return person.reveal_id_number()


@transaction.atomic
def person_transfer_out(*, by, person: Person, reason: str = "") -> Transfer:
    """The old unit releases a person (调出). The person belongs to no unit until taken in.

    Side effects: a Transfer in state ``released``; the person's unit and department cleared and
    status ``in_transfer``; the open Employment ended; the roles their account held at the unit
    ended; audit ``person.transferred_out``.
    """
    released = pending_transfer_for(person)
    if released is not None:  # before the permission: nobody administers a released person
        raise DomainError(
            f"{person.name} 的调动{released.get_state_display()}"
            f"（调出单位：{released.from_unit}），不能再次调出"
        )
    require(by, "orgs.transfer_out", person)
    return _release(by=by, person=person, reason=reason, forced=False)


def _release(*, by, person: Person, reason: str, forced: bool) -> Transfer:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.unit_id is None:
        raise DomainError(f"{person.name} 当前不属于任何单位，无法调出")
    now = clock.now()
    transfer = Transfer.objects.create(
        person=person,
        from_unit=person.unit,
        state=Transfer.State.RELEASED,
        reason=reason,
        forced=forced,
        released_at=now,
        released_by=by,
    )
    Employment.objects.filter(person=person, ended_on__isnull=True).update(ended_on=now.date())
    from_unit = person.unit
    roles_ended = _end_roles_at(person, from_unit)
    person.unit = None
    person.department = None
    person.employment_status = Person.Employment.IN_TRANSFER
    person.save(update_fields=["unit", "department", "employment_status"])
    record(
        "person.transferred_out",
        actor=by,
        obj=person,
        data={
            "from_unit": from_unit.name,
            "reason": reason,
            "forced": forced,
            "roles_ended": roles_ended,
        },
    )
    return transfer


def _end_roles_at(person: Person, unit: Unit) -> list[str]:
    """Whoever leaves a unit leaves the roles they held there: a department admin or applicant
    must not keep seeing or acting for the old unit's people. Kept inactive for the record."""
    assignments = RoleAssignment.objects.filter(account__person=person, unit=unit, active=True)
    ended = sorted({a.role for a in assignments})
    assignments.update(active=False)
    return ended


@transaction.atomic
def person_transfer_in(*, by, unit: Unit, id_number: str, department=None) -> Person:
    """The new unit takes a released person in by ID number (调入).

    Side effects: the Transfer completed; the person's unit, department and status set; a new
    Employment; the trainee role at the new unit for a person with an account; audit
    ``person.transferred_in``.
    """
    require(by, "orgs.transfer_in", unit)
    person = person_by_id_number(id_number)
    if person is None:
        raise DomainError("系统中没有该身份证号的人员；新人员请使用“新增人员”", field="id_number")
    person = Person.objects.select_for_update().get(pk=person.pk)
    transfer = pending_transfer_for(person)
    if person.unit_id is not None:
        raise DomainError(
            f"{person.name} 仍在 {person.unit} 任职，须由原单位先办理调出", field="id_number"
        )
    _check_department(unit, department)
    now = clock.now()
    if transfer is not None:
        transfer.to_unit = unit
        transition(transfer, Transfer.State.COMPLETED)
        transfer.completed_at = now
        transfer.completed_by = by
        transfer.save(update_fields=["to_unit", "state", "completed_at", "completed_by"])
    person.unit = unit
    person.department = department
    person.employment_status = Person.Employment.ACTIVE
    person.confirmed_by_unit = True
    person.save(update_fields=["unit", "department", "employment_status", "confirmed_by_unit"])
    Employment.objects.create(person=person, unit=unit, started_on=now.date())
    account = Account.objects.filter(person=person).first()
    if account is not None:
        _grant(account, Role.TRAINEE, unit, None, by)
    record(
        "person.transferred_in",
        actor=by,
        obj=person,
        data={"to_unit": unit.name, "from_unit": transfer.from_unit.name if transfer else None},
    )
    return person


@transaction.atomic
def person_transfer_force(
    *, by, person: Person, reason: str, proofs: dict | None = None
) -> Transfer:
    """The city office releases a person from a deregistered unit nobody manages any more
    (seed 003 第十八条), on the certificates the city's pack asks for
    (``transfers.forced_proofs``: the deregistration certificate from the closed unit's
    licensing office, the intake certificate from the new unit), each checked by content and
    size and kept with the transfer.

    Side effects as :func:`person_transfer_out`, marked ``forced``; the TransferProof rows;
    audit ``person.transfer_proofs_kept`` with their names and digests.
    """
    if person.unit is None:
        raise DomainError(f"{person.name} 当前不属于任何单位")
    require(by, "orgs.force_transfer", person.unit)
    if not reason.strip():
        raise DomainError("强制调出须填写原因", field="reason")
    rules = area_table(person.unit.division_id, "transfers")
    proofs = {kind: upload for kind, upload in (proofs or {}).items() if upload}
    if set(proofs) - set(TransferProof.Kind.values):
        raise DomainError("未知的证明类型")
    missing = [
        TransferProof.Kind(k).label for k in rules.get("forced_proofs", ()) if k not in proofs
    ]
    if missing:
        raise DomainError(f"请上传{'、'.join(missing)}{cited(rules)}", field="proofs")
    checked = {k: uploads.accept(u, uploads.DOCUMENT, field=k) for k, u in proofs.items()}
    transfer = _release(by=by, person=person, reason=reason, forced=True)
    kept = []
    for kind, upload in proofs.items():
        accepted = checked[kind]
        proof = TransferProof(
            transfer=transfer,
            kind=kind,
            name=accepted.name,
            content_type=accepted.content_type,
            size=accepted.size,
            sha256=accepted.sha256,
        )
        upload.seek(0)
        proof.file.save(uploads.storage_name(accepted, prefix=f"transfer{transfer.pk}"), upload)
        kept.append({"kind": kind, "name": accepted.name, "sha256": accepted.sha256})
    if kept:
        record("person.transfer_proofs_kept", actor=by, obj=person, data={"proofs": kept})
    return transfer


@transaction.atomic
def person_self_register(
    *,
    id_number: str,
    name: str,
    phone: str,
    unit_name: str,
    province: str,
    title_level: str = "",
    specialty: str = "",
    unit: Unit | None = None,
) -> Person:
    """A trainee from elsewhere registers themselves (domain.md §3).

    When their unit is in the system they are attached to it unconfirmed, and the unit confirms
    them; otherwise they keep the declared unit name and province. Side effects: a Person, audit
    ``person.self_registered``.
    """
    if not province.strip():
        raise DomainError("请填写所在省份", field="province")
    if unit is None and not unit_name.strip():
        raise DomainError("请填写工作单位", field="unit_name")
    person = person_build(
        id_number=id_number,
        unit=unit,
        name=name,
        phone=phone,
        title_level=title_level,
        specialty=specialty,
    )
    person.declared_unit_name = unit.name if unit else unit_name.strip()
    person.declared_province = province.strip()
    person.self_registered = True
    person.confirmed_by_unit = False
    person.save()
    if unit is not None:
        Employment.objects.create(person=person, unit=unit, started_on=clock.today())
    record("person.self_registered", obj=person, data={"unit": person.declared_unit_name})
    return person


@transaction.atomic
def person_confirm(*, by, person: Person) -> Person:
    """The unit confirms a self-registered trainee. Side effect: audit ``person.confirmed``."""
    require(by, "orgs.confirm_trainee", person)
    person.confirmed_by_unit = True
    person.save(update_fields=["confirmed_by_unit"])
    record("person.confirmed", actor=by, obj=person)
    return person
