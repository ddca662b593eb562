"""An audit entry as a person reads it: the action's name, a link to the object, and the
entry's data as rows of 项目 / 修改前 / 修改后 instead of a Python dictionary."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from jijiao.audit_log.models import AuditEntry
from jijiao.audit_log.vocab import DATA_KEYS, label

# The page of each kind of object, by its model label (``app.model``): ``(url name, visible)``
# where ``visible(user)`` is the queryset of those objects the reader may open. The apps above
# the audit log fill this in (``jijiao.web.audit_links``); the log links only what opens.
ObjectPage = tuple[str, Callable[[Any], QuerySet]]
OBJECT_PAGES: dict[str, ObjectPage] = {}


def register_object_page(object_type: str, url_name: str, visible) -> None:
    OBJECT_PAGES[object_type] = (url_name, visible)


# Entries written before a model moved to another app keep the label they were written with
# (the chain signs it); their fields are named from the model where it lives now.
MOVED_MODELS = {
    "projects.personrecord": "records.personrecord",
    "projects.pastproject": "records.pastproject",
}


def _model(object_type: str):
    return apps.get_model(MOVED_MODELS.get(object_type, object_type))


@dataclass
class DataRow:
    key: str
    name: str
    before: str
    after: str


def _field(object_type: str, key: str):
    if not object_type:
        return None
    try:
        return _model(object_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def _value(object_type: str, key: str, value) -> str:
    """A stored code shown by its name when the field has choices (``active`` → 在职)."""
    field = _field(object_type, key)
    if field is not None and getattr(field, "flatchoices", None) and not isinstance(value, list):
        names = {str(k): str(v) for k, v in field.flatchoices}
        if str(value) in names:
            return names[str(value)]
    return _text(value)


def _field_name(object_type: str, key: str) -> str:
    if key in DATA_KEYS:
        return DATA_KEYS[key]
    if object_type:
        try:
            model = _model(object_type)
            return str(model._meta.get_field(key).verbose_name)
        except (LookupError, ValueError, FieldDoesNotExist):
            pass
    return ""


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, dict):
        return "；".join(f"{DATA_KEYS.get(k, k)}：{_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "、".join(_text(v) for v in value) or "—"
    return str(value)


def data_rows(entry: AuditEntry) -> list[DataRow]:
    """Before/after side by side when the entry has them, else one value per key."""
    data = entry.data or {}
    before = data.get("before") if isinstance(data.get("before"), dict) else None
    after = data.get("after") if isinstance(data.get("after"), dict) else None
    rows = []
    if before is not None or after is not None:
        before, after = before or {}, after or {}
        for key in [*before, *(k for k in after if k not in before)]:
            rows.append(
                DataRow(
                    key,
                    _field_name(entry.object_type, key),
                    _value(entry.object_type, key, before.get(key)) if key in before else "",
                    _value(entry.object_type, key, after.get(key)) if key in after else "",
                )
            )
        rest = {k: v for k, v in data.items() if k not in ("before", "after")}
    else:
        rest = data
    for key, value in rest.items():
        rows.append(
            DataRow(
                key, _field_name(entry.object_type, key), "", _value(entry.object_type, key, value)
            )
        )
    return rows


def object_url(entry: AuditEntry, user) -> str:
    """The object's page when the reader may open it, else none."""
    page = OBJECT_PAGES.get(entry.object_type)
    if page is None or not entry.object_id.isdigit():
        return ""
    url_name, visible = page
    if not visible(user).filter(pk=int(entry.object_id)).exists():
        return ""
    try:
        return reverse(url_name, args=[entry.object_id])
    except NoReverseMatch:
        return ""


def data_text(entry: AuditEntry) -> str:
    """The data as one line of text (the export)."""
    parts = []
    for row in data_rows(entry):
        name = row.name or row.key
        if row.before and row.after:
            parts.append(f"{name}：{row.before} → {row.after}")
        else:
            parts.append(f"{name}：{row.after or row.before}")
    return "；".join(parts)


def describe(entry: AuditEntry, user) -> AuditEntry:
    entry.action_label = label(entry.action)
    entry.object_url = object_url(entry, user)
    entry.data_rows = data_rows(entry)
    entry.has_before = any(row.before for row in entry.data_rows)
    return entry
