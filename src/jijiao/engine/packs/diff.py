"""Two packs (or two versions of one) compared key by key, without Django.

The effective values of each side — inheritance applied — are walked as plain data (a
:class:`~jijiao.engine.packs.model.Policy`'s values, or a stored snapshot's); every value that
differs is a row with both sides and the ``cite`` that each side's table gives for it (the
nearest table on the key's path that names its clause). ``cite``, ``note`` and ``secondary``
are not rows of their own: they are where a value comes from, shown beside it.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jijiao.engine.packs.model import plain
from jijiao.engine.packs.schema import META_KEYS, dotted

SOURCE_KEYS = frozenset({"cite", "note", "secondary"})
ABSENT = None


@dataclass(frozen=True)
class DiffRow:
    """One key whose value differs: each side's value (``None`` when that side has none) and
    the clause each side cites for it."""

    path: tuple[str, ...]
    left: Any
    right: Any
    left_cite: str
    right_cite: str

    @property
    def key(self) -> str:
        return dotted(self.path)

    @property
    def change(self) -> str:
        if self.left is ABSENT:
            return "added"
        if self.right is ABSENT:
            return "removed"
        return "changed"


def _leaves(values: Mapping[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, value in values.items():
        if not path and name in META_KEYS:
            continue
        if isinstance(value, Mapping) and value:
            yield from _leaves(value, (*path, name))
        elif name not in SOURCE_KEYS:
            yield (*path, name)


def _get(values: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = values
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return ABSENT
        node = node[part]
    return node


def cite_for(values: Mapping[str, Any], path: tuple[str, ...]) -> str:
    """The clause the nearest table on ``path`` names (``""`` when none does)."""
    for end in range(len(path) - 1, 0, -1):
        table = _get(values, path[:end])
        if isinstance(table, Mapping) and isinstance(table.get("cite"), str):
            return table["cite"]
    return ""


def diff_values(left: Mapping[str, Any], right: Mapping[str, Any]) -> list[DiffRow]:
    """Every key whose effective value differs between ``left`` and ``right``, in key order."""
    left, right = plain(left), plain(right)
    paths = sorted({*_leaves(left), *_leaves(right)})
    rows = []
    for path in paths:
        a, b = _get(left, path), _get(right, path)
        if a == b:
            continue
        rows.append(DiffRow(path, a, b, cite_for(left, path), cite_for(right, path)))
    return rows
