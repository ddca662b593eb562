"""The audit log."""

from .entries import AuditEntry

__all__ = [
    "AuditEntry",
]
