"""Every section of a pack — credits, numbering, application, filing, execution, attendance,
scoring, credit entry, evidence, compliance, audit, sanctions, work report, notifications — and
the pack itself (:data:`PACK`)."""

import re
from collections.abc import Mapping
from typing import Any

from jijiao.engine.packs.schema.facts import SECTION_FACTS, by_level, config, rule, section
from jijiao.engine.packs.schema.nodes import (
    ACTIVITY_TYPE,
    BOOL,
    CREDIT_CLASS,
    DATETIME,
    DISCIPLINE,
    EXEMPTION,
    FORMAT,
    INT,
    LEVEL,
    MONTH,
    MONTH_DAY,
    NUMBER,
    RATIO,
    SEVERITY,
    STR,
    TITLE,
    TRACK,
    UNIT_LEVEL,
    ListOf,
    Scalar,
    Table,
    one_of,
)
from jijiao.engine.rules import vocab

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
            # Workflow only (no precheck): the stamped paper set by its deadline (seed 000 三.1).
            "APP_PAPER_LATE": rule(deadline=DATETIME),
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
            # The session's teachers as filed (seed 004 三).
            "FIL_THEORY_TEACHER_TITLE": rule(min=TITLE),
            "FIL_PRACTICAL_TEACHER_TITLE": rule(min=TITLE),
            "FIL_TEACHER_DISCIPLINE": rule(),
        },
    )
)

MATERIALS = ("banner_photo", "full_view_photo", "video", "attendee_list", "summary")
MATERIALS += ("textbook_use", "exam_questions", "screen_recording")

EXECUTION = Table(
    {
        "EXE_LATE": rule(max_days=INT),
        "EXE_MATERIAL_MISSING": rule(
            materials=ListOf(one_of(*MATERIALS)),
            # Owed besides when the session is held online or blended (seed 004 五).
            online_materials=ListOf(one_of(*MATERIALS)),
        ),
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
            # Workflow only: a window the host sets lies in the session's time.
            "ATT_WINDOW_OUTSIDE_SESSION": rule(lead_minutes=INT),
            # The eligibility list of an online (or blended) session: in registration order, or
            # by accumulated online time, high to low (seed 004 五、六).
            "eligibility_list": config(online_order=one_of("registration", "minutes_desc")),
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
    # From when a unit may confirm a year's compliance list (after the year's review closes).
    confirm_opens=config(("opens",), opens=DEADLINE),
    # What the annual proof stands for besides (seed 003 第九条: 视同完成当年度 60 学时专业科目).
    annual_proof=config(professional_hours=INT),
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

# Worked examples (issue 22): a document and the outcome the notice's text gives for it, cited.
# Kept with the pack, run by 试算 on its page and by CI for every shipped pack; a pack whose
# example fails cannot be made the policy of a call or of a credit year.
EXAMPLE_KINDS = (
    "application",
    "filing",
    "attendance",
    "execution-score",
    "credit-entry",
    "annual-compliance",
    "promotion-audit",
)
DOCUMENT = Scalar("表（预审文档，字段见 contract.md）", lambda v: isinstance(v, dict))
SETTINGS = Scalar(
    '表（键为文档中的位置，如 "pi.birth_date"、"courses[0].minutes"）',
    lambda v: isinstance(v, dict),
)
CODE = Scalar(
    "规则代码（如 APP_PI_AGE）",
    lambda v: isinstance(v, str) and re.fullmatch(r"[A-Z]{3}_[A-Z0-9_]+", v) is not None,
)


def _example_check(table: Mapping[str, Any]) -> str | None:
    if ("document" in table) == ("like" in table):
        return "例子须有 document（完整文档）或 like（以另一个例子的文档为基础）之一"
    if not any(key in table for key in ("fires", "not_fires", "ok", "result")):
        return "例子须写明结果：fires、not_fires、ok、result 至少其一"
    both = set(table.get("fires", ())) & set(table.get("not_fires", ()))
    if both:
        return f"同一规则不能既触发又不触发：{'、'.join(sorted(both))}"
    return None


EXAMPLE = Table(
    {
        "name": STR,
        "note": STR,
        "cite": STR,
        "kind": one_of(*EXAMPLE_KINDS),
        "document": DOCUMENT,
        "like": STR,
        "set": SETTINGS,
        "unset": ListOf(STR),
        "fires": ListOf(CODE),
        "not_fires": ListOf(CODE),
        "ok": BOOL,
        "result": Scalar("表（结果中应有的键和值，如 status）", lambda v: isinstance(v, dict)),
    },
    required=frozenset({"name", "note", "cite", "kind"}),
    check=_example_check,
)

# Keys that describe the pack itself; they are not inherited by packs that extend it.
# ``division`` is the area the pack is written for (GB/T 2260 code of a province, city or county;
# none for a national pack): an office is offered the packs of its own area.
META_KEYS = frozenset({"id", "title", "extends", "notice", "note", "division", "examples"})

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
        # A unit's application for its account: the scans it sends and the day of the month by
        # which an application is taken up that month (seed 003 第十四条).
        "unit_accounts": config(
            scans=ListOf(one_of("form", "licence", "legal_representative_id", "agent_id")),
            monthly_cutoff=INT,
        ),
        # A person released from a closed unit nobody manages: the certificates it is done on
        # (seed 003 第十八条).
        "transfers": config(forced_proofs=ListOf(one_of("deregistration", "intake"))),
        # A lost unit password is reset on the unit's stamped request (seed 003 第十七条).
        "password_reset": config(stamped_request=BOOL),
        # TCM projects taken in and reviewed by their own office (seed 003 第七条: 中医处).
        "routing": config(tcm=BOOL),
        # Half-year training plans: the days by which each half's plan is due (seed 003 第十一条).
        "plans": config(deadlines=ListOf(MONTH_DAY)),
        # A remote education provider's registration with the city (seed 003 第十二条).
        "remote": config(platforms=ListOf(one_of("web", "mobile"))),
        # On-site supervision: at least ``min_rate`` of the published projects held in
        # ``formats`` (seed 000 二.5 "按照不低于公布数的 10%进行现场督导").
        "inspection": config(min_rate=RATIO, formats=ListOf(FORMAT), levels=ListOf(LEVEL)),
        "notifications": NOTIFICATIONS,
        "examples": ListOf(EXAMPLE),
    },
    required=frozenset({"id", "title"}),
)
