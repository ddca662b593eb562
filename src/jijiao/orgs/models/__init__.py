from jijiao.orgs.models.accounts import (
    OFFICE_ROLES_SET,
    SEPARATED_ADMIN_ROLES,
    Account,
    ApiToken,
    LoginFailure,
    PasswordReset,
    Role,
    RoleAssignment,
    UnitAccountApplication,
    UnitApplicationScan,
    UnitRenameRequest,
)
from jijiao.orgs.models.people import Employment, Person, Transfer, TransferProof
from jijiao.orgs.models.reference import Committee, Discipline, Division
from jijiao.orgs.models.units import Department, Unit

__all__ = [
    "OFFICE_ROLES_SET",
    "SEPARATED_ADMIN_ROLES",
    "Account",
    "ApiToken",
    "Committee",
    "Department",
    "Discipline",
    "Division",
    "Employment",
    "LoginFailure",
    "PasswordReset",
    "Person",
    "Role",
    "RoleAssignment",
    "Transfer",
    "TransferProof",
    "Unit",
    "UnitAccountApplication",
    "UnitApplicationScan",
    "UnitRenameRequest",
]
