"""Per-request facts the audit log needs (the caller's address), kept in a context variable."""

import contextvars

current_address: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "audit_address", default=None
)
