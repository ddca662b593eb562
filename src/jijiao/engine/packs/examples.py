"""A pack's worked examples (``[[examples]]``): documents with the outcome the notice gives.

Each example names its kind (a precheck kind), cites the clause that gives its outcome, and
says what must come out: the rule codes that ``fires`` and ``not_fires``, ``ok``, and keys of
the ``result`` (a compliance standing: ``result = { status = "noncompliant" }``). Its document is
written out (``document``) or starts from another example's (``like``, an example of this pack
or of a pack it extends, nearest first) with some values changed (``set``, keys are places in
the document such as ``"pi.birth_date"`` or ``"courses[0].teacher.title"``) or removed
(``unset``). Examples are the pack's own: a pack extending another does not inherit them.

This module reads and resolves them; :mod:`jijiao.engine.examples` runs them.
"""

import copy
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jijiao.engine.packs.schema import PolicyError

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Example:
    """One worked example, its document resolved (plain JSON data)."""

    name: str
    note: str
    cite: str
    kind: str
    document: dict[str, Any] = field(compare=False)
    fires: tuple[str, ...] = ()
    not_fires: tuple[str, ...] = ()
    ok: bool | None = None
    result: Mapping[str, Any] = field(default_factory=dict, compare=False)
    # The example it starts from (``like``), shown on the pack's page.
    like: str = ""
    changes: Mapping[str, Any] = field(default_factory=dict, compare=False)


def _steps(place: str) -> list[str | int]:
    steps: list[str | int] = []
    for key, index in _STEP.findall(place):
        steps.append(int(index) if index else key)
    return steps


def _apply(document: dict[str, Any], place: str, value: Any, *, remove: bool = False) -> None:
    steps = _steps(place)
    if not steps:
        raise ValueError(place)
    node: Any = document
    for step in steps[:-1]:
        node = node[step] if isinstance(step, int) else node.setdefault(step, {})
    last = steps[-1]
    if remove:
        if isinstance(node, dict):
            node.pop(last, None)
        return
    node[last] = value


def _changed(base: dict[str, Any], example: Mapping[str, Any], origin: str, where: str):
    document = copy.deepcopy(base)
    for place, value in (example.get("set") or {}).items():
        try:
            _apply(document, place, copy.deepcopy(value))
        except (KeyError, IndexError, TypeError, ValueError):
            raise PolicyError(origin, f"{where}.set", f"文档中没有位置 {place!r}") from None
    for place in example.get("unset") or ():
        try:
            _apply(document, place, None, remove=True)
        except (KeyError, IndexError, TypeError, ValueError):
            raise PolicyError(origin, f"{where}.unset", f"文档中没有位置 {place!r}") from None
    return document


def resolve_examples(
    chain: Sequence[tuple[str, str, Sequence[Mapping[str, Any]]]],
) -> tuple[Example, ...]:
    """The first pack's examples with their documents built. ``chain`` is ``(pack id, origin,
    examples)`` for the pack and its ancestors, nearest first; ``like`` looks in the pack's
    earlier examples, then in each ancestor's. Raises :class:`PolicyError` for a name used twice,
    an unknown ``like`` or a place ``set`` cannot reach."""
    _pack_id, origin, own = chain[0]
    known: dict[str, dict[str, Any]] = {}
    for _parent, _origin, examples in reversed(chain[1:]):
        built = _build(examples, _origin, dict(known))
        known.update({example.name: example.document for example in built})
    return _build(own, origin, known)


def _build(
    examples: Sequence[Mapping[str, Any]], origin: str, inherited: dict[str, dict[str, Any]]
) -> tuple[Example, ...]:
    own: dict[str, dict[str, Any]] = {}
    built = []
    for index, example in enumerate(examples):
        where = f"examples[{index}]"
        name = example["name"]
        if name in own:
            raise PolicyError(origin, f"{where}.name", f"例子名称重复：{name}")
        if "like" in example:
            base = own.get(example["like"]) or inherited.get(example["like"])
            if base is None:
                raise PolicyError(origin, f"{where}.like", f"找不到例子 {example['like']!r}")
            document = _changed(base, example, origin, where)
        else:
            document = _changed(dict(example["document"]), example, origin, where)
        own[name] = document
        built.append(
            Example(
                name=name,
                note=example["note"],
                cite=example["cite"],
                kind=example["kind"],
                document=document,
                fires=tuple(example.get("fires", ())),
                not_fires=tuple(example.get("not_fires", ())),
                ok=example.get("ok"),
                result=dict(example.get("result") or {}),
                like=example.get("like", ""),
                changes={
                    **dict(example.get("set") or {}),
                    **{place: "（删除）" for place in example.get("unset") or ()},
                },
            )
        )
    return tuple(built)


def examples_digest(examples: Sequence[Example]) -> str:
    """A hash of the examples (names, documents, expectations): with the pack's content hash it
    says whether a stored run of them is still current."""
    data = [
        [e.name, e.kind, e.document, list(e.fires), list(e.not_fires), e.ok, dict(e.result)]
        for e in examples
    ]
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
