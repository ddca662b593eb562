"""Application rules about the PI and the teachers (``APP_PI_*``, ``APP_*_TEACHER_*``, shares)."""

from collections.abc import Callable
from fractions import Fraction

from jijiao.engine.packs.model import Rule
from jijiao.engine.rules.application_input import Context, Course, DatedRecord
from jijiao.engine.rules.dates import age_in_full_years, within_years_before
from jijiao.engine.rules.findings import Finding, found
from jijiao.engine.rules.numbers import fraction_text, percent, ratio_text
from jijiao.engine.rules.vocab import TITLE_RANK, secondary_discipline


def _teachers(ctx: Context) -> dict[str, list[tuple[int, Course]]]:
    """Distinct teachers of theory and practical rows by name, with their rows in order."""
    by_name: dict[str, list[tuple[int, Course]]] = {}
    for index, course in ctx.teaching_rows:
        if course.teacher is not None and course.teacher.name:
            by_name.setdefault(course.teacher.name, []).append((index, course))
    return by_name


def check_pi_not_staff(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_PI_NOT_STAFF: the PI is on the applying unit's staff and in service (在职在岗): a
    retired person still attached to the unit is not."""
    if ctx.pi.is_unit_staff is not False:
        return []
    status = f"（人员档案：{ctx.pi.employment}）" if ctx.pi.employment not in (None, "在职") else ""
    text = f"项目负责人 {ctx.pi.name or ''} 不是申报单位在职（岗）人员{status}"
    return [found(rule, "pi", text)]


def check_pi_age(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_PI_AGE: the PI's age in full years (周岁) on the submission date ≤ max.

    周岁 is reached on the day after the birthday
    (:func:`jijiao.engine.rules.dates.age_in_full_years`).
    """
    limit = rule.get("max")
    if ctx.pi.birth_date is None or ctx.submitted_on is None or limit is None:
        return []
    age = age_in_full_years(ctx.pi.birth_date, ctx.submitted_on)
    if age <= limit:
        return []
    return [found(rule, "pi", f"项目负责人年龄 {age} 周岁，超过 {limit} 周岁上限")]


def check_pi_discipline(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_PI_DISCIPLINE: the PI's specialty has the project's secondary discipline."""
    mine, project = ctx.pi.discipline, ctx.project.discipline
    if mine is None or project is None:
        return []
    if secondary_discipline(mine) == secondary_discipline(project):
        return []
    text = f"项目负责人专业 {mine} 与项目学科 {project} 不属同一二级学科"
    return [found(rule, "pi", text)]


def check_pi_teaching_share(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_PI_TEACHING_SHARE: the PI teaches theory, for at least the pack's share of all
    teaching time (theory and practical rows; exact fractions)."""
    total, share = ctx.teaching_minutes, rule.fraction("min_share")
    pi_known = bool(ctx.pi.name) or any(ctx.is_pi(c) for _, c in ctx.teaching_rows)
    if not total or share is None or not pi_known:
        return []
    theory = sum(
        c.minutes or 0 for _, c in ctx.teaching_rows if c.kind == "theory" and ctx.is_pi(c)
    )
    if theory == 0:
        return [found(rule, "pi", "项目负责人未参与理论授课")]
    actual = Fraction(theory, total)
    if actual >= share:
        return []
    text = (
        f"项目负责人理论授课 {theory} 分钟，占总授课时长 {total} 分钟的 {percent(actual)}，"
        f"低于 {ratio_text(share)}"
    )
    return [found(rule, "pi", text)]


def check_pi_application_limit(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_PI_APPLICATION_LIMIT: the PI's applications in this call, this one included, ≤ limit.

    ``pi.applications_in_call`` counts the PI's *other* applications already in the call.
    """
    others, limit = ctx.pi.applications_in_call, rule.get("max")
    if others is None or limit is None or others + 1 <= limit:
        return []
    text = f"项目负责人本次申报 {others + 1} 项（含本项），超过每人 {limit} 项上限"
    return [found(rule, "pi", text)]


def check_pi_unexecuted(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_PI_UNEXECUTED: no approved project of this level left unexecuted, in the pack's
    years, without a valid reason. A record whose ``excused`` is not true has no valid reason;
    a record of another level (when it says) does not count."""
    records, years = ctx.pi.unexecuted_projects, rule.get("years")
    if not records or not years:
        return []
    level = ctx.project.level
    bad = sorted(
        {
            r.year
            for r in records
            if r.year in years and not r.excused and (r.level is None or r.level == level)
        }
    )
    if not bad:
        return []
    shown = "、".join(str(y) for y in bad)
    return [found(rule, "pi", f"项目负责人 {shown} 年度有无正当理由未执行的已立项项目")]


def _recent(records: list[DatedRecord] | None, ctx: Context, years: int) -> list[DatedRecord]:
    if not records or ctx.submitted_on is None:
        return []
    on = ctx.submitted_on
    return [r for r in records if r.date is not None and within_years_before(r.date, on, years)]


def check_integrity(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_INTEGRITY_RECORD: neither the PI nor any teacher has a research-integrity record dated
    within N years before the submission date (rolling window). One finding for the PI and one
    per teacher (at the teacher's first row)."""
    years = rule.get("years")
    if years is None:
        return []
    findings = []
    hits = _recent(ctx.pi.integrity_records, ctx, years)
    if hits:
        text = f"项目负责人近 {years} 年有科研诚信不良记录（{hits[0].date.isoformat()}）"
        findings.append(found(rule, "pi", text))
    for name, rows in _teachers(ctx).items():
        records = [r for _, c in rows for r in (c.teacher.integrity_records or [])]
        hits = _recent(records, ctx, years)
        if hits:
            text = f"授课教师 {name} 近 {years} 年有科研诚信不良记录（{hits[0].date.isoformat()}）"
            findings.append(found(rule, f"courses[{rows[0][0]}]", text))
    return findings


def check_execution_misconduct(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_PI_EXECUTION_MISCONDUCT: the PI has no fraud or bad-feedback record in execution
    dated within N years before the submission date."""
    years = rule.get("years")
    hits = _recent(ctx.pi.execution_misconduct, ctx, years) if years is not None else []
    if not hits:
        return []
    text = f"项目负责人近 {years} 年项目执行中存在弄虚作假或不良反馈（{hits[0].date.isoformat()}）"
    return [found(rule, "pi", text)]


def sanction_year(ctx: Context) -> int | None:
    if ctx.project.year is not None:
        return ctx.project.year
    return ctx.submitted_on.year if ctx.submitted_on else None


def check_pi_barred(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_PI_BARRED: the PI is not barred from applying in the project's year by a sanction
    the office confirmed.

    The bar comes from a pack's sanction rule with ``target = "pi"``, ``effect = "bar"``
    (:mod:`jijiao.engine.rules.sanctions`): seed 004 七 (安阳市继委2022年项目通知：对违反规定的
    项目负责人根据情节取消其 1~3 年申报继续医学教育项目的资格) and seed 003 第十条 (长沙：项目执行率
    低的单位…暂停项目负责人下年度项目申报资格). The rule table itself
    (``application.<level>.APP_PI_BARRED``) only sets the severity; the sanction's own clause
    is in its reason."""
    year = sanction_year(ctx)
    hits = [s for s in ctx.pi.sanctions or [] if year is not None and s.in_force(year)]
    if not hits:
        return []
    bar = hits[0]
    text = f"项目负责人被取消 {bar.first_year}–{bar.last_year} 年度申报资格" + (
        f"（{bar.reason}）" if bar.reason else ""
    )
    return [found(rule, "pi", text)]


def check_pi_title(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_PI_TITLE: the PI's title ≥ min; for nursing projects (the pack's nursing secondary
    disciplines) ≥ ``nursing_min``."""
    title = ctx.pi.title
    minimum = rule.get("min")
    discipline = ctx.project.discipline
    if discipline and secondary_discipline(discipline) in rule.get("nursing_disciplines", ()):
        minimum = rule.get("nursing_min", minimum)
    if title is None or minimum is None or TITLE_RANK[title] >= TITLE_RANK[minimum]:
        return []
    return [found(rule, "pi", f"项目负责人职称为{title}，须为{minimum}及以上")]


def _title_check(kind: str, label: str) -> Callable[[Context, Rule], list[Finding]]:
    def check(ctx: Context, rule: Rule) -> list[Finding]:
        minimum = rule.get("min")
        if minimum is None:
            return []
        findings = []
        for index, course in ctx.teaching_rows:
            teacher = course.teacher
            if course.kind != kind or teacher is None or teacher.title is None:
                continue
            if TITLE_RANK[teacher.title] < TITLE_RANK[minimum]:
                text = f"{label} {teacher.name or ''} 职称为{teacher.title}，须为{minimum}及以上"
                findings.append(found(rule, f"courses[{index}]", text))
        return findings

    return check


check_theory_title = _title_check("theory", "理论授课教师")
check_theory_title.__doc__ = "APP_THEORY_TEACHER_TITLE: every theory teacher's title ≥ min."
check_practical_title = _title_check("practical", "实验（技术示范）教师")
check_practical_title.__doc__ = "APP_PRACTICAL_TEACHER_TITLE: every practical teacher's title ≥ min"


def check_teacher_discipline(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_TEACHER_DISCIPLINE: each teacher whose specialty is known has the secondary
    discipline of what they teach: the row's own discipline when given (cross-disciplinary
    classes are encouraged), else the project's."""
    findings = []
    for index, course in ctx.teaching_rows:
        teacher = course.teacher
        taught = course.discipline or ctx.project.discipline
        if teacher is None or teacher.discipline is None or taught is None:
            continue
        if secondary_discipline(teacher.discipline) != secondary_discipline(taught):
            text = (
                f"授课教师 {teacher.name or ''} 专业 {teacher.discipline} "
                f"与授课内容学科 {taught} 不一致"
            )
            findings.append(found(rule, f"courses[{index}]", text))
    return findings


def check_teacher_hours(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_TEACHER_HOURS: each teacher's theory time ≤ max 学时 (national). Needs the level's
    学时 length (``credits.<level>.minutes_per_hour``); without it the rule is not applied."""
    limit = rule.fraction("max_theory_hours")
    per_hour = ctx.credits.get("minutes_per_hour")
    if limit is None or not per_hour:
        return []
    findings = []
    for name, rows in _teachers(ctx).items():
        minutes = sum(c.minutes or 0 for _, c in rows if c.kind == "theory")
        hours = Fraction(minutes, per_hour)
        if hours > limit:
            text = (
                f"授课教师 {name} 理论授课 {fraction_text(hours)} 学时，"
                f"超过 {fraction_text(limit)} 学时"
            )
            findings.append(found(rule, f"courses[{rows[0][0]}]", text))
    return findings


def check_own_unit_teacher_share(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_OWN_UNIT_TEACHER_SHARE: own-unit teachers ≥ share of distinct teachers (by name, over
    theory and practical rows). Not applied when any teacher's unit is unknown."""
    share = rule.fraction("min_share")
    teachers = _teachers(ctx)
    if share is None or not teachers:
        return []
    own = 0
    for rows in teachers.values():
        flags = {c.teacher.own_unit for _, c in rows} - {None}
        if not flags:
            return []
        own += True in flags
    actual = Fraction(own, len(teachers))
    if actual >= share:
        return []
    text = (
        f"本单位授课教师 {own} 人，占授课教师 {len(teachers)} 人的 {percent(actual)}，"
        f"低于 {ratio_text(share)}"
    )
    return [found(rule, "project", text)]


def check_own_unit_hours_share(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_OWN_UNIT_HOURS_SHARE: own-unit teachers' teaching time ≥ share of all teaching time.
    Not applied when a teaching row's teacher or their unit is unknown."""
    share, total = rule.fraction("min_share"), ctx.teaching_minutes
    if share is None or not total:
        return []
    own = 0
    for _, course in ctx.teaching_rows:
        if course.teacher is None or course.teacher.own_unit is None:
            return []
        own += (course.minutes or 0) if course.teacher.own_unit else 0
    actual = Fraction(own, total)
    if actual >= share:
        return []
    text = (
        f"本单位师资授课 {own} 分钟，占总授课时长 {total} 分钟的 {percent(actual)}，"
        f"低于 {ratio_text(share)}"
    )
    return [found(rule, "project", text)]


CHECKS = {
    "APP_PI_NOT_STAFF": check_pi_not_staff,
    "APP_PI_AGE": check_pi_age,
    "APP_PI_DISCIPLINE": check_pi_discipline,
    "APP_PI_TEACHING_SHARE": check_pi_teaching_share,
    "APP_PI_APPLICATION_LIMIT": check_pi_application_limit,
    "APP_PI_UNEXECUTED": check_pi_unexecuted,
    "APP_INTEGRITY_RECORD": check_integrity,
    "APP_PI_EXECUTION_MISCONDUCT": check_execution_misconduct,
    "APP_PI_BARRED": check_pi_barred,
    "APP_PI_TITLE": check_pi_title,
    "APP_THEORY_TEACHER_TITLE": check_theory_title,
    "APP_PRACTICAL_TEACHER_TITLE": check_practical_title,
    "APP_TEACHER_DISCIPLINE": check_teacher_discipline,
    "APP_TEACHER_HOURS": check_teacher_hours,
    "APP_OWN_UNIT_TEACHER_SHARE": check_own_unit_teacher_share,
    "APP_OWN_UNIT_HOURS_SHARE": check_own_unit_hours_share,
}
