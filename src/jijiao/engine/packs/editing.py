"""The pack editor's view of the schema, without Django.

Every table a pack may hold is a *place* (``application.city.APP_DISCIPLINE_SCOPE``,
``credits.city``, ``sanctions.*`` where the author names the rule). A place has keys an office
fills in one by one; :func:`read_value` turns what was typed into the value the schema wants
(``06, 03-10`` for a list of disciplines, ``55`` for a number, plain text for a citation), and
:func:`set_table` / :func:`dump_pack` write the pack back as TOML. What the schema says about a
place — what the rule checks, each key's type, the facts ``cases`` may select on, the shipped
packs that set it — is :func:`place_reference`, the same text as ``docs/packs.md``.
"""

import copy
import functools
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jijiao.engine.packs import schema
from jijiao.engine.packs.loader import load_policy
from jijiao.engine.packs.reference import _SECTION_NAMES, _describe_rule, _uses, type_text
from jijiao.engine.packs.rule_names import rule_name
from jijiao.engine.packs.schema import FACTS, PACK, SECTION_FACTS, ListOf, Node, Scalar, Table
from jijiao.engine.packs.toml_text import LiteralError, literal, parse_literal
from jijiao.engine.rules import vocab

# Where a place's name is the author's own (a sanction's code, a credit-entry group).
NAMED = "*"
LEVEL_NAMES = {"national": "国家级", "provincial": "省级", "city": "市级"}
_FIRST = ("severity", "cite", "enabled")
_LAST = ("secondary", "note", "cases")


@dataclass(frozen=True)
class Place:
    """A table a pack may hold: its path in the schema (``*`` where the author names it)."""

    path: tuple[str, ...]
    node: Table

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def section(self) -> str:
        return self.path[0]

    @property
    def is_rule(self) -> bool:
        return self.node.is_rule

    @property
    def named(self) -> bool:
        return NAMED in self.path

    @property
    def title(self) -> str:
        """``市级 · 学科范围：… APP_DISCIPLINE_SCOPE`` — the level in Chinese, a rule's Chinese
        name before its code, the rest as written."""
        parts = [LEVEL_NAMES.get(p, p) for p in self.path[1:]]
        if self.is_rule and self.path[-1] != NAMED:
            parts[-1] = f"{rule_name(self.path[-1])} {parts[-1]}".strip()
        shown = " · ".join(p if p != NAMED else "（自定名称）" for p in parts)
        return shown or "（本节设置）"

    def fields(self) -> list[tuple[str, Node]]:
        """The keys filled in here, in the order the form shows them: severity, cite and
        enabled first, the rule's own values, then secondary, note and cases. A settings
        table's sub-tables are places of their own, not keys."""
        node = self.node
        own = {name: child for name, child in node.fields.items()}
        if not node.is_rule:
            own = {n: c for n, c in own.items() if not isinstance(c, Table)}
        if node.extra is not None and node.extra_keys is not None:
            own.update({name: node.extra for name in node.extra_keys})
        first = [n for n in _FIRST if n in own]
        last = [n for n in _LAST if n in own]
        middle = [n for n in own if n not in first and n not in last]
        return [(n, own[n]) for n in first + middle + last]


def _walk(path: tuple[str, ...], node: Table) -> Iterator[Place]:
    if node.is_rule:
        yield Place(path, node)
        return
    scalars = [c for c in node.fields.values() if not isinstance(c, Table)]
    if scalars or (node.extra is not None and node.extra_keys is not None):
        yield Place(path, node)
    for name, child in node.fields.items():
        if isinstance(child, Table):
            yield from _walk((*path, name), child)
    if isinstance(node.extra, Table):
        yield from _walk((*path, NAMED), node.extra)


@functools.cache
def places() -> tuple[Place, ...]:
    """Every place of the schema, section by section."""
    found: list[Place] = []
    for section, node in PACK.fields.items():
        if section in schema.META_KEYS or not isinstance(node, Table):
            continue
        found.extend(_walk((section,), node))
    return tuple(found)


def section_title(section: str) -> str:
    return _SECTION_NAMES.get(section, section)


def find_place(key: str) -> Place | None:
    return next((p for p in places() if p.key == key), None)


def concrete_path(place: Place, name: str = "") -> tuple[str, ...]:
    """The place's path with the author's name put in for ``*``."""
    return tuple(name if part == NAMED else part for part in place.path)


# ------------------------------------------------------------------ reading what was typed


def options(node: Node) -> tuple[str, ...]:
    """The values a one-of scalar allows (``true``/``false`` for a boolean), else none."""
    if node is schema.BOOL:
        return ("true", "false")
    if isinstance(node, Scalar) and node.label.startswith("以下之一："):
        return tuple(node.label.removeprefix("以下之一：").split("、"))
    return ()


def _scalar(node: Scalar, text: str) -> Any:
    """A typed value; text that is no TOML value, or whose value the key does not take, stays
    text — the schema then says what the key wants, naming it."""
    try:
        value = parse_literal(text)
    except LiteralError:
        return text
    if not node.accepts(value) and node.accepts(text):
        return text  # a citation "2025", a discipline "06", a share "1/5"
    return value


def read_value(node: Node, text: str) -> Any:
    """What an office typed for one key, as the schema wants it. Plain text is enough for text
    and codes; a list of plain values may be written ``06, 03-10`` (or as TOML ``["06"]``);
    tables and lists of tables are written as TOML (``[{ key = "x", label = "…" }]``)."""
    text = text.strip()
    if isinstance(node, Scalar):
        return _scalar(node, text)
    if isinstance(node, ListOf) and isinstance(node.item, Scalar) and not text.startswith("["):
        return [_scalar(node.item, item) for item in re.split(r"\s*[,，、;；\n]\s*", text) if item]
    try:
        return parse_literal(text)
    except LiteralError:
        raise LiteralError(f"不是有效的 TOML 写法：{text}（应为{type_text(node)[:2]}）") from None


def shown_value(value: Any) -> str:
    """A stored value as the form shows it again: text as it is, the rest as TOML."""
    return value if isinstance(value, str) else literal(value)


def hint(name: str, node: Node) -> str:
    """What the form says under a key: its type, and how to write it."""
    if name == "cases":
        return '按条件取值，按 TOML 书写，如 [{ when = { "unit.category" = "county" }, max = 150 }]'
    if isinstance(node, ListOf) and isinstance(node.item, Scalar):
        return f"{type_text(node)}；多个值用逗号或顿号分隔"
    if isinstance(node, ListOf | Table):
        return f"{type_text(node)}；按 TOML 书写"
    return type_text(node)


# ------------------------------------------------------------------ writing the pack back


def set_table(data: Mapping[str, Any], path: tuple[str, ...], values: Mapping[str, Any]) -> dict:
    """A copy of the pack's content with the table at ``path`` replaced by ``values`` (removed,
    with any table left empty above it, when ``values`` is empty)."""
    result = copy.deepcopy(dict(data))
    parents = [result]
    table = result
    for part in path[:-1]:
        table = table.setdefault(part, {})
        parents.append(table)
    if values:
        table[path[-1]] = dict(values)
        return result
    table.pop(path[-1], None)
    for depth in range(len(path) - 1, 0, -1):
        if parents[depth]:
            break
        parents[depth - 1].pop(path[depth - 1], None)
    return result


def thaw(value: Any) -> Any:
    """A loaded (frozen) value as plain dicts and lists, dates kept as dates."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(item) for item in value]
    return value


def table_at(data: Mapping[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    table: Any = data
    for part in path:
        table = table.get(part) if isinstance(table, Mapping) else None
        if table is None:
            return {}
    return dict(table) if isinstance(table, Mapping) else {}


def _tables(table: Mapping[str, Any], path: tuple[str, ...], lines: list[str]) -> None:
    for name, value in table.items():
        if not isinstance(value, Mapping):
            continue
        sub = (*path, name)
        own = [(k, v) for k, v in value.items() if not isinstance(v, Mapping)]
        if own or not value:
            lines += ["", f"[{schema.dotted(sub)}]"]
            lines += [f"{schema.dotted((k,))} = {literal(v)}" for k, v in own]
        _tables(value, sub, lines)


def dump_pack(data: Mapping[str, Any]) -> str:
    """A pack's content as TOML: the header keys, then one table per path (``tomllib`` reads
    back the same content)."""
    lines = [f"{schema.dotted((k,))} = {literal(v)}" for k, v in data.items() if k in ("id",)]
    lines += [
        f"{schema.dotted((k,))} = {literal(v)}"
        for k, v in data.items()
        if k != "id" and not isinstance(v, Mapping)
    ]
    _tables(data, (), lines)
    return "\n".join(lines) + "\n"


def text_with_table(text: str, path: tuple[str, ...], values: Mapping[str, Any]) -> str:
    """A pack's TOML text with one table set (or removed): the text is read, changed and
    written again, so comments in it are not kept (:func:`has_comments`)."""
    return dump_pack(set_table(tomllib.loads(text), path, values))


def has_comments(text: str) -> bool:
    return any(line.lstrip().startswith("#") for line in text.splitlines())


# ------------------------------------------------------------------ the reference beside it


@functools.cache
def _shipped_uses() -> dict[tuple[str, ...], list[tuple[str, str]]]:
    return _uses()


def _example(place: Place) -> tuple[str, str] | None:
    """The place's table in the first shipped pack that sets it, as TOML."""
    if place.named:
        return None
    key = tuple(p for p in place.path if p not in vocab.LEVELS)
    for pack_id, _cite in _shipped_uses().get(key, []):
        table = thaw(load_policy(pack_id).get(*place.path))
        if table:
            own = {k: v for k, v in table.items() if k != "cases"}
            return pack_id, dump_pack(set_table({}, place.path, own)).strip()
    return None


def place_reference(place: Place) -> dict[str, Any]:
    """What ``docs/packs.md`` says about a place, for the editor to show beside the form."""
    code = place.path[-1]
    facts = SECTION_FACTS.get(place.section, ()) if "cases" in place.node.fields else ()
    key = tuple(p for p in place.path if p not in vocab.LEVELS)
    required = place.node.required - {"cite"} if place.is_rule else place.node.required
    return {
        "section": section_title(place.section),
        "name": rule_name(code) if place.is_rule else "",
        "checks": _describe_rule(code) if place.is_rule else "",
        "keys": [(name, type_text(node), name in required) for name, node in place.fields()],
        "facts": [(name, FACTS[name].label) for name in facts],
        "uses": _shipped_uses().get(key, []),
        "example": _example(place),
        "needs_cite": place.is_rule,
    }
