"""The seed 001 forms filled from the records: 附件2 执行情况总结汇总表 and 附件3 教材使用情况简介表
(PDF), and the offices' score export (Excel)."""

import io
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from jijiao.common import clock
from jijiao.execution.facts import survey_counts
from jijiao.execution.models import ExecutionReport, ProjectScore, SessionScore, Survey
from jijiao.execution.vocab import ALL_ITEMS, ITEM_NAMES, MODE_LABELS, Q7_OPTIONS, QUESTIONS
from jijiao.projects.models import Format

FORMAT_BOXES = (
    (Format.OFFLINE, "仅线下"),
    (Format.ONLINE, "仅线上"),
    (Format.BLENDED, "线上线下相结合"),
)


def _percent(part: int, whole: int) -> str:
    """A share as a percentage with two decimals (a share to four decimals, rules.md)."""
    if not whole:
        return "—"
    value = (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{value}"


def _cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def evaluation_table(survey: Survey | None) -> dict:
    """The counts of 附件2 学员对该项目评估意见: questions 1–6 with their options, question 7
    with counts and the share of all who answered."""
    counts = survey_counts(survey) or {}
    answers = counts.get("answers", 0)
    questions = [
        {
            "number": index,
            "text": text,
            "options": list(zip(options, counts.get(name, [0] * len(options)), strict=True)),
        }
        for index, (name, text, options) in enumerate(QUESTIONS, start=1)
    ]
    q7 = counts.get("q7", [0] * len(Q7_OPTIONS))
    choices = [
        {"option": option, "count": n, "percent": _percent(n, answers)}
        for option, n in zip(Q7_OPTIONS, q7, strict=True)
    ]
    return {
        "answers": answers,
        "questions": questions,
        "q7": choices,
        "rowspan": 2 * len(questions) + 2,
    }


def summary_context(report: ExecutionReport) -> dict:
    """附件2 of one session."""
    session = report.session
    project = session.project
    survey = Survey.objects.filter(session=session).first()
    if report.held and report.actual_start:
        dates = f"{_cn_date(report.actual_start)} 至 {_cn_date(report.actual_end)}"
    else:
        dates = f"未举办：{report.not_held_reason}"
    filled = report.reported_on or clock.today()
    controls = report.courseware_controls
    return {
        "title": f"{project.year} 年国家级继续医学教育项目执行情况总结汇总表"
        if project.level == "national"
        else f"{project.year} 年{project.get_level_display()}继续医学教育项目执行情况总结汇总表",
        "unit": project.host_name,
        "filled": filled,
        "project": project,
        "session": session,
        "boxes": [(label, report.format == value) for value, label in FORMAT_BOXES],
        "controls_yes": controls is True,
        "controls_no": controls is False,
        "venue": report.venue,
        "dates": dates,
        "topics": list(report.topics.all()),
        "analysis": report.analysis,
        "problems": report.problems,
        "evaluation": evaluation_table(survey),
    }


def textbook_context(report: ExecutionReport) -> dict:
    project = report.session.project
    return {
        "title": "国家级继续医学教育项目教材使用情况简介表"
        if project.level == "national"
        else f"{project.get_level_display()}继续医学教育项目教材使用情况简介表",
        "project": project,
        "session": report.session,
        "textbooks": list(report.textbooks.all()),
    }


RANK_HEADERS = (
    "排名",
    "项目编号",
    "项目名称",
    "举办单位",
    "计分方式",
    "计分期数",
    "得分（各期均值）",
    "政策包",
    "政策包版本",
    "计算时间",
)


def _local(moment):
    return clock.local(moment).replace(tzinfo=None)


def _sheet(book, title: str, headers, rows, *, first: bool = False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        sheet.append(list(row))
    for index, header in enumerate(headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(10, min(50, len(str(header)) * 2 + 2))
    sheet.freeze_panes = "A2"
    return sheet


def scores_xlsx(projects: list[ProjectScore], sessions: list[SessionScore]) -> bytes:
    """Two sheets: the projects ranked by score, and every session's items."""
    book = Workbook()
    _sheet(
        book,
        "项目执行评分排名",
        RANK_HEADERS,
        [
            [
                rank,
                s.project.number,
                s.project.name,
                s.project.host_name,
                MODE_LABELS.get(s.mode, s.mode),
                s.sessions,
                float(s.total),
                s.policy_id,
                s.policy_hash[:12],
                _local(s.computed_at),
            ]
            for rank, s in enumerate(projects, start=1)
        ],
        first=True,
    )
    items = [code for code in ALL_ITEMS if any(code in s.items for s in sessions)]
    _sheet(
        book,
        "各期得分明细",
        ["项目编号", "项目名称", "期次", *(f"{c} {ITEM_NAMES[c]}" for c in items), "本期得分"],
        [
            [
                s.session.project.number,
                s.session.project.name,
                s.session.sequence,
                *(s.items.get(code, "") for code in items),
                float(s.total),
            ]
            for s in sessions
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
