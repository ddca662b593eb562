"""Reads of the audit log: only the audit admin sees it (等保 三员 separation)."""

import datetime as dt

from django.db.models import Q, QuerySet

from jijiao.audit_log.models import AuditEntry
from jijiao.audit_log.vocab import codes_matching


def entries_for_user(user) -> QuerySet[AuditEntry]:
    # The predicate is the audit admin's (等保 三员), registered by the app that knows roles.
    if not user.has_perm("audit_log.view"):
        return AuditEntry.objects.none()
    return AuditEntry.objects.all()


def entries_search(
    queryset: QuerySet[AuditEntry],
    *,
    actor: str = "",
    action: str = "",
    address: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    if actor:
        queryset = queryset.filter(actor_label__contains=actor)
    if action:
        # By the action's Chinese name (登录, 作废学分 …) or by the start of its code.
        codes = codes_matching(action)
        queryset = queryset.filter(Q(action__in=codes) | Q(action__startswith=action))
    if address:
        queryset = queryset.filter(address=address)
    if date_from:
        queryset = queryset.filter(at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(at__date__lte=date_to)
    return queryset


SEARCH = ("actor", "action", "address", "from", "to")


def entries_matching(user, query) -> QuerySet[AuditEntry]:
    """The entries ``user`` sees that match the search form's fields (``query``: the page's GET,
    or a job's params)."""
    return entries_search(
        entries_for_user(user),
        actor=(query.get("actor") or "").strip(),
        action=(query.get("action") or "").strip(),
        address=(query.get("address") or "").strip(),
        date_from=_date(query.get("from")),
        date_to=_date(query.get("to")),
    )


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
