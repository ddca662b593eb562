"""State changes by table: each lifecycle lists, beside its state enum, the states it may move to
from each state (``TRANSITIONS``), and every state change goes through :func:`transition`.

A domain function still checks what its own step needs (and says so in its own words); the table
is the last word, so a path a function forgot to guard cannot move an object where its lifecycle
does not go.
"""

from collections.abc import Mapping
from typing import Any

from jijiao.common.errors import DomainError


class TransitionRefused(DomainError):
    """A state change the object's lifecycle does not allow from its current state."""


def state_field(model: type) -> str:
    """The name of the field that holds a model's state (``state`` unless it says otherwise)."""
    return getattr(model, "STATE_FIELD", "state")


def allowed_next(model: type, current: Any) -> frozenset:
    table: Mapping[Any, Any] = model.TRANSITIONS
    return frozenset(table.get(current, ()))


def _label(model: type, value: Any) -> str:
    field = model._meta.get_field(state_field(model))
    return str(dict(field.flatchoices).get(value, value))


def transition(obj, to) -> None:
    """Move ``obj`` to state ``to`` (unsaved: the caller saves with its other changes).

    Refuses, with a Chinese message that names the current state, a move the model's
    ``TRANSITIONS`` table does not list. An object not yet saved takes its first state freely:
    where a lifecycle starts is its creator's step, not a move.
    """
    model = type(obj)
    field = state_field(model)
    current = getattr(obj, field)
    if not obj._state.adding and to not in allowed_next(model, current):
        noun = str(model._meta.verbose_name)
        raise TransitionRefused(
            f"{noun}当前为「{_label(model, current)}」，不能变为「{_label(model, to)}」。",
            field=field,
        )
    setattr(obj, field, to)
