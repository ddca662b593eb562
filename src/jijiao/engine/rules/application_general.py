"""General application rules that notices keep using, each driven entirely by the pack's values.

``APP_DISCIPLINE_SCOPE`` (a call limited to, or excluding, disciplines), ``APP_FIELD_MISSING``
and ``APP_ATTACHMENT_MISSING`` (what the pack declares an application must carry; the web form
shows the same declarations), ``APP_PAST_PROJECT`` (facts of past projects: approved, held or
reported in a year, same name or number) and ``APP_PROJECT_ENROLLMENT_LIMIT`` (trainees of the
whole project). Facts absent → the rule is not applied, as everywhere.
"""

import re
from collections.abc import Iterable

from jijiao.engine.packs.model import Rule
from jijiao.engine.rules.application_input import Context, PastRecord
from jijiao.engine.rules.findings import Finding, found
from jijiao.engine.rules.vocab import FORMAT_NAMES, TRACK_NAMES


def discipline_matches(code: str, listed: str) -> bool:
    """``listed`` "03" (secondary) covers 03 and every 03-xx; "03-06" (tertiary) only itself."""
    return code == listed or ("-" not in listed and code.split("-", 1)[0] == listed)


def _any(code: str, listed: Iterable[str]) -> bool:
    return any(discipline_matches(code, item) for item in listed)


def check_discipline_scope(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_DISCIPLINE_SCOPE: the project's discipline is one the call accepts.

    ``excluded`` codes are refused; when ``allowed`` is set the discipline must be one of them,
    or in a ``related`` group (密切相关学科) with one of them. A secondary code ("03") covers its
    tertiary codes ("03-06")."""
    code = ctx.project.discipline
    if not code:
        return []
    excluded = [item for item in rule.get("excluded", ()) if discipline_matches(code, item)]
    if excluded:
        text = f"项目学科 {code} 属于本次不受理的学科（{'、'.join(excluded)}）"
        return [found(rule, "project", text)]
    allowed = rule.get("allowed")
    if not allowed or _any(code, allowed):
        return []
    for group in rule.get("related", ()):
        if _any(code, group) and any(_any(item, group) for item in allowed):
            return []
    text = f"项目学科 {code} 不在本次申报的学科范围内（限：{'、'.join(allowed)}）"
    return [found(rule, "project", text)]


def check_fields(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_FIELD_MISSING: every field the pack declares (``fields``: key, label, optional
    ``pattern``) is filled in ``project.fields``, and matches its pattern when it has one."""
    given = ctx.project.fields
    if given is None:
        return []
    missing, malformed = [], []
    for field in rule.get("fields", ()):
        value = (given.get(field["key"]) or "").strip()
        if not value:
            missing.append(field["label"])
        elif field.get("pattern") and not re.fullmatch(field["pattern"], value):
            malformed.append(f"{field['label']}「{value}」")
    parts = (["申报书未填写：" + "、".join(missing)] if missing else []) + (
        ["填写格式不符：" + "、".join(malformed)] if malformed else []
    )
    return [found(rule, "project", "；".join(parts))] if parts else []


def check_attachments(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_ATTACHMENT_MISSING: an attachment of every kind the pack declares (``attachments``:
    key, label) is among the application's ``attachments``."""
    attached = ctx.app.attachments
    if attached is None:
        return []
    kinds = {item.kind for item in attached}
    missing = [a["label"] for a in rule.get("attachments", ()) if a["key"] not in kinds]
    if not missing:
        return []
    return [found(rule, "attachments", "缺少附件：" + "、".join(missing))]


_NEEDS = {"approved": "已批准", "held": "已举办", "reported": "已上报执行情况"}


def _years(ctx: Context, rule: Rule) -> list[int] | None:
    years = list(rule.get("years", ()))
    back = rule.get("years_before", ())
    if back:
        if ctx.project.year is None:
            return None
        years += [ctx.project.year - n for n in back]
    return sorted(set(years))


def _same(ctx: Context, past: PastRecord, match: str) -> bool:
    project = ctx.project
    same_name = bool(past.name and project.name and past.name == project.name)
    numbers = {n for n in (project.previous_number,) if n}
    same_number = bool(past.number and past.number in numbers)
    if match == "name":
        return same_name
    if match == "number":
        return same_number
    return same_name or same_number


def check_past_project(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_PAST_PROJECT: facts of the project's past, from ``history`` (the unit's projects of
    past years: approved, held, reported).

    For the ``tracks`` the pack lists (all when absent): with ``mode = "required"`` (default)
    a past project with the same name or number (``match``) that was everything in ``needs``
    in one of the ``years`` (or ``years_before`` the call's year) must exist — e.g. re-filing
    only for projects approved and held last year; with ``mode = "forbidden"`` it must not —
    e.g. a project approved last year is not applied for again as new."""
    if ctx.app.history is None:
        return []
    tracks = rule.get("tracks")
    if tracks is not None and ctx.project.track not in tracks:
        return []
    years = _years(ctx, rule)
    if not years:
        return []
    needs = rule.get("needs", ("approved",))
    match = rule.get("match", "name_or_number")
    hits = [
        past
        for past in ctx.app.history
        if past.year in years
        and _same(ctx, past, match)
        and all(getattr(past, need) for need in needs)
    ]
    shown_years = "、".join(str(y) for y in years)
    said = [_NEEDS[n] for n in needs]
    state = "且".join(["、".join(said[:-1]), said[-1]] if len(said) > 2 else said)
    how = {"name": "同名", "number": "同编号", "name_or_number": "同名或同编号"}[match]
    track = TRACK_NAMES.get(ctx.project.track or "", "本") if tracks else "本"
    if rule.get("mode", "required") == "required":
        if hits:
            return []
        text = f"{track}项目须为 {shown_years} 年{state}的{how}项目，未找到相应记录"
        return [found(rule, "project", text)]
    if not hits:
        return []
    text = f"{hits[0].year} 年已有{state}的{how}项目「{hits[0].name or hits[0].number}」"
    return [found(rule, "project", text)]


def check_project_enrollment(ctx: Context, rule: Rule) -> list[Finding]:
    """APP_PROJECT_ENROLLMENT_LIMIT: planned trainees of the whole project (``enrollment_total``,
    else sessions × per session) ≤ max, for the formats the pack lists (all when absent)."""
    project = ctx.project
    limit, formats = rule.get("max"), rule.get("formats")
    if limit is None or (formats is not None and project.format not in formats):
        return []
    total = project.enrollment_total
    if total is None and project.sessions is not None and project.enrollment_per_session:
        total = project.sessions * project.enrollment_per_session
    if total is None or total <= limit:
        return []
    shown = FORMAT_NAMES.get(project.format or "", "")
    text = f"{shown}项目计划招生共 {total} 人，超过每项目 {limit} 人上限"
    return [found(rule, "project", text)]


CHECKS = {
    "APP_DISCIPLINE_SCOPE": check_discipline_scope,
    "APP_FIELD_MISSING": check_fields,
    "APP_ATTACHMENT_MISSING": check_attachments,
    "APP_PAST_PROJECT": check_past_project,
    "APP_PROJECT_ENROLLMENT_LIMIT": check_project_enrollment,
}
