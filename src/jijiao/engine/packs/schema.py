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
"""

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from jijiao.engine.rules import vocab


class PolicyError(ValueError):
    """A pack that cannot be used: where it came from, which key, and why."""

    def __init__(self, origin: str, key: str, reason: str) -> None:
        super().__init__(f"{origin}: {key or '(文件)'}: {reason}")
        self.origin = origin
        self.key = key
        self.reason = reason


@dataclass(frozen=True)
class Scalar:
    label: str
    accepts: Callable[[Any], bool]


@dataclass(frozen=True)
class ListOf:
    item: "Node"


@dataclass(frozen=True)
class Table:
    fields: Mapping[str, "Node"] = field(default_factory=dict)
    # Schema of keys not listed in ``fields`` (an open map such as ``evidence.kinds``).
    extra: "Node | None" = None
    extra_keys: tuple[str, ...] | None = None
    required: frozenset[str] = frozenset()
    is_rule: bool = False
    check: Callable[[Mapping[str, Any]], str | None] | None = None


Node = Scalar | ListOf | Table


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_ratio(value: Any) -> bool:
    if _is_number(value):
        return value >= 0
    return isinstance(value, str) and re.fullmatch(r"\d+/[1-9]\d*", value) is not None


def _is_month_day(value: Any) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{2}-\d{2}", value):
        return False
    try:
        # 2024 is a leap year, so 02-29 is accepted as a day that exists in some years.
        date.fromisoformat(f"2024-{value}")
    except ValueError:
        return False
    return True


def one_of(*values: str) -> Scalar:
    return Scalar("以下之一：" + "、".join(values), lambda v: isinstance(v, str) and v in values)


STR = Scalar("字符串", lambda v: isinstance(v, str))
BOOL = Scalar("布尔值", lambda v: isinstance(v, bool))
INT = Scalar("整数", lambda v: isinstance(v, int) and not isinstance(v, bool))
NUMBER = Scalar("数字", _is_number)
RATIO = Scalar('非负数或分数字符串（如 "2/3"）', _is_ratio)
DATETIME = Scalar(
    "带时区的日期时间（如 2025-01-20T12:00:00+08:00），或日期（如 2025-02-27，"
    "截止时间按当日 23:59:59、开始时间按当日 0:00，北京时间）",
    lambda v: (
        (isinstance(v, datetime) and v.tzinfo is not None)
        or (isinstance(v, date) and not isinstance(v, datetime))
    ),
)
MONTH_DAY = Scalar('月-日（如 "03-31"）', _is_month_day)
MONTH = Scalar("月份 1–12", lambda v: INT.accepts(v) and 1 <= v <= 12)
SEVERITY = one_of("error", "warning")
LEVEL = one_of(*vocab.LEVELS)
UNIT_CATEGORY = one_of(*vocab.UNIT_CATEGORIES)
DIVISION = Scalar(
    '行政区划代码（GB/T 2260，如 "330300"）',
    lambda v: isinstance(v, str) and re.fullmatch(r"\d{2}(\d{2}){0,2}", v) is not None,
)
DISCIPLINE = Scalar(
    '学科代码（二级如 "03"，三级如 "03-06"）',
    lambda v: isinstance(v, str) and re.fullmatch(r"\d{2}(-\d{2})?", v) is not None,
)
TITLE = one_of(*vocab.TITLES)
FORMAT = one_of(*vocab.FORMATS)
TRACK = one_of(*vocab.TRACKS)
EXEMPTION = one_of(*vocab.EXEMPTIONS)
UNIT_LEVEL = one_of(*vocab.UNIT_LEVELS)
ACTIVITY_TYPE = one_of(*vocab.ACTIVITY_TYPES)
CREDIT_CLASS = one_of("I", "II")

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
        "岗位类别（如 医师、护士、药师、技师、管理）",
        STR,
        "人员档案的岗位类别；预审文档的 person.job_type（申报时为 pi.job_type）",
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


DEADLINE = Table(
    {"year": one_of("same", "next"), "day": MONTH_DAY}, required=frozenset({"year", "day"})
)


def _one_comparator(band: Mapping[str, Any]) -> str | None:
    comparators = [key for key in ("ge", "gt", "le", "lt") if key in band]
    if len(comparators) != 1:
        return "每个分档须恰好有 ge、gt、le、lt 之一"
    return None


BAND = Table(
    {"ge": RATIO, "gt": RATIO, "le": RATIO, "lt": RATIO, "points": NUMBER},
    required=frozenset({"points"}),
    check=_one_comparator,
)
BAND_ITEM = config(bands=ListOf(BAND), otherwise=NUMBER, missing=NUMBER)
SCORE_ITEMS = ("1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.2.6")
SCORE_ITEMS += ("1.2.7", "2.1.1", "2.1.2", "2.2.1")
SCORE_ITEM = one_of(*SCORE_ITEMS)

SCORING = config(
    blended_as=one_of("face_to_face", "remote"),
    not_held_points=NUMBER,
    scored_when_not_held=ListOf(SCORE_ITEM),
    survey_questions=ListOf(STR),
    survey_best_options=INT,
    modes=Table({"face_to_face": ListOf(SCORE_ITEM), "remote": ListOf(SCORE_ITEM)}),
    items=Table(
        {
            "1.1.1": BAND_ITEM,
            "1.1.2": BAND_ITEM,
            "1.1.3": BAND_ITEM,
            "1.2.1": config(unchanged=NUMBER, changed=NUMBER),
            "1.2.2": config(unchanged=NUMBER, changed=NUMBER, scenic=NUMBER),
            "1.2.3": config(none=NUMBER, partial=NUMBER, full=NUMBER),
            "1.2.4": BAND_ITEM,
            "1.2.5": config(yes=NUMBER, no=NUMBER),
            "1.2.6": BAND_ITEM,
            "1.2.7": config(all=NUMBER, otherwise=NUMBER),
            "2.1.1": BAND_ITEM,
            "2.1.2": BAND_ITEM,
            "2.2.1": BAND_ITEM,
        }
    ),
)

CREDITS = config(
    credit_class=CREDIT_CLASS,
    credit_level=one_of(*vocab.LEVELS),
    minutes_per_hour=INT,
    hours_per_credit=RATIO,
    max_per_project=RATIO,
    lecturer_credits_per_hour=RATIO,
)

# How approved projects are numbered, e.g. "{year}-{discipline}-{serial:03d}（国）" gives
# 2024-03-01-001（国）: year, the two-level discipline code, a serial within year and discipline.
NUMBERING = config(
    format=Scalar(
        "编号格式（可用 {year} {discipline} {secondary} {serial}）",
        lambda v: isinstance(v, str) and "{serial" in v,
    )
)


def _pattern(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        re.compile(value)
    except re.error:
        return False
    return True


KEY = Scalar(
    "键名（小写字母、数字、下划线，如 contact_phone）",
    lambda v: isinstance(v, str) and re.fullmatch(r"[a-z][a-z0-9_]{0,39}", v) is not None,
)
DECLARED_FIELD = Table(
    {"key": KEY, "label": STR, "pattern": Scalar("正则表达式", _pattern), "note": STR},
    required=frozenset({"key", "label"}),
)
DECLARED_ATTACHMENT = Table(
    {"key": KEY, "label": STR, "note": STR}, required=frozenset({"key", "label"})
)

APPLICATION = Table(
    section(
        SECTION_FACTS["application"],
        {
            "APP_WINDOW": rule(start=DATETIME, end=DATETIME),
            "APP_INCOMPLETE": rule(venue_formats=ListOf(FORMAT)),
            "APP_HOST_INELIGIBLE": rule(),
            "APP_FORMAT_SUSPENDED": rule(formats=ListOf(FORMAT)),
            "APP_TRACK_SUSPENDED": rule(tracks=ListOf(TRACK)),
            "APP_NAME_BANNED_WORD": rule(words=ListOf(STR)),
            "APP_ACADEMIC_THEME": rule(theme_kinds=ListOf(STR)),
            "APP_PI_NOT_STAFF": rule(),
            "APP_PI_AGE": rule(max=INT),
            "APP_PI_DISCIPLINE": rule(),
            "APP_PI_TEACHING_SHARE": rule(min_share=RATIO),
            "APP_PI_APPLICATION_LIMIT": rule(max=INT),
            "APP_PI_UNEXECUTED": rule(years=ListOf(INT)),
            "APP_INTEGRITY_RECORD": rule(years=INT),
            "APP_PI_EXECUTION_MISCONDUCT": rule(years=INT),
            "APP_PI_TITLE": rule(min=TITLE, nursing_min=TITLE, nursing_disciplines=ListOf(STR)),
            "APP_THEORY_TEACHER_TITLE": rule(min=TITLE),
            "APP_PRACTICAL_TEACHER_TITLE": rule(min=TITLE),
            "APP_TEACHER_DISCIPLINE": rule(),
            "APP_TEACHER_HOURS": rule(max_theory_hours=RATIO),
            "APP_OWN_UNIT_TEACHER_SHARE": rule(min_share=RATIO),
            "APP_OWN_UNIT_HOURS_SHARE": rule(min_share=RATIO),
            "APP_VENUE_NOT_OWN_UNIT": rule(formats=ListOf(FORMAT)),
            "APP_ENROLLMENT_LIMIT": rule(max=INT, formats=ListOf(FORMAT)),
            "APP_SESSION_LIMIT": rule(max=INT),
            "APP_CREDIT_LIMIT": rule(),
            "APP_CREDIT_ABOVE_HOURS": rule(),
            "APP_OUT_OF_PROVINCE_TRAINEES": rule(min=INT),
            "APP_UNIT_QUOTA": rule(years=ListOf(INT), share=RATIO, first_time=INT),
            "APP_DUPLICATE_CONTENT": rule(threshold=RATIO),
            "APP_PI_BARRED": rule(),
            "APP_UNIT_DISCIPLINE_BARRED": rule(),
            "APP_DISCIPLINE_SCOPE": rule(
                allowed=ListOf(DISCIPLINE),
                excluded=ListOf(DISCIPLINE),
                related=ListOf(ListOf(DISCIPLINE)),
            ),
            "APP_FIELD_MISSING": rule(fields=ListOf(DECLARED_FIELD)),
            "APP_ATTACHMENT_MISSING": rule(attachments=ListOf(DECLARED_ATTACHMENT)),
            "APP_PAST_PROJECT": rule(
                tracks=ListOf(TRACK),
                years=ListOf(INT),
                years_before=ListOf(INT),
                needs=ListOf(one_of("approved", "held", "reported")),
                match=one_of("name", "number", "name_or_number"),
                mode=one_of("required", "forbidden"),
            ),
            "APP_PROJECT_ENROLLMENT_LIMIT": rule(max=INT, formats=ListOf(FORMAT)),
        },
    )
)

NOTICE_FIELDS = ("name", "number", "host", "fee_statement", "registration_date", "start", "end")
NOTICE_FIELDS += ("format", "venue", "contact", "phone")

FILING = Table(
    section(
        SECTION_FACTS["filing"],
        {
            "FIL_LATE": rule(min_days=INT),
            "FIL_NOTICE_FIELD_MISSING": rule(fields=ListOf(one_of(*NOTICE_FIELDS))),
            "FIL_NOTICE_MISMATCH": rule(fields=ListOf(one_of("name", "number", "host"))),
            "FIL_NAME_PREFIX": rule(prefixes=ListOf(STR)),
            "FIL_SCENIC_VENUE": rule(),
            "FIL_HOST_INELIGIBLE": rule(),
            "FIL_OUTSIDE_YEAR": rule(),
            "FIL_CHANGED_AFTER_APPROVAL": rule(
                fields=ListOf(one_of("name", "number", "content", "teachers", "hours"))
            ),
            "FIL_HOURS_SHORTENED": rule(),
        },
    )
)

MATERIALS = ("banner_photo", "full_view_photo", "video", "attendee_list", "summary")
MATERIALS += ("textbook_use", "exam_questions")

EXECUTION = Table(
    {
        "EXE_LATE": rule(max_days=INT),
        "EXE_MATERIAL_MISSING": rule(materials=ListOf(one_of(*MATERIALS))),
        "EXE_EXTERNAL_TRAINEES": rule(min_share=RATIO),
    }
)

ATTENDANCE = Table(
    section(
        SECTION_FACTS["attendance"],
        {
            "ATT_NO_SIGN_IN": rule(),
            "ATT_NO_SIGN_OUT": rule(),
            "ATT_ONLINE_DURATION": rule(minutes_per_day=RATIO),
            "ATT_OVERLAP": rule(),
            "ATT_CAPACITY": rule(),
            "ATT_DISCIPLINE_MISMATCH": rule(),
            "ATT_NOT_HEALTH_PROFESSIONAL": rule(),
        },
    )
)

CREDIT_GROUP = config(
    types=ListOf(ACTIVITY_TYPE),
    deadline=DEADLINE,
    late_code=one_of("CRD_LATE_ENTRY", "CRD_LATE_ENTRY_PLEDGE"),
    late_months=ListOf(MONTH),
    late_until=DEADLINE,
    late_needs=ListOf(one_of("proof", "pledge")),
    closed_code=one_of("CRD_ENTRY_CLOSED"),
)

CREDIT_ENTRY = config(
    groups=Table(extra=CREDIT_GROUP),
    CRD_LATE_ENTRY=rule(allowed_severity=SEVERITY),
    CRD_LATE_ENTRY_PLEDGE=rule(allowed_severity=SEVERITY),
    CRD_ENTRY_CLOSED=rule(),
    CRD_REVIEW_CLOSED=rule(until=DEADLINE),
    CRD_EVIDENCE_MISSING=rule(),
)

EVIDENCE = config(kinds=Table(extra=STR, extra_keys=vocab.ACTIVITY_TYPES))

ANNUAL_RULES = {
    "ANN_TOTAL": rule(min=RATIO),
    "ANN_CLASS1": rule(min=RATIO),
    "ANN_CLASS2": rule(min=RATIO),
    "ANN_PUBLIC_HOURS": rule(min=RATIO),
}

COMPLIANCE = config(
    **section(SECTION_FACTS["compliance"], ANNUAL_RULES),
    exempt=config(kinds=ListOf(EXEMPTION)),
    no_class_split=config(years=ListOf(INT)),
    county_staff=config(**ANNUAL_RULES, class_split=BOOL, remote_share_max=RATIO),
)

AUDIT = config(
    window_years=INT,
    early_window_years=INT,
    extra_row_until=MONTH_DAY,
    **section(
        SECTION_FACTS["audit"],
        {
            "AUD_YEAR_NONCOMPLIANT": rule(),
            "AUD_REMOTE_SHARE": rule(max_share=RATIO, waived_audit_years=ListOf(INT)),
            "AUD_NATIONAL_CREDITS": rule(min=RATIO, unit_levels=ListOf(UNIT_LEVEL)),
            "AUD_EVIDENCE_MISSING": rule(),
        },
    ),
)

LEVEL = one_of(*vocab.LEVELS)
SANCTION_TRIGGERS = (
    "late_filing",
    "late_report",
    "missing_report",
    "execution_rate_below",
    "score_below",
    "inspection_finding",
    "criticism",
)
SANCTION_ALLOWED = {
    "pi": ("bar",),
    "unit": ("quota_cut", "assessment_points"),
    "unit_discipline": ("bar",),
}


def _sanction_check(table: Mapping[str, Any]) -> str | None:
    """A sanction rule's trigger, target and effect fit together and carry their numbers. A pack
    that extends another may restate a rule's numbers only (its parent has the rest)."""
    trigger, target, effect = table.get("trigger"), table.get("target"), table.get("effect")
    if trigger is None or target is None or effect is None:
        return None
    if effect not in SANCTION_ALLOWED[target]:
        allowed = "、".join(SANCTION_ALLOWED[target])
        return f"对象 {target} 的处理方式只能是 {allowed}"
    if trigger in ("execution_rate_below", "score_below") and "below" not in table:
        return f"触发条件 {trigger} 须设定 below"
    if effect == "quota_cut" and ("places" in table) == ("share" in table):
        return "缩减名额须设定 places（项数）或 share（比例）之一"
    if effect == "assessment_points" and "points" not in table:
        return "扣分须设定 points"
    return None


# A sanction rule (jijiao.engine.rules.sanctions): what an event of this year costs next year.
SANCTION = Table(
    {
        **rule().fields,
        "trigger": one_of(*SANCTION_TRIGGERS),
        "target": one_of(*SANCTION_ALLOWED),
        "effect": one_of("bar", "quota_cut", "assessment_points"),
        "levels": ListOf(LEVEL),
        "below": RATIO,
        "min_days": INT,
        "years": INT,
        "places": INT,
        "share": RATIO,
        "points": NUMBER,
    },
    required=frozenset({"cite"}),
    is_rule=True,
    check=_sanction_check,
)


def _sanction_codes(table: Mapping[str, Any]) -> str | None:
    bad = [code for code in table if not re.fullmatch(r"SAN_[A-Z0-9_]+", code)]
    return f"处理规则的代码须以 SAN_ 开头：{'、'.join(bad)}" if bad else None


SANCTIONS = Table(extra=SANCTION, check=_sanction_codes)

# When the daily reminders start: a person is reminded of each workbench item due within
# ``reminder_days`` days (and once more on its last day). No notice sets this; it is the
# system's own default of 7 days (jijiao.web.reminders), which a pack may change.
NOTIFICATIONS = config(reminder_days=INT)

# Keys that describe the pack itself; they are not inherited by packs that extend it.
# ``division`` is the area the pack is written for (GB/T 2260 code of a province, city or county;
# none for a national pack): an office is offered the packs of its own area.
META_KEYS = frozenset({"id", "title", "extends", "notice", "note", "division"})

PACK = Table(
    {
        "id": STR,
        "title": STR,
        "extends": STR,
        "notice": STR,
        "note": STR,
        "division": STR,
        "credits": by_level(CREDITS),
        "numbering": by_level(NUMBERING),
        "application": by_level(APPLICATION),
        "filing": by_level(FILING),
        "execution": by_level(EXECUTION),
        "attendance": ATTENDANCE,
        "scoring": SCORING,
        "credit_entry": CREDIT_ENTRY,
        "evidence": EVIDENCE,
        "compliance": COMPLIANCE,
        "audit": AUDIT,
        "sanctions": SANCTIONS,
        # The yearly CME work report units and districts owe the office (seed 003 第七条).
        "work_report": config(due=MONTH_DAY),
        "notifications": NOTIFICATIONS,
    },
    required=frozenset({"id", "title"}),
)

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
