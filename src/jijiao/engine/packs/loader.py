"""Loading packs: TOML text → schema check → inheritance (deep merge) → :class:`Policy`.

A pack names the pack it ``extends``; tables merge key by key, any other value (arrays included)
replaces the inherited one. Where a pack's text comes from is a *resolver*: the shipped packs are
files in ``packs/``; office-authored packs stored in the database plug in a resolver of their own
(see :func:`chain_resolvers`) and are checked by the same schema.
"""

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jijiao.engine.packs.examples import resolve_examples
from jijiao.engine.packs.model import Policy, content_hash, freeze, plain
from jijiao.engine.packs.schema import META_KEYS, PolicyError, dotted, rule_paths, validate

PACKS_DIR = Path(__file__).parent / "shipped"
SHANGHAI = ZoneInfo("Asia/Shanghai")
PACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass(frozen=True)
class PackSource:
    """A pack's text and where it came from (a file path, ``db:…``), for error messages."""

    pack_id: str
    origin: str
    text: str


Resolver = Callable[[str], PackSource | None]


class UnknownPack(LookupError):
    """No resolver knows this pack id."""

    def __init__(self, pack_id: str) -> None:
        super().__init__(f"未知的政策包：{pack_id}")
        self.pack_id = pack_id


def shipped_resolver(pack_id: str) -> PackSource | None:
    """The packs shipped in ``src/jijiao/engine/packs/shipped/``."""
    if not PACK_ID.match(pack_id):
        return None
    path = PACKS_DIR / f"{pack_id}.toml"
    if not path.is_file():
        return None
    return PackSource(pack_id, str(path), path.read_text(encoding="utf-8"))


def is_shipped(pack_id: str) -> bool:
    return bool(PACK_ID.match(pack_id)) and (PACKS_DIR / f"{pack_id}.toml").is_file()


def chain_resolvers(*resolvers: Resolver) -> Resolver:
    """The first resolver that knows a pack wins (e.g. the database's, then the shipped files)."""

    def resolve(pack_id: str) -> PackSource | None:
        for resolver in resolvers:
            found = resolver(pack_id)
            if found is not None:
                return found
        return None

    return resolve


def shipped_pack_ids() -> list[str]:
    return sorted(path.stem for path in PACKS_DIR.glob("*.toml"))


def parse_pack(source: PackSource) -> dict[str, Any]:
    """One pack's own content, checked against the schema (no inheritance yet)."""
    try:
        data = tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(source.origin, "", f"TOML 语法错误：{error}") from None
    validate(data, source.origin)
    # An example's document is plain JSON data (dates as ISO text), as the precheck reads it.
    examples = plain(data.pop("examples", []))
    data = _dates_as_instants(data)
    if examples:
        data["examples"] = examples
    _check_windows(data, source.origin)
    if data["id"] != source.pack_id:
        raise PolicyError(source.origin, "id", f"应与政策包标识 {source.pack_id!r} 一致")
    return data


def _dates_as_instants(value: Any, key: str = "") -> Any:
    """A date where an instant is expected (``start``/``end`` of a window) is that day in
    Asia/Shanghai: an end at 23:59:59, a start at 0:00."""
    if isinstance(value, dict):
        return {k: _dates_as_instants(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_instants(v, key) for v in value]
    if (
        isinstance(value, dt.date)
        and not isinstance(value, dt.datetime)
        and key in ("start", "end", "deadline")
    ):
        moment = dt.time(0, 0) if key == "start" else dt.time(23, 59, 59)
        return dt.datetime.combine(value, moment, SHANGHAI)
    return value


def _check_windows(data: Mapping[str, Any], origin: str, path: tuple[str, ...] = ()) -> None:
    """A table giving both ``start`` and ``end`` (a window) starts no later than it ends."""
    start, end = data.get("start"), data.get("end")
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime) and start > end:
        shown = f"{start.isoformat()} 晚于结束时间 {end.isoformat()}"
        raise PolicyError(origin, dotted(path), f"开始时间 {shown}")
    for key, value in data.items():
        if isinstance(value, Mapping):
            _check_windows(value, origin, (*path, key))


def _merge(
    into: dict[str, Any],
    sources: dict[tuple[str, ...], str],
    pack: Mapping[str, Any],
    pack_id: str,
    path: tuple[str, ...] = (),
) -> None:
    # A table whose values this pack sets is no longer relayed: the parent's ``secondary`` marker
    # does not stick to them unless this pack says so again.
    own_values = set(pack) - {"secondary", "cite", "note", "severity", "enabled"}
    if own_values and "secondary" not in pack and "secondary" in into:
        del into["secondary"]
        sources.pop((*path, "secondary"), None)
    for key, value in pack.items():
        here = (*path, key)
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], sources, value, pack_id, here)
            continue
        for old in [p for p in sources if p[: len(here)] == here]:
            del sources[old]
        if isinstance(value, Mapping):
            into[key] = {}
            _merge(into[key], sources, value, pack_id, here)
        else:
            into[key] = value
            sources[here] = pack_id


def _chain(first: PackSource, resolver: Resolver) -> list[tuple[PackSource, dict[str, Any]]]:
    """The pack and its ancestors, nearest first; a missing or circular parent is an error."""
    chain = [(first, parse_pack(first))]
    seen = {first.pack_id}
    while "extends" in chain[-1][1]:
        child, data = chain[-1]
        parent_id = data["extends"]
        if parent_id in seen:
            raise PolicyError(child.origin, "extends", f"继承关系成环：{parent_id}")
        parent = resolver(parent_id)
        if parent is None:
            raise PolicyError(child.origin, "extends", f"找不到被继承的政策包 {parent_id!r}")
        seen.add(parent_id)
        chain.append((parent, parse_pack(parent)))
    return chain


def _check_effective(values: Mapping[str, Any], sources: Mapping, origin: str) -> None:
    """After merging, every rule that applies has a severity somewhere in its chain."""
    for path in rule_paths():
        node: Any = values
        for part in path:
            node = node.get(part) if isinstance(node, Mapping) else None
        applies = isinstance(node, Mapping) and (node.get("enabled", True) or node.get("cases"))
        if applies and "severity" not in node:
            raise PolicyError(origin, dotted(path), "规则缺少 severity（error 或 warning）")


def build_policy(source: PackSource, resolver: Resolver) -> Policy:
    """The effective policy of ``source`` with its parents from ``resolver``."""
    chain = _chain(source, resolver)
    values: dict[str, Any] = {}
    sources: dict[tuple[str, ...], str] = {}
    for pack_source, data in reversed(chain):
        content = {key: value for key, value in data.items() if key not in META_KEYS}
        _merge(values, sources, content, pack_source.pack_id)
    _check_effective(values, sources, source.origin)
    _check_windows(values, source.origin)
    own = chain[0][1]
    examples = resolve_examples(
        [(pack.pack_id, pack.origin, data.get("examples", [])) for pack, data in chain]
    )
    return Policy(
        id=source.pack_id,
        title=own["title"],
        notice=own.get("notice"),
        # The area is the pack's own, else the nearest parent's (a city's pack extending it).
        division=next((data["division"] for _, data in chain if data.get("division")), None),
        chain=tuple(pack.pack_id for pack, _ in chain),
        values=freeze(values),
        sources=freeze(sources),
        content_hash=content_hash(values),
        examples=examples,
    )


def load_pack_text(
    pack_id: str,
    text: str,
    *,
    resolver: Resolver = shipped_resolver,
    origin: str | None = None,
) -> Policy:
    """A pack from TOML text (e.g. authored by an office and stored in the database).

    Its ``extends`` is looked up through ``resolver``; raises :class:`PolicyError` naming
    ``origin`` (default ``pack:<id>``), the key and the reason.
    """
    source = PackSource(pack_id, origin or f"pack:{pack_id}", text)
    return build_policy(source, resolver)


def load_with(pack_id: str, resolver: Resolver) -> Policy:
    """A pack known to ``resolver``; raises :class:`UnknownPack` when none knows it."""
    source = resolver(pack_id)
    if source is None:
        raise UnknownPack(pack_id)
    return build_policy(source, resolver)


@lru_cache(maxsize=64)
def load_policy(pack_id: str) -> Policy:
    """A shipped pack, loaded once per process (packs are read-only files)."""
    return load_with(pack_id, shipped_resolver)
