"""Units: departments, licence status, deregistration, account applications and renames."""

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock, idnumbers
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.orgs.domain import application_rules
from jijiao.orgs.domain.accounts import _grant, _new_account, tell_opened, temporary_password
from jijiao.orgs.models import (
    Account,
    Department,
    Division,
    Role,
    Unit,
    UnitAccountApplication,
    UnitRenameRequest,
)


@transaction.atomic
def department_create(*, by, unit: Unit, name: str) -> Department:
    """Add a department to a unit. Side effect: audit ``department.created``."""
    require(by, "orgs.manage_departments", unit)
    name = name.strip()
    if not name:
        raise DomainError("科室名称不能为空", field="name")
    if unit.departments.filter(name=name).exists():
        raise DomainError(f"科室“{name}”已存在", field="name")
    department = Department.objects.create(unit=unit, name=name)
    record("department.created", actor=by, obj=department, data={"unit": unit.name})
    return department


@transaction.atomic
def unit_set_licence_status(*, by, unit: Unit, status: str, reason: str) -> Unit:
    """Record a licence change (暂缓校验, 吊销, 校验不合格 …); only ``valid`` units may host
    projects (seed 001). Side effect: audit ``unit.licence_changed`` with before/after."""
    require(by, "orgs.edit_unit", unit)
    if status not in Unit.Licence.values:
        raise DomainError("执业状态无效", field="status")
    before = unit.licence_status
    unit.licence_status = status
    unit.save(update_fields=["licence_status"])
    record(
        "unit.licence_changed",
        actor=by,
        obj=unit,
        data={"before": before, "after": status, "reason": reason},
    )
    return unit


@transaction.atomic
def unit_set_category(*, by, unit: Unit, category: str) -> Unit:
    """Record where a unit stands (城区、郊区、县、乡镇): packs may give different values by it
    (``unit.category``). Side effect: audit ``unit.category_changed`` with before/after."""
    require(by, "orgs.edit_unit", unit)
    if category not in Unit.Category.values and category != "":
        raise DomainError("单位类别无效", field="category")
    before = unit.category
    unit.category = category
    unit.save(update_fields=["category"])
    record(
        "unit.category_changed",
        actor=by,
        obj=unit,
        data={"before": before, "after": category},
    )
    return unit


@transaction.atomic
def unit_deregister(*, by, unit: Unit, reason: str) -> Unit:
    """Deregister a unit — only once everyone has been transferred out (seed 003 第十九条).

    Side effects: licence status ``deregistered``, audit ``unit.deregistered``."""
    require(by, "orgs.deregister_unit", unit)
    left = unit.people.count()
    if left:
        raise DomainError(f"{unit.name} 仍有 {left} 名人员，须全部调出后才能注销")
    before = unit.licence_status
    unit.licence_status = Unit.Licence.DEREGISTERED
    unit.save(update_fields=["licence_status"])
    record(
        "unit.deregistered",
        actor=by,
        obj=unit,
        data={"before": before, "reason": reason},
    )
    return unit


@transaction.atomic
def unit_account_application_submit(
    *,
    unit_name: str,
    unit_kind: str,
    division: Division,
    licence_number: str,
    licensed_by_district: bool,
    legal_representative: str,
    agent_name: str,
    agent_phone: str,
    agent_id_number: str,
    scans: dict | None = None,
) -> UnitAccountApplication:
    """A unit applies for an admin account (seed 003 附件3), with the scans its city's pack
    asks for (``unit_accounts.scans``, 第十四条: the stamped 附件3 and licence, the legal
    representative's and the agent's ID cards), each checked by content and size; sent after
    the pack's monthly cut-off (the 25th) it is taken up the next month (``handled_from``).

    Side effects: the application, its scans stored, audit
    ``unit_account_application.submitted`` with the scans' names and digests.
    """
    try:
        facts = idnumbers.parse(agent_id_number)
    except idnumbers.InvalidIdNumber as error:
        raise DomainError(f"经办人{error}", field="agent_id_number") from None
    if Unit.objects.filter(name=unit_name.strip()).exists():
        raise DomainError(f"{unit_name} 已有账号；如遗失密码请申请重置", field="unit_name")
    rules = application_rules.rules_for(division.pk)
    accepted = application_rules.accepted_scans(rules, scans or {})
    application = UnitAccountApplication.objects.create(
        unit_name=unit_name.strip(),
        unit_kind=unit_kind,
        division=division,
        licence_number=licence_number,
        licensed_by_district=licensed_by_district,
        legal_representative=legal_representative,
        agent_name=agent_name,
        agent_phone=agent_phone,
        agent_id_masked=idnumbers.mask(facts.number),
        agent_id_encrypted=idnumbers.encrypt(facts.number),
        state=UnitAccountApplication.State.SUBMITTED,
        submitted_at=clock.now(),
        handled_from=application_rules.handled_from(rules, clock.today()),
    )
    kept = application_rules.store_scans(application, accepted)
    record("unit_account_application.submitted", obj=application, data={"scans": kept})
    return application


@transaction.atomic
def unit_account_application_forward(*, by, application: UnitAccountApplication) -> None:
    """A district office forwards a district-licensed unit's application (第十五条)."""
    require(by, "orgs.forward_unit_account_application", application)
    if application.state != UnitAccountApplication.State.SUBMITTED:
        raise DomainError(f"该申请{application.get_state_display()}，不能再转报")
    transition(application, UnitAccountApplication.State.FORWARDED)
    application.save(update_fields=["state"])
    record("unit_account_application.forwarded", actor=by, obj=application)


@transaction.atomic
def unit_account_application_approve(
    *, by, application: UnitAccountApplication, supervisor: Unit, username: str
) -> tuple[Unit, Account, str]:
    """The city office opens the unit and its admin account: a remote education provider's
    account gets the provider role (远程教育机构管理员: its registration, courses and completion
    lists), any other unit's the unit-admin role.

    District-licensed units must come through the district office first; one sent after the
    pack's monthly cut-off waits for its month (第十四条). Returns the unit, the
    admin account and its temporary password. Side effects: Unit, Account, the role,
    application approved, audit ``unit_account_application.approved``, the account's first
    message.
    """
    require(by, "orgs.decide_unit_account_application", application)
    state = UnitAccountApplication.State
    if application.state not in (state.SUBMITTED, state.FORWARDED):
        raise DomainError(f"该申请{application.get_state_display()}，不能再办理")
    if application.licensed_by_district and application.state != state.FORWARDED:
        raise DomainError("区县发证的单位须经区县卫健局转报后办理（第十五条）")
    if (early := application_rules.too_early(application)) is not None:
        raise DomainError(early)
    unit = Unit.objects.create(
        name=application.unit_name,
        kind=application.unit_kind,
        division=application.division,
        supervisor=supervisor,
    )
    password = temporary_password()
    account = _new_account(
        username=username, password=password, person=None, display_name=f"{unit.name}管理员"
    )
    account.must_change_password = True
    account.save(update_fields=["must_change_password"])
    role = Role.PROVIDER if unit.kind == Unit.Kind.REMOTE_PROVIDER else Role.UNIT_ADMIN
    _grant(account, role, unit, None, by)
    transition(application, state.APPROVED)
    application.decided_at = clock.now()
    application.unit = unit
    application.admin_account = account
    application.save()
    record(
        "unit_account_application.approved",
        actor=by,
        obj=application,
        data={"unit": unit.name, "username": username, "role": role},
    )
    tell_opened(account, role=role, unit=unit, by=by)
    return unit, account, password


@transaction.atomic
def unit_account_application_reject(*, by, application: UnitAccountApplication, note: str):
    """Return an application with the reason. Side effect: audit."""
    require(by, "orgs.decide_unit_account_application", application)
    if not note.strip():
        raise DomainError("退回须填写原因", field="note")
    transition(application, UnitAccountApplication.State.REJECTED)
    application.decided_at = clock.now()
    application.decision_note = note
    application.save()
    record("unit_account_application.rejected", actor=by, obj=application, data={"note": note})


@transaction.atomic
def unit_rename_request(*, by, unit: Unit, new_name: str, reason: str) -> UnitRenameRequest:
    """A unit asks to be renamed (seed 003 附件4). Side effect: audit."""
    require(by, "orgs.request_unit_rename", unit)
    new_name = new_name.strip()
    if not new_name or new_name == unit.name:
        raise DomainError("请填写新的单位名称", field="new_name")
    if Unit.objects.filter(name=new_name).exists():
        raise DomainError(f"已有名为“{new_name}”的单位", field="new_name")
    request = UnitRenameRequest.objects.create(
        unit=unit,
        old_name=unit.name,
        new_name=new_name,
        reason=reason,
        state=UnitRenameRequest.State.SUBMITTED,
        submitted_at=clock.now(),
        submitted_by=by,
    )
    record("unit.rename_requested", actor=by, obj=unit, data={"new_name": new_name})
    return request


@transaction.atomic
def unit_rename_approve(*, by, request: UnitRenameRequest) -> Unit:
    """The city office renames the unit. Side effects: the unit's name, audit with before/after."""
    unit = request.unit
    require(by, "orgs.rename_unit", unit)
    if request.state != UnitRenameRequest.State.SUBMITTED:
        raise DomainError(f"该更名申请{request.get_state_display()}，不能再办理")
    if Unit.objects.filter(name=request.new_name).exclude(pk=unit.pk).exists():
        raise DomainError(f"已有名为“{request.new_name}”的单位")
    unit.name = request.new_name
    unit.save(update_fields=["name"])
    transition(request, UnitRenameRequest.State.APPROVED)
    request.decided_at = clock.now()
    request.decided_by = by
    request.save()
    record(
        "unit.renamed",
        actor=by,
        obj=unit,
        data={"before": request.old_name, "after": request.new_name},
    )
    return unit
