"""A step refused because of the state its object is in: the refusal is in Chinese and names
that state, and nothing changed — neither the state as stored nor the audit log."""

import re

import pytest

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.common.transitions import state_field

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def refused(call, obj, state_label: str) -> str:
    """Run ``call``, expect a :class:`DomainError` naming ``state_label`` — which must be how
    ``obj``'s current state reads — and the stored state and the audit log left as they were.
    Returns the message."""
    model = type(obj)
    field = model._meta.get_field(state_field(model))
    before = model.objects.values_list(field.name, flat=True).get(pk=obj.pk)
    assert dict(field.flatchoices)[before] == state_label
    entries = AuditEntry.objects.count()
    with pytest.raises(DomainError) as error:
        call()
    message = error.value.message
    assert CHINESE.search(message), message
    assert state_label in message, message
    assert model.objects.values_list(field.name, flat=True).get(pk=obj.pk) == before
    assert AuditEntry.objects.count() == entries
    return message
