"""The facts a rule's ``cases`` may select on, per section, and the helpers that declare a
pack's settings, rules and sections with them."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jijiao.engine.packs.schema.nodes import (
    BOOL,
    DIVISION,
    FORMAT,
    LEVEL,
    SEVERITY,
    STR,
    TITLE,
    UNIT_CATEGORY,
    UNIT_LEVEL,
    ListOf,
    Node,
    Scalar,
    Table,
)
from jijiao.engine.rules import vocab

_SOURCE_FIELDS = {"cite": STR, "secondary": BOOL, "note": STR}


@dataclass(frozen=True)
class Fact:
    """A fact a rule's ``cases`` may select on: its Chinese name, its values, where it is read.

    ``prefix`` facts (the division) match a case's code and every code under it: ``"330300"``
    (温州市) holds for ``"330302"`` (鹿城区).
    """

    label: str
    node: Scalar
    reads: str
    prefix: bool = False


FACTS: dict[str, Fact] = {
    "unit.category": Fact(
        "单位类别（城区、郊区、县、乡镇）",
        UNIT_CATEGORY,
        "单位档案中由卫生健康行政部门维护的“单位类别”；"
        "预审文档的 unit.category 或 person.unit_category",
    ),
    "unit.level": Fact(
        "单位级别（医院等级）",
        UNIT_LEVEL,
        "单位档案的级别；预审文档的 unit.level 或 person.unit_level",
    ),
    "unit.division": Fact(
        "单位所在行政区划",
        DIVISION,
        "单位档案的行政区划代码；预审文档的 unit.division 或 person.division",
        prefix=True,
    ),
    "unit.county_level": Fact(
        "县级及以下单位",
        BOOL,
        "单位由县级卫生健康部门主管；预审文档的 unit.county_level 或 person.county_level",
    ),
    "person.title": Fact(
        "职称级别", TITLE, "人员档案的职称；预审文档的 person.title（申报时为 pi.title）"
    ),
    "person.title_series": Fact(
        "职称系列（医师、护理、药师、技师、其他）",
        STR,
        "人员档案的职称系列；预审文档的 person.title_series（申报时为 pi.title_series）",
    ),
    "person.job_type": Fact(
        "岗位类别（医师、护士、药师、技师、管理）",
        STR,
        "人员档案的岗位类别（单位在人员信息或人员名单的“岗位类别”列填写；未填写时按它的条件"
        "不成立，用默认值）；预审文档的 person.job_type（申报时为 pi.job_type）",
    ),
    "project.level": Fact("项目级别", LEVEL, "项目的级别；预审文档的 project.level"),
    "project.format": Fact("举办方式", FORMAT, "项目的举办方式；预审文档的 project.format"),
}

_UNIT = ("unit.category", "unit.level", "unit.division", "unit.county_level")
_PERSON = ("person.title", "person.title_series", "person.job_type")
_PROJECT = ("project.level", "project.format")

# The facts each section's rules may select on (the documents that section checks carry them).
SECTION_FACTS: dict[str, tuple[str, ...]] = {
    "application": _UNIT + _PERSON + _PROJECT,
    "filing": _UNIT + _PROJECT,
    "attendance": _UNIT + _PERSON + ("project.format",),
    "execution": (),
    "credit_entry": (),
    "compliance": _UNIT + _PERSON,
    "audit": _UNIT + _PERSON,
}


def _one_or_many(node: Scalar) -> Scalar:
    def accepts(value: Any) -> bool:
        if isinstance(value, list):
            return bool(value) and all(node.accepts(item) for item in value)
        return node.accepts(value)

    return Scalar(f"{node.label}，或其数组", accepts)


def _when(facts: tuple[str, ...]) -> Table:
    def not_empty(table: Mapping[str, Any]) -> str | None:
        return None if table else "when 至少须有一个条件"

    return Table({name: _one_or_many(FACTS[name].node) for name in facts}, check=not_empty)


def config(required: tuple[str, ...] = (), **fields: Node) -> Table:
    """A table of settings (not a rule): its values plus ``cite``/``secondary``/``note``."""
    return Table({**_SOURCE_FIELDS, **fields}, required=frozenset(required))


def rule(**params: Node) -> Table:
    """A rule table: ``severity`` and ``cite`` plus the rule's own values (and, once placed in a
    section by :func:`section`, the ``cases`` that select values by facts)."""
    fields = {"severity": SEVERITY, "enabled": BOOL, **_SOURCE_FIELDS, **params}
    return Table(fields, required=frozenset({"cite"}), is_rule=True)


def with_cases(table: Table, facts: tuple[str, ...]) -> Table:
    """``table`` (a rule) accepting ``cases`` that select on ``facts``."""
    if not facts:
        return table
    case = Table({"when": _when(facts), **table.fields}, required=frozenset({"when"}))
    fields = {**table.fields, "cases": ListOf(case)}
    return Table(fields, required=table.required, is_rule=True, check=table.check)


def section(facts: tuple[str, ...], rules: Mapping[str, Node]) -> dict[str, Node]:
    """A section's rules and settings; its rules accept ``cases`` over ``facts``."""
    return {
        code: with_cases(node, facts) if isinstance(node, Table) and node.is_rule else node
        for code, node in rules.items()
    }


def by_level(node: Node) -> Table:
    """Rules keyed by project level: a level's rules never apply to another level."""
    return Table({level: node for level in vocab.LEVELS})
