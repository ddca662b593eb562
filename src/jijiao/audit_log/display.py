"""An audit entry as a person reads it: the action's name, a link to the object, and the
entry's data as rows of 项目 / 修改前 / 修改后 instead of a Python dictionary."""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse

from jijiao.audit_log.models import AuditEntry
from jijiao.audit_log.vocab import DATA_KEYS, label

# The page of each kind of object, by its model label (``app.model``).
OBJECT_PAGES = {
    "orgs.person": "orgs:person",
    "orgs.unit": "orgs:unit",
    "projects.call": "projects:call",
    "projects.application": "projects:application",
    "hosting.session": "hosting:session",
    "hosting.inspection": "hosting:inspection",
    "credits.ledgerentry": "credits:entry",
    "audits.campaign": "audits:campaign",
    "audits.case": "audits:case",
    "remote.provider": "remote:provider",
    "remote.course": "remote:course",
    "remote.completionlist": "remote:list",
}


@dataclass
class DataRow:
    key: str
    name: str
    before: str
    after: str


def _field_name(object_type: str, key: str) -> str:
    if key in DATA_KEYS:
        return DATA_KEYS[key]
    if object_type:
        try:
            model = apps.get_model(object_type)
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
        return "；".join(f"{k}：{_text(v)}" for k, v in value.items())
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
                    _text(before.get(key)) if key in before else "",
                    _text(after.get(key)) if key in after else "",
                )
            )
        rest = {k: v for k, v in data.items() if k not in ("before", "after")}
    else:
        rest = data
    for key, value in rest.items():
        rows.append(DataRow(key, _field_name(entry.object_type, key), "", _text(value)))
    return rows


def object_url(entry: AuditEntry) -> str:
    name = OBJECT_PAGES.get(entry.object_type)
    if not name or not entry.object_id:
        return ""
    try:
        return reverse(name, args=[entry.object_id])
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


def describe(entry: AuditEntry) -> AuditEntry:
    entry.action_label = label(entry.action)
    entry.object_url = object_url(entry)
    entry.data_rows = data_rows(entry)
    entry.has_before = any(row.before for row in entry.data_rows)
    return entry
