"""Batch precheck for units: a workbook of draft applications in, the same workbook back with
a findings column per application and a summary sheet.

One row per course; the project and leader columns are read from the first row of each
application (rows with the same 申报序号 belong together). Cells are translated from the
Chinese an office types (理论, 线下, 是) to the contract's values, and the application is run
through :func:`jijiao.engine.precheck.run_precheck` — the same code as the command and the API.
A cell that cannot be read is reported in that application's findings with its row and column,
and the other applications are still checked.
"""

import datetime as dt
import io
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from jijiao.engine.packs.loader import Resolver
from jijiao.engine.precheck import run_precheck
from jijiao.engine.rules.parse import InputInvalid
from jijiao.engine.rules.vocab import FORMAT_NAMES, LEVEL_NAMES, TITLES, TRACK_NAMES

SHEET = "申报项目"
KEY = "申报序号"
YES = {"是", "Y", "y", "yes", "true", "1", "√"}
NO = {"否", "N", "n", "no", "false", "0", "×"}
KIND_NAMES = {"theory": "理论", "practical": "实践", "non_teaching": "非授课"}

# (header, where in the document, how to read it)
PROJECT_COLUMNS = [
    (KEY, None, "text"),
    ("项目名称", ("project", "name"), "text"),
    ("项目简介", ("project", "summary"), "text"),
    ("项目级别", ("project", "level"), LEVEL_NAMES),
    ("申报类型", ("project", "track"), TRACK_NAMES),
    ("主题类型", ("project", "theme_kind"), "text"),
    ("学科代码", ("project", "discipline"), "text"),
    ("举办方式", ("project", "format"), FORMAT_NAMES),
    ("期数", ("project", "sessions"), "int"),
    ("每期人数", ("project", "enrollment_per_session"), "int"),
    ("举办地点", ("project", "venue"), "text"),
    ("地点在本单位", ("project", "venue_is_own_unit"), "bool"),
    ("申请学分", ("project", "requested_credits"), "number"),
    ("负责人姓名", ("pi", "name"), "text"),
    ("负责人出生日期", ("pi", "birth_date"), "date"),
    ("负责人职称", ("pi", "title"), "title"),
    ("负责人专业", ("pi", "discipline"), "text"),
    ("负责人为本单位职工", ("pi", "is_unit_staff"), "bool"),
]
COURSE_COLUMNS = [
    ("课程题目", ("topic",), "text"),
    ("课程类型", ("kind",), KIND_NAMES),
    ("时长(分钟)", ("minutes",), "int"),
    ("授课教师", ("teacher", "name"), "text"),
    ("教师职称", ("teacher", "title"), "title"),
    ("教师为本单位", ("teacher", "own_unit"), "bool"),
    ("教师专业", ("teacher", "discipline"), "text"),
]
HEADERS = [c[0] for c in PROJECT_COLUMNS + COURSE_COLUMNS]
RESULT_HEADER = "预审结果"


class CellError(ValueError):
    pass


@dataclass
class DraftApplication:
    key: str
    first_row: int
    document: dict[str, Any] = field(default_factory=dict)
    cell_errors: list[str] = field(default_factory=list)


@dataclass
class BatchOutcome:
    content: bytes
    applications: int
    passed: int
    problem: str = ""


def template_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.append(
        [
            "1",
            "基层慢病管理适宜技术培训班",
            "高血压、糖尿病基层规范化管理",
            "市级",
            "新申报",
            "training",
            "03-06",
            "线下",
            2,
            120,
            "本院学术报告厅",
            "是",
            2.0,
            "张某",
            dt.date(1972, 5, 1),
            "正高",
            "03-06",
            "是",
            "基层高血压规范化管理",
            "理论",
            150,
            "张某",
            "正高",
            "是",
            "03-06",
        ]
    )
    sheet.append(
        ["1"]
        + [None] * (len(PROJECT_COLUMNS) - 1)
        + ["开班仪式", "非授课", 30, None, None, None, None]
    )
    notes = book.create_sheet("填写说明")
    for line in (
        "每行一门课程；同一申报项目的各行填写相同的“申报序号”，项目和负责人信息只需填在第一行。",
        "项目级别：国家级/省级/市级；申报类型：新申报/备案；举办方式：线下/线上/线上线下结合。",
        "课程类型：理论/实践/非授课；职称：初级/中级/副高/正高；是/否 列填“是”或“否”。",
        "主题类型填 training（培训班）或 academic_conference、forum、lecture、annual_meeting、"
        "work_meeting（这些不属于继续教育项目）。",
    ):
        notes.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read(value: Any, how: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if how == "text":
        return text
    if how == "int":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) or text.isdigit():
            return int(text)
        raise CellError(f"“{text}”不是整数")
    if how == "number":
        try:
            return float(text)
        except ValueError:
            raise CellError(f"“{text}”不是数字") from None
    if how == "bool":
        if text in YES:
            return True
        if text in NO:
            return False
        raise CellError(f"“{text}”应填“是”或“否”")
    if how == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(text.replace("/", "-")).isoformat()
        except ValueError:
            raise CellError(f"日期“{text}”无法识别，请写成 1972-05-01") from None
    if how == "title":
        if text not in TITLES:
            raise CellError(f"“{text}”应为初级/中级/副高/正高")
        return text
    for code, name in how.items():
        if text in (name, code):
            return code
    raise CellError(f"“{text}”应为{'/'.join(how.values())}")


def _put(document: dict, path: tuple[str, ...], value: Any) -> None:
    node = document
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def read_drafts(sheet, *, unit: dict, submitted_at: str) -> list[DraftApplication]:
    rows = sheet.iter_rows(values_only=True)
    headers = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    missing = [h for h in (KEY, "项目名称", "课程题目") if h not in headers]
    if missing:
        raise CellError("缺少列：" + "、".join(missing) + "。请使用下载的模板")
    position = {h: i for i, h in enumerate(headers)}
    drafts: OrderedDict[str, DraftApplication] = OrderedDict()
    for row_number, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        cells = {h: values[i] if i < len(values) else None for h, i in position.items()}
        key = str(cells.get(KEY) or "").strip()
        if key.endswith(".0"):
            key = key[:-2]
        if not key:
            key = f"第{row_number}行"
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = DraftApplication(key=key, first_row=row_number)
            draft.document = {"submitted_at": submitted_at, "unit": dict(unit), "courses": []}
            for header, path, how in PROJECT_COLUMNS:
                if path is None or header not in cells:
                    continue
                try:
                    value = _read(cells[header], how)
                except CellError as error:
                    draft.cell_errors.append(f"第 {row_number} 行“{header}”：{error}")
                    continue
                if value is not None:
                    _put(draft.document, path, value)
        course: dict[str, Any] = {}
        for header, path, how in COURSE_COLUMNS:
            if header not in cells:
                continue
            try:
                value = _read(cells[header], how)
            except CellError as error:
                draft.cell_errors.append(f"第 {row_number} 行“{header}”：{error}")
                continue
            if value is not None:
                _put(course, path, value)
        if course:
            teacher = course.get("teacher")
            if teacher is not None:
                pi_name = draft.document.get("pi", {}).get("name")
                teacher["is_pi"] = bool(pi_name) and teacher.get("name") == pi_name
            course.setdefault("teacher", None)
            draft.document["courses"].append(course)
    return list(drafts.values())


def _describe(result: dict[str, Any]) -> tuple[str, int, int]:
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    warnings = [f for f in result["findings"] if f["severity"] == "warning"]
    lines = [
        f"【{'通过' if result['ok'] else '不通过'}】错误 {len(errors)} 项，警告 {len(warnings)} 项"
    ]
    # What a person reads first: the sentence; the rule's code after it.
    lines += [f"✗ {f['message']}（{f['code']}）" for f in errors]
    lines += [f"! {f['message']}（{f['code']}）" for f in warnings]
    return "\n".join(lines), len(errors), len(warnings)


def batch_precheck(
    book: Workbook, *, policy_id: str, unit: dict, submitted_at: str, resolver: Resolver
) -> BatchOutcome:
    """Check every draft application of the workbook; return the annotated workbook.

    ``book`` is opened (for writing back) by the caller, through the guarded workbook reader
    (``jijiao.common.sheets``): this module reads no file of its own."""
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    try:
        drafts = read_drafts(sheet, unit=unit, submitted_at=submitted_at)
    except CellError as error:
        return BatchOutcome(b"", 0, 0, str(error))
    if not drafts:
        return BatchOutcome(b"", 0, 0, "文件中没有申报项目")
    result_column = sheet.max_column + 1
    header = sheet.cell(row=1, column=result_column, value=RESULT_HEADER)
    header.font = Font(bold=True)
    sheet.column_dimensions[header.column_letter].width = 60
    summary = book.create_sheet("预审汇总", 0)
    summary.append(
        [
            "申报序号",
            "项目名称",
            "结果",
            "错误",
            "警告",
            "教学时长(分钟)",
            "计算学分",
            "项目学分",
            "首行",
        ]
    )
    for cell in summary[1]:
        cell.font = Font(bold=True)
    passed = 0
    for draft in drafts:
        ok, figures = False, {}
        if draft.cell_errors:
            errors, warnings = len(draft.cell_errors), 0
            text = "【不通过】表格填写有误\n" + "\n".join(draft.cell_errors)
        else:
            try:
                result = run_precheck("application", policy_id, draft.document, resolver=resolver)
            except InputInvalid as error:
                errors, warnings = 1, 0
                text = f"【不通过】内容无法预审：{error.message}（{error.path}）"
            else:
                text, errors, warnings = _describe(result)
                figures, ok = result["result"], result["ok"]
        passed += ok
        cell = sheet.cell(row=draft.first_row, column=result_column, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = PatternFill("solid", fgColor="E8F5EC" if ok else "FDECEA")
        summary.append(
            [
                draft.key,
                draft.document.get("project", {}).get("name", ""),
                "通过" if ok else "不通过",
                errors,
                warnings,
                figures.get("teaching_minutes"),
                figures.get("computed_credits"),
                figures.get("credits"),
                draft.first_row,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return BatchOutcome(out.getvalue(), len(drafts), passed)
