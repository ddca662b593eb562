"""Checking a pack against the schema, and where in it rules may stand."""

import difflib
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from jijiao.engine.packs.schema.nodes import ListOf, Node, PolicyError, Scalar, Table
from jijiao.engine.packs.schema.sections import PACK
from jijiao.engine.rules import vocab

RULE_CODE = re.compile(r"^[A-Z]{3}_[A-Z0-9_]+$")
_BARE_KEY = re.compile(r"[A-Za-z0-9_\-\[\]]+")


def dotted(path: tuple[str, ...]) -> str:
    """``("scoring", "items", "1.1.1")`` → ``scoring.items."1.1.1"`` (TOML's own key syntax)."""
    return ".".join(part if _BARE_KEY.fullmatch(part) else f'"{part}"' for part in path)


def _show(value: Any) -> str:
    if isinstance(value, datetime):
        zone = "" if value.tzinfo is not None else "（未写时区）"
        return f"日期时间 {value.isoformat()}{zone}"
    if isinstance(value, date):
        return f"日期 {value.isoformat()}"
    kind = {bool: "布尔值", int: "整数", float: "数字", str: "字符串", list: "数组", dict: "表"}
    return f"{kind.get(type(value), type(value).__name__)} {value!r}"


def _unknown_key(node: Table, name: str, path: tuple[str, ...]) -> str:
    """The reason for an unknown key: the missing level, or the key probably meant."""
    levels = tuple(node.fields)
    if levels and set(levels) <= set(vocab.LEVELS):
        inner = node.fields[levels[0]]
        if isinstance(inner, Table) and name in inner.fields:
            shown = dotted((*path, "city", name))
            return f"未知的键：缺少项目级别，应写作 {shown}（级别：{'、'.join(levels)}）"
    close = difflib.get_close_matches(name, list(node.fields), n=1, cutoff=0.6)
    if close:
        return f"未知的键（是否应为 {close[0]}？）"
    return "未知的键"


def turns_off_only(value: Mapping[str, Any]) -> bool:
    """A rule table that only switches an inherited rule off needs no citation."""
    return value.get("enabled") is False and set(value) <= {"enabled", "note", "cite"}


def validate(value: Any, origin: str, node: Node = PACK, path: tuple[str, ...] = ()) -> None:
    """Check one pack's own content (before inheritance) against the schema."""
    key = dotted(path)
    if isinstance(node, Scalar):
        if not node.accepts(value):
            raise PolicyError(origin, key, f"应为{node.label}，实际为{_show(value)}")
        return
    if isinstance(node, ListOf):
        if not isinstance(value, list):
            raise PolicyError(origin, key, f"应为数组，实际为{_show(value)}")
        for index, item in enumerate(value):
            validate(item, origin, node.item, (*path[:-1], f"{path[-1]}[{index}]"))
        return
    if not isinstance(value, dict):
        raise PolicyError(origin, key, f"应为表，实际为{_show(value)}")
    for name, item in value.items():
        child = node.fields.get(name)
        if child is None and node.extra is not None:
            if node.extra_keys is not None and name not in node.extra_keys:
                allowed = "、".join(node.extra_keys)
                raise PolicyError(origin, dotted((*path, name)), f"未知的键（可用：{allowed}）")
            child = node.extra
        if child is None:
            raise PolicyError(origin, dotted((*path, name)), _unknown_key(node, name, path))
        validate(item, origin, child, (*path, name))
    required = node.required
    if node.is_rule and turns_off_only(value):
        required = required - {"cite"}
    missing = sorted(required - value.keys())
    if missing:
        raise PolicyError(origin, key, "缺少必填的键：" + "、".join(missing))
    if node.check is not None:
        problem = node.check(value)
        if problem:
            raise PolicyError(origin, key, problem)


def rule_paths(node: Node = PACK, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every place in the schema where a rule table may stand."""
    if not isinstance(node, Table):
        return []
    if node.is_rule:
        return [path]
    found = []
    for name, child in node.fields.items():
        found.extend(rule_paths(child, (*path, name)))
    return found


def known_codes() -> set[str]:
    """Every rule code a pack can set."""
    return {path[-1] for path in rule_paths()}
