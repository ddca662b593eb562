"""Errors the domain raises, with Chinese messages that say what is wrong and where."""

from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A state change that cannot happen; ``message`` is shown to the user as is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def reason_given(reason: str, what: str) -> str:
    """The stripped reason for a decision; refused when empty ("请写明退回原因")."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(f"请写明{what}原因", field="reason")
    return reason


def require(actor, permission: str, obj=None) -> None:
    """Check a named permission predicate; every domain function calls this before writing."""
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(f"没有权限执行此操作（{permission}）")
