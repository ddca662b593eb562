"""Writing to the audit log: the one function every domain function calls."""

import ipaddress
from typing import Any

from django.db import transaction

from jijiao.audit_log import chain
from jijiao.audit_log.context import current_address
from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.common.idnumbers import mask_id_numbers_in

# A key naming any of these is a secret, however it is spelt (old_password, api_token …).
SECRET_KEY_PARTS = ("password", "token", "secret")
SECRET_KEYS = {"id_number"}


def _is_secret(key) -> bool:
    name = str(key).lower()
    return name in SECRET_KEYS or any(part in name for part in SECRET_KEY_PARTS)


def _scrub(value: Any) -> Any:
    """Drop secrets and mask any full ID number before it reaches the log."""
    if isinstance(value, dict):
        return {k: ("***" if _is_secret(k) else _scrub(v)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    if isinstance(value, str):
        return mask_id_numbers_in(value)
    if isinstance(value, int) and not isinstance(value, bool):
        # An ID number ending in a digit can arrive as an integer (from a spreadsheet cell).
        masked = mask_id_numbers_in(str(value))
        return value if masked == str(value) else masked
    if value is None or isinstance(value, bool | float):
        return value
    return mask_id_numbers_in(str(value))


def _valid_address(address: str | None) -> str | None:
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    data: dict | None = None,
    address: str | None = None,
) -> AuditEntry:
    """Append one entry: who, when, from where, what, and before/after in ``data``.

    A batch (an import, a bulk approval) is one entry whose ``data`` carries its counts.
    Side effect: the entry is chained (``chain.py``): it takes a lane and links to its head.
    """
    actor_label = ""
    if actor is not None and getattr(actor, "pk", None):
        # Some places use the ID number as the username.
        actor_label = mask_id_numbers_in(getattr(actor, "display_name", "") or actor.get_username())
    object_type = object_id = object_label = ""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        object_label = mask_id_numbers_in(str(obj))[:255]
    entry = AuditEntry(
        at=clock.now(),
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label,
        address=_valid_address(address or current_address.get()),
        data=_scrub(data or {}),
    )
    with transaction.atomic():
        # The lane's lock (PostgreSQL) lasts to the end of the outermost transaction: nobody
        # else writes this lane between reading its head and committing the entry.
        entry.lane = chain.take_lane()
        last_seq, previous = chain.head(entry.lane)
        entry.lane_seq = last_seq + 1
        entry.link = chain.link(previous, entry)
        entry.save(force_insert=True)
    return entry
