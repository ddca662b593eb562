"""Accounts: login with lockout, creation by the unit admin, passwords, roles, API tokens."""

import datetime as dt
import math
import secrets
import string

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from jijiao.audit_log.log import record
from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError, require
from jijiao.notifications.domain.messages import notify
from jijiao.notifications.kinds import Kind
from jijiao.orgs import roles, tokens
from jijiao.orgs.area_rules import area_table, cited
from jijiao.orgs.auth import address_throttled
from jijiao.orgs.models import (
    Account,
    ApiToken,
    LoginFailure,
    PasswordReset,
    Person,
    Role,
    RoleAssignment,
    Unit,
)

# Roles a unit admin may hand out inside their own unit (seed 000 附件1: 申报人、科室管理员账号).
UNIT_GRANTABLE_ROLES = {Role.APPLICANT, Role.DEPARTMENT_ADMIN, Role.TRAINEE}


class LoginRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def login_attempt(*, username: str, password: str, address: str | None) -> Account:
    """Check a login: address throttle, account lockout, credentials.

    Side effects: on failure a LoginFailure row, the account's failure count (locking it for
    ``LOCKOUT_MINUTES`` at ``LOCKOUT_FAILURES``), audit ``account.login_failed``; on success the
    count reset and audit ``account.login``.
    """
    now = clock.now()
    if address_throttled(address):
        record("account.login_throttled", data={"username": username}, address=address)
        raise LoginRefused("该网络地址登录失败次数过多，请一小时后再试")
    account = Account.objects.filter(username=username).first()
    # A made-up username locks like a real one (its failures are counted from LoginFailure):
    # the answer must not tell an existing account from one that does not exist.
    locked_until = account.locked_until if account else _phantom_locked_until(username, now)
    if locked_until and locked_until > now:
        record(
            "account.login_locked",
            actor=account,
            obj=account,
            data={"username": username[:150]},
            address=address,
        )
        minutes = max(1, math.ceil((locked_until - now).total_seconds() / 60))
        raise LoginRefused(f"账号已锁定，请 {minutes} 分钟后再试，或联系管理员解锁")
    user = authenticate(username=username, password=password)
    if user is None:
        _login_failed(account, username, address, now)
        raise LoginRefused("用户名或密码不正确")
    Account.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    record("account.login", actor=user, obj=user, address=address)
    return user


def _phantom_locked_until(username: str, now) -> dt.datetime | None:
    """For a username no account has: locked as an account would be — every
    ``LOCKOUT_FAILURES``-th failure locks for ``LOCKOUT_MINUTES`` (no failure is counted while
    locked, as for an account)."""
    failures = LoginFailure.objects.filter(username=username[:150]).order_by("-at")
    count = failures.count()
    if count == 0 or count % settings.LOCKOUT_FAILURES:
        return None
    return failures.values_list("at", flat=True)[0] + dt.timedelta(minutes=settings.LOCKOUT_MINUTES)


@transaction.atomic
def _login_failed(account: Account | None, username: str, address: str | None, now) -> None:
    LoginFailure.objects.create(at=now, address=address, username=username[:150])
    data = {"username": username[:150]}
    if account is not None:
        account = Account.objects.select_for_update().get(pk=account.pk)
        account.failed_logins += 1
        if account.failed_logins >= settings.LOCKOUT_FAILURES:
            account.locked_until = now + dt.timedelta(minutes=settings.LOCKOUT_MINUTES)
            account.failed_logins = 0
            data["locked_until"] = account.locked_until.isoformat()
        account.save(update_fields=["failed_logins", "locked_until"])
    record("account.login_failed", actor=account, obj=account, data=data, address=address)


def _validate_new_password(password: str, account: Account | None) -> None:
    try:
        validate_password(password, account)
    except ValidationError as error:
        raise DomainError("；".join(error.messages), field="password") from None


def temporary_password() -> str:
    """A one-time password meeting the policy; the holder must change it at first login."""
    alphabet = string.ascii_letters + string.digits
    body = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"Jj{body}#7"


def _new_account(*, username: str, password: str, person: Person | None, display_name: str):
    if Account.objects.filter(username=username).exists():
        raise DomainError(f"用户名 {username} 已被使用", field="username")
    account = Account(username=username, person=person, display_name=display_name)
    _validate_new_password(password, account)
    account.set_password(password)
    account.password_changed_at = clock.now()
    account.save()
    return account


def tell_opened(account: Account, *, role: str, unit, by) -> None:
    """The new account's first message: what was opened, by whom, and what to do first."""
    notify(
        [account],
        kind=Kind.ACCOUNT,
        title=f"账号已开通：{Role(role).label}",
        what=f"{by or '系统'}为您开通了{f'{unit}的' if unit else ''}{Role(role).label}账号"
        f"（用户名 {account.username}）。",
        next_step="首次登录请修改临时密码；您的待办事项会列在工作台上。",
        url=reverse("home"),
    )


def _grant(account: Account, role: str, unit: Unit | None, department, by) -> RoleAssignment:
    assignment, _ = RoleAssignment.objects.get_or_create(
        account=account,
        role=role,
        unit=unit,
        department=department,
        defaults={"granted_at": clock.now(), "granted_by": by},
    )
    if not assignment.active:
        assignment.active = True
        assignment.save(update_fields=["active"])
    roles.forget_roles(account)
    return assignment


@transaction.atomic
def account_create_for_staff(
    *, by, person: Person, username: str, role: str, department=None
) -> tuple[Account, str]:
    """A unit admin opens an account for one of the unit's people (申报人 or 科室管理员).

    Returns the account and its temporary password. Side effects: Account, RoleAssignment(s)
    (every staff account is also a trainee), audit ``account.created``; the account's first
    message (notifications).
    """
    require(by, "orgs.create_unit_account", person.unit)
    if role not in UNIT_GRANTABLE_ROLES:
        raise DomainError("单位管理员只能开通申报人、科室管理员或学员账号", field="role")
    if role == Role.DEPARTMENT_ADMIN and department is None:
        raise DomainError("科室管理员须指定科室", field="department")
    if department is not None and department.unit_id != person.unit_id:
        raise DomainError(f"科室“{department}”不属于{person.unit}", field="department")
    if Account.objects.filter(person=person).exists():
        raise DomainError(f"{person.name} 已有账号", field="person")
    password = temporary_password()
    account = _new_account(
        username=username, password=password, person=person, display_name=person.name
    )
    account.must_change_password = True
    account.save(update_fields=["must_change_password"])
    _grant(account, Role.TRAINEE, person.unit, None, by)
    if role != Role.TRAINEE:
        _grant(account, role, person.unit, department, by)
    record(
        "account.created",
        actor=by,
        obj=account,
        data={"role": role, "unit": person.unit.name, "person": person.name},
    )
    tell_opened(account, role=role, unit=person.unit, by=by)
    return account, password


@transaction.atomic
def account_register_trainee(*, person: Person, username: str, password: str) -> Account:
    """The account of a self-registered trainee. Side effects: Account, trainee role, audit."""
    account = _new_account(
        username=username, password=password, person=person, display_name=person.name
    )
    _grant(account, Role.TRAINEE, person.unit, None, None)
    record("account.self_registered", actor=account, obj=account)
    return account


@transaction.atomic
def account_create_office(
    *, by, username: str, display_name: str, role: str, unit: Unit, password: str | None = None
) -> tuple[Account, str]:
    """The security admin opens an office or administrator account (roles are theirs to grant).

    Side effects: Account, RoleAssignment, audit ``account.created``, the account's first message.
    """
    require(by, "orgs.manage_roles")
    password = password or temporary_password()
    account = _new_account(
        username=username, password=password, person=None, display_name=display_name
    )
    _grant(account, role, unit, None, by)
    record("account.created", actor=by, obj=account, data={"role": role, "unit": unit.name})
    tell_opened(account, role=role, unit=unit, by=by)
    return account, password


@transaction.atomic
def account_change_password(*, account: Account, old_password: str, new_password: str) -> None:
    """The holder changes their password. Side effects: hash, change time, audit."""
    if not account.check_password(old_password):
        raise DomainError("原密码不正确", field="old_password")
    if old_password == new_password:
        raise DomainError("新密码不能与原密码相同", field="new_password")
    _validate_new_password(new_password, account)
    account.set_password(new_password)
    account.password_changed_at = clock.now()
    account.must_change_password = False
    account.save(update_fields=["password", "password_changed_at", "must_change_password"])
    record("account.password_changed", actor=account, obj=account)


@transaction.atomic
def account_reset_password(*, by, account: Account, request=None) -> str:
    """Reset a password on a stamped request (seed 003 第十七条): a unit admin's by the office
    that licensed the unit (the district for a district-licensed unit, else the city), a staff
    member's by their unit admin. Where the unit's city pack asks for it
    (``password_reset.stamped_request``) the unit's stamped request (``request``, checked by
    content and size) is required and kept. Returns a temporary password the holder must change.

    Side effects: hash, must-change flag, lock cleared, a PasswordReset with the request, audit
    ``account.password_reset``.
    """
    admin_units = [a.unit for a in roles.active_roles(account) if a.role == Role.UNIT_ADMIN]
    allowed = any(by.has_perm("orgs.reset_unit_admin_password", u) for u in admin_units) or (
        account.person_id is not None and by.has_perm("orgs.reset_staff_password", account)
    )
    if not allowed:
        require(by, "orgs.manage_roles")
    reset = PasswordReset(account=account, by=by, at=clock.now())
    if admin_units:
        rules = area_table(admin_units[0].division_id, "password_reset")
        if rules.get("stamped_request") and request is None:
            raise DomainError(
                f"请上传{admin_units[0].name}加盖公章的申请说明材料{cited(rules)}",
                field="request",
            )
    if request is not None:
        checked = uploads.accept(request, uploads.DOCUMENT, field="request")
        reset.request_name, reset.request_type = checked.name, checked.content_type
        reset.request_size, reset.request_sha256 = checked.size, checked.sha256
        request.seek(0)
        name = uploads.storage_name(checked, prefix=f"reset{account.pk}")
        reset.request.save(name, request, save=False)
    reset.save()
    password = temporary_password()
    account.set_password(password)
    account.must_change_password = True
    account.failed_logins = 0
    account.locked_until = None
    account.password_changed_at = clock.now()
    account.save()
    data = {"request": reset.request_name, "sha256": reset.request_sha256} if request else None
    record("account.password_reset", actor=by, obj=account, data=data)
    return password


@transaction.atomic
def account_unlock(*, by, account: Account) -> None:
    """The security admin lifts a lockout. Side effect: audit ``account.unlocked``."""
    require(by, "orgs.manage_roles")
    Account.objects.filter(pk=account.pk).update(failed_logins=0, locked_until=None)
    record("account.unlocked", actor=by, obj=account)


@transaction.atomic
def role_grant(*, by, account: Account, role: str, unit: Unit | None, department=None):
    """Grant a scoped role. The security admin grants any; a unit admin grants applicant,
    department admin and trainee roles in their own unit. Side effect: audit ``role.granted``."""
    if (
        role in UNIT_GRANTABLE_ROLES
        and unit is not None
        and by.has_perm("orgs.create_unit_account", unit)
    ):
        pass
    else:
        require(by, "orgs.manage_roles")
    assignment = _grant(account, role, unit, department, by)
    record(
        "role.granted",
        actor=by,
        obj=account,
        data={"role": role, "unit": unit.name if unit else None},
    )
    return assignment


@transaction.atomic
def role_revoke(*, by, assignment: RoleAssignment) -> None:
    """Withdraw a role (kept as inactive for the record). Side effect: audit ``role.revoked``."""
    unit = assignment.unit
    if not (
        assignment.role in UNIT_GRANTABLE_ROLES
        and unit is not None
        and by.has_perm("orgs.create_unit_account", unit)
    ):
        require(by, "orgs.manage_roles")
    assignment.active = False
    assignment.save(update_fields=["active"])
    roles.forget_roles(assignment.account)
    record(
        "role.revoked",
        actor=by,
        obj=assignment.account,
        data={"role": assignment.role, "unit": unit.name if unit else None},
    )


@transaction.atomic
def api_token_create(*, by, account: Account, label: str) -> str:
    """Issue an API token for an integration; the token is returned once and stored hashed.

    Side effect: audit ``api_token.created`` (prefix only)."""
    if by.pk != account.pk:
        require(by, "orgs.manage_roles")
    token = tokens.new_token()
    ApiToken.objects.create(
        account=account,
        label=label,
        key_hash=tokens.hash_token(token),
        prefix=token[:8],
        created_at=clock.now(),
    )
    record("api_token.created", actor=by, obj=account, data={"label": label, "prefix": token[:8]})
    return token


@transaction.atomic
def api_token_revoke(*, by, token: ApiToken) -> None:
    """Withdraw an integration's token; it stops working at once.

    Side effect: audit ``api_token.revoked`` (prefix only)."""
    if by.pk != token.account_id:
        require(by, "orgs.manage_roles")
    token.revoked = True
    token.save(update_fields=["revoked"])
    record(
        "api_token.revoked",
        actor=by,
        obj=token.account,
        data={"label": token.label, "prefix": token.prefix},
    )
