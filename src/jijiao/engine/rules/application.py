"""Application (申报) rules — ``APP_*`` of rules.md, with the credits computed from teaching time.

Every check takes the prepared :class:`Context` and the pack's
:class:`~jijiao.engine.packs.Rule` for the project's level, and returns findings; a check whose
facts are absent returns none. Numbers come from the rule (the pack), never from here.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from jijiao.engine.packs.model import Policy, Rule
from jijiao.engine.rules import application_general as general
from jijiao.engine.rules import application_people as people
from jijiao.engine.rules.application_input import Application, Context, Unit, prepare
from jijiao.engine.rules.dates import to_shanghai
from jijiao.engine.rules.findings import Finding, found
from jijiao.engine.rules.numbers import (
    as_fraction,
    credits_down,
    fraction_text,
    half_up,
    json_credits,
    json_number,
)
from jijiao.engine.rules.similarity import similarity
from jijiao.engine.rules.vocab import FORMAT_NAMES, TRACK_NAMES, secondary_discipline

# ------------------------------------------------------------------ credits from teaching time


@dataclass(frozen=True)
class CreditFigures:
    """Teaching time and credits; a figure the pack cannot give (no 学时 length) is ``None``."""

    minutes: int | None
    hours: Fraction | None
    computed: Fraction | None
    credits: Fraction | None


def credit_figures(ctx: Context) -> CreditFigures:
    """Teaching minutes → 学时 → credits, rounded down to 0.1, capped at the project maximum.

    The project's credits are the requested value if given, else the computed one, and never
    above the pack's ``max_per_project`` for the level.
    """
    minutes = ctx.teaching_minutes
    per_hour = ctx.credits.get("minutes_per_hour")
    per_credit = ctx.credits.get("hours_per_credit")
    hours = Fraction(minutes, per_hour) if minutes is not None and per_hour else None
    computed = None
    if hours is not None and per_credit:
        computed = credits_down(hours / as_fraction(per_credit))
    chosen = ctx.project.requested_credits
    if chosen is None:
        chosen = computed
    maximum = ctx.credits.get("max_per_project")
    if chosen is not None and maximum is not None:
        chosen = min(chosen, as_fraction(maximum))
    return CreditFigures(minutes, hours, computed, chosen)


def unit_quota(unit: Unit, rule: Rule) -> int | None:
    """The unit's recommendation quota in this call (温继委办发〔2025〕1号 三.1).

    ``unit.first_time`` true → the pack's ``first_time`` quota. Otherwise, when the unit's
    history (``completed_projects`` by year) is given: ⌈share × mean of completed projects over
    the pack's years⌉, a listed year missing from the history counting 0 — so a unit that had
    projects but completed none gets 0. "Had projects before" is read from the flag: a unit not
    flagged first-time whose history is given is one with a history. Without flag or history,
    ``None`` (the rule is not applied).
    """
    if unit.first_time:
        return rule.get("first_time")
    years = rule.get("years")
    share = rule.fraction("share")
    if unit.completed_projects is None or not years or share is None:
        return None
    mean = Fraction(sum(unit.completed_projects.get(year, 0) for year in years), len(years))
    quota = math.ceil(share * mean)
    # Confirmed sanctions take places away (seed 003 第十条 缩减项目单位下年度申报名额; seed 004
    # 七): a share of the quota (rounded up), then a number of places; never below 0.
    if unit.quota_cut_share:
        quota -= math.ceil(quota * unit.quota_cut_share)
    return max(0, quota - (unit.quota_cut or 0))


# ------------------------------------------------------------------ project and unit checks


def check_window(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_WINDOW: submitted inside the call's window, both ends included (instants compared)."""
    moment = ctx.app.submitted_at
    start, end = rule.get("start"), rule.get("end")
    if moment is None or (start is None and end is None):
        return []
    moment = to_shanghai(moment)
    if (start is None or moment >= start) and (end is None or moment <= end):
        return []
    shown = "至".join(t.strftime("%Y-%m-%d %H:%M") for t in (start, end) if t is not None)
    text = f"提交时间 {moment.isoformat()} 不在申报时间 {shown} 内"
    return [found(rule, "project", text)]


_FIELD_NAMES = {
    "name": "项目名称",
    "discipline": "学科",
    "format": "举办方式",
    "sessions": "举办期数",
    "enrollment_per_session": "每期招生人数",
    "venue": "举办地点",
}


def check_incomplete(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_INCOMPLETE: the facts an application must state (温继委办发〔2025〕1号 二.3(6)).

    Name, discipline, format, sessions, enrollment, the PI, at least one theory or practical row,
    a teacher on each such row, and a venue for the formats the pack lists (offline, blended).
    """
    project = ctx.project
    missing = [
        label
        for key, label in _FIELD_NAMES.items()
        if key != "venue" and getattr(project, key) in (None, "")
    ]
    if project.format in rule.get("venue_formats", ()) and not project.venue:
        missing.append(_FIELD_NAMES["venue"])
    if not ctx.pi.name:
        missing.append("项目负责人")
    if not ctx.teaching_rows:
        missing.append("理论授课或实验（技术示范）课程")
    findings = []
    if missing:
        findings.append(found(rule, "project", "申报书未完整填写：缺少" + "、".join(missing)))
    for index, course in ctx.teaching_rows:
        if course.teacher is None or not course.teacher.name:
            text = f"课程「{course.topic or index + 1}」未填写授课教师"
            findings.append(found(rule, f"courses[{index}]", text))
    return findings


def check_host(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_HOST_INELIGIBLE: the applying unit's licence status is valid."""
    status = ctx.unit.licence_status
    if status is None or status == "valid":
        return []
    return [found(rule, "unit", f"申报单位执业资格状态为 {status}，不具备举办资格")]


def check_format_suspended(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_FORMAT_SUSPENDED: the format is accepted this year."""
    fmt = ctx.project.format
    if fmt is None or fmt not in rule.get("formats", ()):
        return []
    return [found(rule, "project", f"本年度暂停申报{FORMAT_NAMES[fmt]}培训项目")]


def check_track_suspended(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_TRACK_SUSPENDED: the track (new, re-filing) is accepted this year."""
    track = ctx.project.track
    if track is None or track not in rule.get("tracks", ()):
        return []
    return [found(rule, "project", f"本年度暂停{TRACK_NAMES[track]}项目")]


def check_name_banned_word(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_NAME_BANNED_WORD: the name has no word above the actual scale (中国, 峰会, …)."""
    name = ctx.project.name or ""
    words = [word for word in rule.get("words", ()) if word in name]
    if not words:
        return []
    shown = "、".join(f"“{word}”" for word in words)
    return [found(rule, "project", f"项目名称「{name}」含有高于实际规格的字样 {shown}")]


_THEME_NAMES = {
    "academic_conference": "学术会议",
    "forum": "论坛",
    "lecture": "学术讲座",
    "annual_meeting": "无教学主题的年会",
    "work_meeting": "工作会议",
}


def check_academic_theme(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_ACADEMIC_THEME: not an academic conference, forum, lecture series, annual or work
    meeting (the theme kinds the pack lists)."""
    kind = ctx.project.theme_kind
    if kind is None or kind not in rule.get("theme_kinds", ()):
        return []
    text = f"以{_THEME_NAMES.get(kind, kind)}为主题申报的项目不予受理"
    return [found(rule, "project", text)]


def check_venue_own_unit(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_VENUE_NOT_OWN_UNIT: a medical unit's project is held at the unit itself ("首选")."""
    project = ctx.project
    formats = rule.get("formats")
    if not ctx.unit.is_medical or project.venue_is_own_unit is not False:
        return []
    if formats is not None and project.format not in formats:
        return []
    text = f"医疗单位培训项目首选在本单位开展，举办地点为「{project.venue or '未填写'}」"
    return [found(rule, "project", text)]


def check_enrollment(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_ENROLLMENT_LIMIT: planned enrollment per session ≤ max (offline and blended)."""
    project = ctx.project
    limit, formats = rule.get("max"), rule.get("formats")
    if project.enrollment_per_session is None or limit is None:
        return []
    if formats is not None and project.format not in formats:
        return []
    if project.enrollment_per_session <= limit:
        return []
    text = f"每期计划招生 {project.enrollment_per_session} 人，超过 {limit} 人上限"
    return [found(rule, "project", text)]


def check_sessions(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_SESSION_LIMIT: sessions in the year ≤ max."""
    sessions, limit = ctx.project.sessions, rule.get("max")
    if sessions is None or limit is None or sessions <= limit:
        return []
    return [found(rule, "project", f"计划举办 {sessions} 期，超过每年 {limit} 期上限")]


def check_credit_limit(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_CREDIT_LIMIT: requested credits ≤ the level's ``max_per_project``."""
    requested, maximum = ctx.project.requested_credits, ctx.credits.get("max_per_project")
    if requested is None or maximum is None or requested <= as_fraction(maximum):
        return []
    limit = fraction_text(as_fraction(maximum))
    text = f"申请学分 {fraction_text(requested)} 分，超过每项目 {limit} 分上限"
    return [found(rule, "project", text)]


def check_credit_above_hours(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_CREDIT_ABOVE_HOURS: requested credits are not above those computed from teaching time."""
    figures = credit_figures(ctx)
    requested = ctx.project.requested_credits
    if requested is None or figures.computed is None or requested <= figures.computed:
        return []
    text = (
        f"申请学分 {fraction_text(requested)} 分，高于按教学时数核算的 "
        f"{fraction_text(figures.computed)} 分"
    )
    return [found(rule, "project", text)]


def check_out_of_province(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_OUT_OF_PROVINCE_TRAINEES: planned out-of-province trainees ≥ min (national)."""
    planned, minimum = ctx.project.out_of_province_trainees, rule.get("min")
    if planned is None or minimum is None or planned >= minimum:
        return []
    return [found(rule, "project", f"计划招收省外学员 {planned} 人，少于 {minimum} 人")]


def check_unit_quota(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_UNIT_QUOTA: the unit's recommended applications, this one included, ≤ quota.

    ``unit.applications_in_call`` counts the unit's other applications already recommended.
    """
    quota = unit_quota(ctx.unit, rule)
    others = ctx.unit.applications_in_call
    if quota is None or others is None or others + 1 <= quota:
        return []
    text = f"单位本次推荐项目 {others + 1} 项（含本项），超过推荐限额 {quota} 项"
    return [found(rule, "unit", text)]


def check_unit_discipline_barred(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_UNIT_DISCIPLINE_BARRED: the unit is not barred from the project's secondary
    discipline this year by a sanction the office confirmed.

    The bar comes from a pack's sanction rule with ``target = "unit_discipline"``,
    ``effect = "bar"`` (:mod:`jijiao.engine.rules.sanctions`): seed 004 五、六
    (安阳市继委2022年项目通知：未按规定时间和要求上报的项目…根据具体情况取消下一年该申办单位
    同专业申办资格). The rule table
    (``application.<level>.APP_UNIT_DISCIPLINE_BARRED``) only sets the severity."""
    discipline = ctx.project.discipline
    year = people.sanction_year(ctx)
    if discipline is None or year is None:
        return []
    secondary = secondary_discipline(discipline)
    for bar in ctx.unit.sanctions or []:
        if (
            bar.discipline
            and secondary_discipline(bar.discipline) == secondary
            and bar.in_force(year)
        ):
            text = f"申报单位 {year} 年度被取消 {secondary} 专业项目申报资格" + (
                f"（{bar.reason}）" if bar.reason else ""
            )
            return [found(rule, "unit", text)]
    return []


def check_duplicate(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_DUPLICATE_CONTENT: not a near-duplicate of another application or recent project.

    Similarity is the character-bigram Dice coefficient over name + summary
    (:mod:`jijiao.engine.rules.similarity`); a pair at or above the pack's threshold is flagged.
    """
    threshold = rule.fraction("threshold")
    if threshold is None or not ctx.app.others:
        return []
    project = ctx.project
    findings = []
    for index, other in enumerate(ctx.app.others):
        score = similarity(project.name, project.summary, other.name, other.summary)
        if score is not None and score >= threshold:
            text = (
                f"与「{other.name or '（未命名）'}」内容雷同，相似度 "
                f"{json_number(score, 2)}，达到阈值 {fraction_text(threshold)}"
            )
            findings.append(found(rule, f"others[{index}]", text))
    return findings


Check = Callable[[Context, Rule], list[Finding]]

CHECKS: dict[str, Check] = {
    "APP_WINDOW": check_window,
    "APP_INCOMPLETE": check_incomplete,
    "APP_HOST_INELIGIBLE": check_host,
    "APP_FORMAT_SUSPENDED": check_format_suspended,
    "APP_TRACK_SUSPENDED": check_track_suspended,
    "APP_NAME_BANNED_WORD": check_name_banned_word,
    "APP_ACADEMIC_THEME": check_academic_theme,
    "APP_VENUE_NOT_OWN_UNIT": check_venue_own_unit,
    "APP_ENROLLMENT_LIMIT": check_enrollment,
    "APP_SESSION_LIMIT": check_sessions,
    "APP_CREDIT_LIMIT": check_credit_limit,
    "APP_CREDIT_ABOVE_HOURS": check_credit_above_hours,
    "APP_OUT_OF_PROVINCE_TRAINEES": check_out_of_province,
    "APP_UNIT_QUOTA": check_unit_quota,
    "APP_DUPLICATE_CONTENT": check_duplicate,
    "APP_UNIT_DISCIPLINE_BARRED": check_unit_discipline_barred,
    **people.CHECKS,
    **general.CHECKS,
}


def check_application(app: Application, policy: Policy) -> tuple[list[Finding], dict[str, Any]]:
    """All application rules of the project's level, and the result of contract.md.

    The caller makes sure ``project.level`` is given: it selects the rules.
    """
    level = app.project.level if app.project else None
    ctx = prepare(app, policy.get("credits", level, default={}) if level else {})
    rules = policy.rules("application", level, facts=ctx.facts) if level else {}
    # Workflow-only rules (WORKFLOW_CODES) are checked where their facts are: at intake.
    findings = [
        f for code, rule in rules.items() if code in CHECKS for f in CHECKS[code](ctx, rule)
    ]
    figures = credit_figures(ctx)
    result: dict[str, Any] = {
        "teaching_minutes": figures.minutes,
        "teaching_hours": None if figures.hours is None else float(half_up(figures.hours, 2)),
        "computed_credits": None if figures.computed is None else json_credits(figures.computed),
        "credits": None if figures.credits is None else json_credits(figures.credits),
    }
    quota_rule = rules.get("APP_UNIT_QUOTA")
    quota = unit_quota(ctx.unit, quota_rule) if quota_rule else None
    if quota is not None:
        result["quota"] = quota
    return findings, result
