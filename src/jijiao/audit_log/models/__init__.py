"""The audit log."""

from .entries import AuditCheckpoint, AuditEntry

__all__ = [
    "AuditCheckpoint",
    "AuditEntry",
]
