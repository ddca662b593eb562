"""The score page's account of each rubric item: the points the rule gave and the facts it read
(the stored document), in words. The points are the rule's; nothing here scores."""

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from jijiao.engine.rules.numbers import percent
from jijiao.engine.rules.scoring import satisfaction
from jijiao.execution.models import SessionScore
from jijiao.execution.vocab import ALL_ITEMS, ITEM_NAMES, MODE_LABELS
from jijiao.policy.access import get_policy

CHANGE_LABELS = {"none": "未调整", "partial": "部分调整", "full": "全部调整"}


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    points: int | float
    facts: str


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _span(part: dict) -> str:
    if not part.get("start"):
        return "—"
    return (
        part["start"] if part["start"] == part.get("end") else f"{part['start']} 至 {part['end']}"
    )


def _names(names) -> str:
    return "、".join(names) if names else "—"


def _share(part: int, whole: int) -> str:
    return percent(Fraction(part, whole)) if whole else "—"


def explain(score: SessionScore, *, leader: str) -> list[Item]:
    """One line per item of the mode, in the rubric's order."""
    facts = score.facts
    planned = facts.get("planned") or {}
    actual = facts.get("actual") or {}
    held = facts.get("held")
    not_held = "本期未举办" if held is False else ""
    lines: dict[str, str] = {}

    filed, reported = _date(facts.get("filed_on")), _date(facts.get("reported_on"))
    start = _date(
        actual.get("start") if held is not False and actual.get("start") else planned.get("start")
    )
    if filed and start:
        lines["1.1.1"] = f"报备日期 {filed}，举办开始 {start}，提前 {(start - filed).days} 天"
    else:
        lines["1.1.1"] = "未报备"
    end = _date(actual.get("end") or planned.get("end"))
    if reported and end:
        lines["1.1.2"] = (
            f"实际结束 {end}，上报执行情况 {reported}，结束后 {(reported - end).days} 天"
        )
    else:
        lines["1.1.2"] = "尚未上报执行情况"
    cycle = facts.get("upload_cycle_months")
    lines["1.1.3"] = f"每 {cycle} 个月上传 1 期" if cycle else "未填写上传周期"
    lines["1.2.1"] = not_held or f"报备 {_span(planned)}；实际 {_span(actual)}"
    scenic = "；在风景名胜区举办" if actual.get("scenic_area") else ""
    lines["1.2.2"] = (
        not_held
        or f"报备「{planned.get('venue') or '—'}」；实际「{actual.get('venue') or '—'}」{scenic}"
    )
    lines["1.2.3"] = (
        not_held or f"举办方式{CHANGE_LABELS.get(actual.get('format_change'), '未填写')}"
    )
    if score.mode == "remote":
        lines["1.2.4"] = (
            not_held
            or f"计划 {planned.get('hours') or '—'} 学时；实际 {actual.get('hours') or '—'} 学时"
        )
    else:
        planned_days, actual_days = planned.get("days"), actual.get("days")
        change = ""
        if planned_days and actual_days is not None:
            ratio = abs(Fraction(str(actual_days)) - Fraction(str(planned_days))) / Fraction(
                str(planned_days)
            )
            change = f"，变动 {percent(ratio)}"
        lines["1.2.4"] = (
            not_held or f"计划 {planned_days or '—'} 天；实际 {actual_days or '—'} 天{change}"
        )
    taught = "参与授课" if facts.get("pi_taught") else "未参与授课"
    lines["1.2.5"] = (
        not_held or f"项目负责人 {leader}{taught}；实际授课教师 {_names(actual.get('teachers'))}"
    )
    planned_teachers = planned.get("teachers") or []
    absent = [t for t in planned_teachers if t not in (actual.get("teachers") or [])]
    lines["1.2.6"] = not_held or (
        f"报备教师 {_names(planned_teachers)}；未授课 {_names(absent)}"
        f"（{len(absent)}/{len(planned_teachers)}，{_share(len(absent), len(planned_teachers))}）"
    )
    controls = facts.get("video_controls")
    lines["1.2.7"] = not_held or (
        "课件不能拖拽、不能同时打开多个课件、有学习状态检测"
        if controls and all(controls.values())
        else "课件管理不符合或未填写"
    )
    by_province = facts.get("trainees_by_province") or {}
    total = sum(by_province.values())
    home = (
        facts.get("venue_province")
        if score.mode != "remote"
        else score.project_facts.get("unit_province")
    )
    outside = sum(n for p, n in by_province.items() if p != home)
    # jsonb keeps its own key order: most trainees first, as the facts were built.
    ranked = sorted(by_province.items(), key=lambda kv: (-kv[1], kv[0]))
    listing = "、".join(f"{p} {n} 人" for p, n in ranked) or "无获得学分的学员"
    where = "举办地" if score.mode != "remote" else "申办单位所在地"
    lines["2.1.1"] = not_held or (
        f"{where} {home or '—'}；省外学员 {outside}/{total} 人，{_share(outside, total)}"
    )
    lines["2.1.2"] = (
        not_held or f"学员来自 {sum(1 for n in by_province.values() if n)} 个省份：{listing}"
    )
    scoring = get_policy(score.policy_id).get("scoring") or {}
    survey = facts.get("survey")
    questions = scoring.get("survey_questions", ())
    best = scoring.get("survey_best_options", 2)
    share = satisfaction(survey, questions, best)
    numbers = "、".join(q.removeprefix("q") for q in questions)
    answers = sum(survey["q1"]) if survey and "q1" in survey else 0
    lines["2.2.1"] = not_held or (
        f"{answers} 人评估，满意度 {percent(share)}（第 {numbers} 题选前 {best} 项的比例）"
        if share is not None
        else "没有学员评估"
    )
    return [
        Item(code, ITEM_NAMES[code], score.items[code], lines.get(code, ""))
        for code in ALL_ITEMS
        if code in score.items
    ]


def mode_label(mode: str) -> str:
    return MODE_LABELS.get(mode, mode)
