"""Execution report (执行情况) — ``EXE_*`` of rules.md. Workflow only: no precheck kind.

The execution app builds an :class:`ExecutionReport` from a session's report and calls
:func:`check_execution`, so the workflow and any batch check apply the same rules.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from jijiao.engine.packs.model import Policy, Rule
from jijiao.engine.rules.dates import days_between
from jijiao.engine.rules.findings import Finding, found
from jijiao.engine.rules.numbers import percent, ratio_text
from jijiao.engine.rules.vocab import Format, Level

MATERIAL_NAMES = {
    "banner_photo": "会场照片（显示会议条幅）",
    "full_view_photo": "会场照片（学员全景）",
    "video": "会场视频",
    "attendee_list": "学员名册",
    "summary": "执行情况总结",
    "textbook_use": "教材使用情况",
    "exam_questions": "考试试题",
    "screen_recording": "直播平台录屏（首页至学员累计学时数）",
}


@dataclass(frozen=True)
class ExecutionReport:
    level: Level | None = None
    session_end: date | None = None
    reported_on: date | None = None
    materials: frozenset[str] | None = None
    host_is_medical: bool | None = None
    trainees_total: int | None = None
    trainees_external: int | None = None
    # As held: an online or blended session owes the pack's ``online_materials`` too.
    format: Format | None = None


def check_late(report: ExecutionReport, rule: Rule) -> list[Finding]:
    """EXE_LATE: reported within N calendar days after the session's end."""
    limit = rule.get("max_days")
    if report.reported_on is None or report.session_end is None or limit is None:
        return []
    days = days_between(report.session_end, report.reported_on)
    if days <= limit:
        return []
    return [found(rule, "session", f"举办结束后 {days} 天上报执行情况，超过 {limit} 天")]


def check_materials(report: ExecutionReport, rule: Rule) -> list[Finding]:
    """EXE_MATERIAL_MISSING: the report carries every material the pack lists for the level
    (``materials``), and, for a session held online or blended, those it lists for online
    sessions (``online_materials``: the platform's screen recording, seed 004 五)."""
    if report.materials is None:
        return []
    required = list(rule.get("materials", ()))
    if report.format in ("online", "blended"):
        required += [m for m in rule.get("online_materials", ()) if m not in required]
    missing = [m for m in required if m not in report.materials]
    if not missing:
        return []
    text = "执行情况缺少" + "、".join(MATERIAL_NAMES[m] for m in missing)
    return [found(rule, "session", text)]


def check_external_trainees(report: ExecutionReport, rule: Rule) -> list[Finding]:
    """EXE_EXTERNAL_TRAINEES: a medical institution's trainees from other units ≥ the pack's
    share of all trainees."""
    share = rule.fraction("min_share")
    total, external = report.trainees_total, report.trainees_external
    if not report.host_is_medical or share is None or not total or external is None:
        return []
    actual = Fraction(external, total)
    if actual >= share:
        return []
    text = (
        f"外单位学员 {external} 人，占学员总数 {total} 人的 {percent(actual)}，"
        f"低于 {ratio_text(share)}"
    )
    return [found(rule, "session", text)]


CHECKS: dict[str, Callable[[ExecutionReport, Rule], list[Finding]]] = {
    "EXE_LATE": check_late,
    "EXE_MATERIAL_MISSING": check_materials,
    "EXE_EXTERNAL_TRAINEES": check_external_trainees,
}


def check_execution(report: ExecutionReport, policy: Policy) -> list[Finding]:
    """The execution rules of the project's level."""
    if report.level is None:
        return []
    rules = policy.rules("execution", report.level)
    return [f for code, rule in rules.items() for f in CHECKS[code](report, rule)]
