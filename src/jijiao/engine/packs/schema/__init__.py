"""The shape of a policy pack, checked when a pack is loaded.

A pack is a TOML table. Every key a pack may set is declared here with its type; an unknown key, a
value of the wrong type or a rule table without its citation is a :class:`PolicyError` naming the
pack's file (or database origin), the key and the reason. No Django here: office-authored packs
stored in the database go through the same check.

Rule tables (``APP_PI_AGE`` …) carry ``severity`` (pack data, rules.md), ``cite`` (the notice and
clause, shown in every message), optionally ``secondary`` (the value is relayed, not from a seed),
``enabled`` (false switches an inherited rule off) and ``note``; the rest are the rule's values.

Any rule may also carry ``cases``: an ordered list of tables, each with ``when`` (facts of the
person, the unit or the project → the values they must have) and the values that apply then —
any of the rule's own values, ``severity``, ``enabled`` or ``cite``. The first case whose ``when``
holds wins; the rule's own values are the default, used when no case holds or a fact is absent.
Which facts a rule may select on depends on its section (:data:`SECTION_FACTS`).

The schema is split by what it declares: :mod:`.nodes` (the value types), :mod:`.facts` (what a
rule's ``cases`` select on, and the helpers that declare rules and sections), :mod:`.sections`
(every section of a pack, down to :data:`PACK`) and :mod:`.check` (the check itself and where
rules may stand). The names the rest of the engine uses are here.
"""

from jijiao.engine.packs.schema.check import (
    RULE_CODE,
    dotted,
    known_codes,
    rule_paths,
    turns_off_only,
    validate,
)
from jijiao.engine.packs.schema.facts import FACTS, SECTION_FACTS, Fact
from jijiao.engine.packs.schema.nodes import BOOL, ListOf, Node, PolicyError, Scalar, Table
from jijiao.engine.packs.schema.sections import META_KEYS, PACK

__all__ = [
    "BOOL",
    "FACTS",
    "META_KEYS",
    "PACK",
    "RULE_CODE",
    "SECTION_FACTS",
    "Fact",
    "ListOf",
    "Node",
    "PolicyError",
    "Scalar",
    "Table",
    "dotted",
    "known_codes",
    "rule_paths",
    "turns_off_only",
    "validate",
]
