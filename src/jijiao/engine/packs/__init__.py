"""Policy packs: each jurisdiction's notice for a year as data (rules.md).

``load_policy("wenzhou-2025")`` gives the effective :class:`Policy` of a shipped pack;
``load_pack_text`` checks and loads a pack from text (office-authored packs).
"""

from jijiao.engine.packs.loader import (
    PackSource,
    UnknownPack,
    chain_resolvers,
    load_pack_text,
    load_policy,
    load_with,
    shipped_pack_ids,
    shipped_resolver,
)
from jijiao.engine.packs.model import Policy, Rule
from jijiao.engine.packs.schema import PolicyError

__all__ = [
    "PackSource",
    "Policy",
    "PolicyError",
    "Rule",
    "UnknownPack",
    "chain_resolvers",
    "load_pack_text",
    "load_policy",
    "load_with",
    "shipped_pack_ids",
    "shipped_resolver",
]
