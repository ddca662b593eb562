"""The effective policy: merged values, where each came from, a content hash."""

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from jijiao.engine.packs.schema import FACTS, RULE_CODE, dotted, rule_paths
from jijiao.engine.rules.numbers import as_fraction

Path = tuple[str, ...]

# Keys of a rule table that are not the rule's values.
_RULE_META = ("severity", "cite", "enabled", "cases", "when", "secondary", "note")


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
    enabled: bool = True
    # The pack's ``cases`` (each with ``when``), first match wins; empty once selected.
    cases: tuple[Mapping[str, Any], ...] = ()
    # Which case gave the values (its index), ``None`` for the rule's own (default) values.
    case: int | None = None

    def given(self, facts: Mapping[str, Any]) -> "Rule | None":
        """The rule as it applies to a person, unit or project with ``facts`` (``{"unit.category":
        "county", …}``): the first case whose ``when`` holds, else the default. ``None`` when the
        chosen values switch the rule off. An absent fact holds for no case."""
        chosen: Rule = self
        for index, case in enumerate(self.cases):
            if case_holds(case["when"], facts):
                own = {k: v for k, v in case.items() if k not in _RULE_META}
                chosen = replace(
                    self,
                    severity=case.get("severity", self.severity),
                    cite=case.get("cite", self.cite),
                    enabled=case.get("enabled", True),
                    values=MappingProxyType({**self.values, **own}),
                    cases=(),
                    case=index,
                )
                break
        return chosen if chosen.enabled else None

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
    # The pack's own worked examples (not inherited; not part of the content hash).
    examples: tuple = field(default=(), compare=False, repr=False)
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

    def rule(self, *path: str, facts: Mapping[str, Any] | None = None) -> Rule | None:
        """The rule at ``path`` (e.g. ``"application", "city", "APP_PI_AGE"``) as it applies to
        ``facts`` (see :meth:`Rule.given`; none given → the default values), or ``None`` when
        this policy does not set it or switches it off."""
        if path not in self._rule_cache:
            self._rule_cache[path] = self._build_rule(path)
        rule = self._rule_cache[path]
        return None if rule is None else rule.given(facts or {})

    def case_facts(self, *path: str) -> tuple[str, ...]:
        """The facts any ``when`` of a case in the table at ``path`` (at any depth) names, sorted:
        all that the rules there can select on."""
        key = ("case_facts", *path)
        if key not in self._rule_cache:
            names: set[str] = set()

            def walk(node: Any) -> None:
                if isinstance(node, Mapping):
                    for case in node.get("cases", ()) or ():
                        if isinstance(case, Mapping):
                            names.update(case.get("when", {}) or {})
                    for item in node.values():
                        walk(item)
                elif isinstance(node, tuple):
                    for item in node:
                        walk(item)

            walk(self.get(*path))
            self._rule_cache[key] = tuple(sorted(names))
        return self._rule_cache[key]

    def _build_rule(self, path: Path) -> Rule | None:
        table = self.get(*path)
        if not isinstance(table, Mapping):
            return None
        enabled = table.get("enabled", True) is not False
        cases = tuple(table.get("cases", ()))
        if not enabled and not cases:
            return None
        values = {k: v for k, v in table.items() if k not in _RULE_META}
        sources = {k: self.source(*path, k) for k in table}
        return Rule(
            code=path[-1],
            # Sanction rules (SAN_*) propose, they do not find: no severity of their own.
            severity=table.get("severity", "error"),
            cite=table.get("cite", ""),
            values=MappingProxyType(values),
            path=path,
            sources=MappingProxyType(sources),
            enabled=enabled,
            cases=cases,
        )

    def rules(self, *path: str, facts: Mapping[str, Any] | None = None) -> dict[str, Rule]:
        """Every rule in the table at ``path`` (a section such as ``"filing", "city"``) as it
        applies to ``facts``."""
        table = self.get(*path, default={})
        found = {}
        for code in table:
            if RULE_CODE.match(code):
                rule = self.rule(*path, code, facts=facts)
                if rule is not None:
                    found[code] = rule
        return found

    def case_tables(self) -> list[dict[str, Any]]:
        """Every rule whose values depend on facts, as a table: one row per case in order, then
        the default row (``when`` empty). For the pack page."""
        tables = []
        for path, rule in self._rules_with_cases():
            facts = list(dict.fromkeys(f for case in rule.cases for f in case["when"]))
            shown = [k for k in ("enabled", "severity") if any(k in c for c in rule.cases)]
            own = [k for case in rule.cases for k in case if k not in _RULE_META]
            keys = shown + list(dict.fromkeys(own))
            default = {"enabled": rule.enabled, "severity": rule.severity, **rule.values}
            rows = [
                {"when": dict(case["when"]), "values": {k: case.get(k) for k in keys}}
                for case in rule.cases
            ]
            rows.append({"when": {}, "values": {k: default.get(k) for k in keys}})
            tables.append(
                {
                    "key": dotted(path),
                    "cite": rule.cite,
                    "facts": [(name, FACTS[name].label) for name in facts],
                    "keys": keys,
                    "rows": rows,
                }
            )
        return tables

    def _rules_with_cases(self) -> Iterator[tuple[Path, Rule]]:
        for path in rule_paths():
            if self.get(*path) is None:
                continue
            self.rule(*path)
            rule = self._rule_cache.get(path)
            if rule is not None and rule.cases:
                yield path, rule

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


def case_holds(when: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    """Every condition of ``when`` holds for ``facts``: the fact is present and is one of the
    listed values (for the division: the listed code or a code under it)."""
    for name, wanted in when.items():
        actual = facts.get(name)
        if actual is None:
            return False
        options = wanted if isinstance(wanted, list | tuple) else (wanted,)
        spec = FACTS.get(name)
        if spec is not None and spec.prefix:
            if not any(str(actual).startswith(division_prefix(code)) for code in options):
                return False
        elif actual not in options:
            return False
    return True


def division_prefix(code: str) -> str:
    """``"330300"`` → ``"3303"``: a division and the divisions under it share this prefix."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def content_hash(values: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(values).encode("utf-8")).hexdigest()
