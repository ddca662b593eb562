"""Every lifecycle's table of allowed moves, and the one helper that performs them."""

import re
from pathlib import Path

import pytest
from django.apps import apps

import jijiao
from jijiao.common.transitions import TransitionRefused, allowed_next, state_field, transition

LIFECYCLES = sorted(
    (m for m in apps.get_models() if hasattr(m, "TRANSITIONS")), key=lambda m: m._meta.label
)


def test_the_main_lifecycles_have_tables():
    labels = {m._meta.label for m in LIFECYCLES}
    assert {
        "projects.Application",
        "hosting.Filing",
        "execution.ExecutionReport",
        "credits.LedgerEntry",
        "audits.AuditCase",
        "remote.Provider",
        "remote.Course",
        "orgs.UnitAccountApplication",
    } <= labels


@pytest.mark.parametrize("model", LIFECYCLES, ids=lambda m: m._meta.label)
def test_each_table_names_only_states_of_its_enum(model):
    values = {value for value, _ in model._meta.get_field(state_field(model)).choices}
    for current, following in model.TRANSITIONS.items():
        assert current in values
        assert set(following) <= values


def _saved(model, state):
    obj = model(**{state_field(model): state})
    obj._state.adding = False
    return obj


@pytest.mark.parametrize("model", LIFECYCLES, ids=lambda m: m._meta.label)
def test_moves_outside_the_table_are_refused_in_chinese_naming_the_current_state(model):
    field = model._meta.get_field(state_field(model))
    labels = dict(field.choices)
    for current in labels:
        for to in labels:
            obj = _saved(model, current)
            if to in allowed_next(model, current):
                transition(obj, to)
                assert getattr(obj, field.name) == to
                continue
            with pytest.raises(TransitionRefused) as refused:
                transition(obj, to)
            assert f"当前为「{labels[current]}」" in refused.value.message
            assert f"不能变为「{labels[to]}」" in refused.value.message
            assert getattr(obj, field.name) == current


def test_a_new_object_takes_its_first_state_freely():
    from jijiao.credits.models import LedgerEntry

    entry = LedgerEntry(status=LedgerEntry.Status.APPROVED)
    transition(entry, LedgerEntry.Status.PENDING_CITY)
    assert entry.status == LedgerEntry.Status.PENDING_CITY


ASSIGNMENT = re.compile(r"^\s*[a-z_]+\.(state|status)\s*=[^=]", re.M)


def test_no_state_is_assigned_outside_the_transition_helper():
    root = Path(jijiao.__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in root.rglob("*.py")
        if "migrations" not in path.parts and path.name != "transitions.py"
        for text in [path.read_text(encoding="utf-8")]
        for m in ASSIGNMENT.finditer(text)
    ]
    assert offenders == []
