"""Reporting reads on a read replica (issue 16).

When ``JIJIAO_REPLICA_DATABASE_URL`` is set, the settings add a database ``replica`` and
:class:`ReplicaRouter` sends the reads made inside :func:`reporting` (a block, or a view or
function decorated with it) there: the overviews, the exports, the compliance summaries' lists.
Everything else — every write, and every read outside a reporting block — goes to the primary.
Without a replica nothing changes. A report may lag the primary by the replica's delay; nothing
that decides or writes reads inside a reporting block.
"""

from collections.abc import Callable
from contextlib import ContextDecorator
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reporting: ContextVar[bool] = ContextVar("jijiao_reporting", default=False)


class reporting(ContextDecorator):
    """Reads inside go to the replica when one is configured."""

    def __enter__(self):
        self._token = _reporting.set(True)
        return self

    def __exit__(self, *exc):
        _reporting.reset(self._token)
        return False


def reporting_view(view: Callable) -> Callable:
    """A view whose reads are reports (``reporting`` around it)."""
    return reporting()(view)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def report_database() -> str:
    """The alias for reads that are reports wherever they are made (the summaries' lists)."""
    return REPLICA if replica_configured() else "default"


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry: reporting reads to the replica, the rest to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        return REPLICA if _reporting.get() and replica_configured() else None

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the primary's rows: objects from both relate

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"  # the replica follows the primary, never migrated itself
