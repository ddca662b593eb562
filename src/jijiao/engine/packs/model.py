"""The effective policy: merged values, where each came from, a content hash."""

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from jijiao.engine.packs.schema import RULE_CODE, dotted
from jijiao.engine.rules.numbers import as_fraction

Path = tuple[str, ...]


def freeze(value: Any) -> Any:
    """Read-only copies, so a cached policy cannot be changed by a caller."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def plain(value: Any) -> Any:
    """JSON-ready data: tables as dicts, arrays as lists, dates as ISO text."""
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 text: the same content always gives the same bytes."""
    return json.dumps(plain(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Rule:
    """One rule of a pack as it applies: code, severity, citation and values."""

    code: str
    severity: str
    cite: str
    values: Mapping[str, Any]
    path: Path
    sources: Mapping[str, str]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def has(self, name: str) -> bool:
        return name in self.values

    def fraction(self, name: str) -> Fraction | None:
        """A number or ``"2/3"`` value as an exact fraction; ``None`` when not set."""
        value = self.values.get(name)
        return None if value is None else as_fraction(value)

    def source(self, name: str) -> str | None:
        """The pack that set this value."""
        return self.sources.get(name)

    def cited(self, text: str) -> str:
        """A message with the rule's notice and clause: ``…（温继委办发〔2025〕1号 一.1）``."""
        return f"{text}（{self.cite}）" if self.cite else text


@dataclass(frozen=True)
class Policy:
    """A pack with its inheritance applied.

    ``values`` holds the effective content (read-only), ``sources`` maps each leaf's dotted key to
    the pack that set it, ``chain`` lists the pack and its ancestors (nearest first), and
    ``content_hash`` is the sha256 of the canonical JSON of ``values``: it changes exactly when an
    effective value changes, whatever the pack is called.
    """

    id: str
    title: str
    notice: str | None
    chain: tuple[str, ...]
    values: Mapping[str, Any]
    sources: Mapping[Path, str]
    content_hash: str
    division: str | None = None
    # Rules built once per path: a policy is read-only, and the hot loop asks again and again.
    _rule_cache: dict = field(default_factory=dict, compare=False, repr=False)

    def get(self, *path: str, default: Any = None) -> Any:
        node: Any = self.values
        for part in path:
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        return node

    def source(self, *path: str) -> str | None:
        """The pack that set a value; for a table, the nearest pack that set any value in it."""
        if path in self.sources:
            return self.sources[path]
        inside = [pack for key, pack in self.sources.items() if key[: len(path)] == path]
        return min(inside, key=self.chain.index) if inside else None

    def rule(self, *path: str) -> Rule | None:
        """The rule at ``path`` (e.g. ``"application", "city", "APP_PI_AGE"``), or ``None`` when
        this policy does not set it or switches it off."""
        if path not in self._rule_cache:
            self._rule_cache[path] = self._build_rule(path)
        return self._rule_cache[path]

    def _build_rule(self, path: Path) -> Rule | None:
        table = self.get(*path)
        if not isinstance(table, Mapping) or table.get("enabled", True) is False:
            return None
        values = {k: v for k, v in table.items() if k not in ("severity", "cite", "enabled")}
        sources = {k: self.source(*path, k) for k in table}
        return Rule(
            code=path[-1],
            # Sanction rules (SAN_*) propose, they do not find: no severity of their own.
            severity=table.get("severity", "error"),
            cite=table.get("cite", ""),
            values=MappingProxyType(values),
            path=path,
            sources=MappingProxyType(sources),
        )

    def rules(self, *path: str) -> dict[str, Rule]:
        """Every rule in the table at ``path`` (a section such as ``"filing", "city"``)."""
        table = self.get(*path, default={})
        found = {}
        for code in table:
            if RULE_CODE.match(code):
                rule = self.rule(*path, code)
                if rule is not None:
                    found[code] = rule
        return found

    def leaves(self) -> Iterator[tuple[str, Any, str]]:
        """``(dotted key, value, pack)`` for every effective value, in key order."""
        for path in sorted(self.sources):
            yield dotted(path), plain(self.get(*path)), self.sources[path]

    def describe(self) -> dict[str, Any]:
        """The ``policy show`` document."""
        return {
            "id": self.id,
            "title": self.title,
            "notice": self.notice,
            "chain": list(self.chain),
            "content_hash": self.content_hash,
            "values": [
                {"key": key, "value": value, "from": pack} for key, value, pack in self.leaves()
            ],
        }


def content_hash(values: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(values).encode("utf-8")).hexdigest()
