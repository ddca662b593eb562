"""Writing pack TOML: the few value types packs use, tables by dotted path.

Used when an office edits values in the form: the changed values become a small pack that
``extends`` the one it started from.
"""

import datetime as dt
import json
import tomllib
from collections.abc import Iterable, Mapping
from typing import Any

from jijiao.engine.packs.schema import RULE_CODE, dotted


class LiteralError(ValueError):
    pass


def literal(value: Any) -> str:
    """A TOML literal for one value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, Mapping):
        # A key such as "unit.category" is quoted: bare, TOML would read it as two tables.
        pairs = (f"{dotted((key,))} = {literal(item)}" for key, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    raise LiteralError(f"不支持的取值类型：{type(value).__name__}")


def parse_literal(text: str) -> Any:
    """Read one TOML literal typed into the form (``55``, ``"1/5"``, ``["备案"]``, dates)."""
    try:
        return tomllib.loads(f"value = {text.strip()}")["value"]
    except tomllib.TOMLDecodeError as error:
        raise LiteralError(f"不是有效的取值：{text.strip()}（{error}）") from None


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def pack_text(
    *, pack_id: str, title: str, extends: str, notice: str, values: Iterable[tuple[str, Any]]
) -> str:
    """A pack: its header, then one table per dotted path with the values set there."""
    lines = [
        f"id = {literal(pack_id)}",
        f"title = {literal(title)}",
        f"extends = {literal(extends)}",
    ]
    if notice:
        lines.append(f"notice = {literal(notice)}")
    tables: dict[str, list[tuple[str, Any]]] = {}
    for key, value in values:
        table, _, leaf = key.rpartition(".")
        tables.setdefault(table, []).append((leaf, value))
    # A rule table names where its values come from; an office's change cites its own notice.
    for table, rows in tables.items():
        if RULE_CODE.match(table.rpartition(".")[2]) and "cite" not in dict(rows):
            rows.append(("cite", notice or title))
    for table in sorted(tables):
        lines.append("")
        if table:
            lines.append(f"[{table}]")
        lines += [f"{leaf} = {literal(value)}" for leaf, value in tables[table]]
    return "\n".join(lines) + "\n"


def same_value(a: Any, b: Any) -> bool:
    return _iso(a) == _iso(b) if not isinstance(a, list | tuple) else list(a) == list(b)
