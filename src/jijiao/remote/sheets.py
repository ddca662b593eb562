"""The completion-list workbook: the template providers download, and reading it back.

Reading is pure (no writes, no database): it returns the rows as plain values and every
problem with its row number and column, so the import can refuse the whole file when anything
is wrong. ID numbers in messages are masked.
"""

import datetime as dt
from dataclasses import dataclass, field

from jijiao.common import idnumbers, sheets
from jijiao.common.documents.excel import cell_text
from jijiao.common.sheet_limits import limits
from jijiao.common.sheets import Column, SheetProblem, WorkbookRefused

# (header, key, help)
COLUMNS = [
    ("身份证号", "id_number", "必填，18 位，末位可为 X；请设为文本格式"),
    ("姓名", "name", "可选，填写时须与身份证号对应的人员一致"),
    ("课程编号", "course", "必填，本系统课程编号（课程列表中显示）"),
    ("学习时长（分钟）", "minutes", "必填，整数，不少于课程视频总时长"),
    ("完成日期", "completed_on", "必填，如 2025-03-31"),
]
HEADERS = [c[0] for c in COLUMNS]
REQUIRED = ("身份证号", "课程编号", "学习时长（分钟）", "完成日期")
MAX_ROWS = 20000
NUMERIC_ID = "身份证号被存成了数字，末几位已丢失；请将该列设为文本格式后重新填写"


@dataclass(frozen=True)
class SheetRow:
    row: int
    id_number: str
    name: str
    course: int
    minutes: int
    completed_on: dt.date


@dataclass
class CompletionSheet:
    rows: list[SheetRow] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)


def template_bytes() -> bytes:
    return sheets.template_bytes(
        [
            Column(header, help_text, text=key == "id_number", width=22)
            for header, key, help_text in COLUMNS
        ],
        title="完成学习名单",
        note="从第 2 行起每行一人一门课程；任何一行有误则整个文件不导入。",
    )


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell_text(value)
    return int(text) if text.isdigit() else None


def _row(number: int, cells: dict, problems: list[SheetProblem]) -> SheetRow | None:
    before = len(problems)
    for header in REQUIRED:
        if cell_text(cells.get(header)) == "":
            problems.append(SheetProblem(number, header, "不能为空"))
    raw_id = cells.get("身份证号")
    id_number = cell_text(raw_id).upper()
    if isinstance(raw_id, int | float) and id_number:
        problems.append(SheetProblem(number, "身份证号", NUMERIC_ID))
    elif id_number:
        try:
            id_number = idnumbers.parse(id_number).number
        except idnumbers.InvalidIdNumber as error:
            problems.append(SheetProblem(number, "身份证号", str(error)))
    course_text = cell_text(cells.get("课程编号"))
    course = _whole(cells.get("课程编号"))
    if course_text and course is None:
        problems.append(SheetProblem(number, "课程编号", f"“{course_text}”不是课程编号（整数）"))
    minutes_text = cell_text(cells.get("学习时长（分钟）"))
    minutes = _whole(cells.get("学习时长（分钟）"))
    if minutes_text and (minutes is None or minutes <= 0):
        problems.append(
            SheetProblem(number, "学习时长（分钟）", f"“{minutes_text}”应为大于 0 的整数")
        )
    day_text = cell_text(cells.get("完成日期"))
    day = _date(cells.get("完成日期"))
    if day_text and day is None:
        problems.append(
            SheetProblem(number, "完成日期", f"日期“{day_text}”无法识别，请写成 2025-03-31")
        )
    if len(problems) > before:
        return None
    return SheetRow(
        row=number,
        id_number=id_number,
        name=cell_text(cells.get("姓名")),
        course=course,
        minutes=minutes,
        completed_on=day,
    )


def read_completion_sheet(source: sheets.Source) -> CompletionSheet:
    """Parse an uploaded workbook (a stored file's path, a file object or bytes) through the
    guarded reader. Never raises on bad content: problems are collected."""
    result = CompletionSheet()
    try:
        with sheets.open_workbook(source, limits=limits(max_rows=MAX_ROWS)) as book:
            _read_rows(sheets.iter_rows(book.worksheets[0]), result)
    except WorkbookRefused as refused:
        result.rows.clear()
        result.problems[:] = [refused.problem]
    return result


def _read_rows(rows, result: CompletionSheet) -> None:
    headers = [cell_text(h) for h in (next(rows, None) or [])]
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        result.problems.append(
            SheetProblem(1, "", "缺少列：" + "、".join(missing) + "。请使用下载的模板")
        )
        return
    position = {h: headers.index(h) for h in HEADERS if h in headers}
    seen: dict[tuple[str, int], int] = {}
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            result.problems.append(SheetProblem(number, "", f"一次最多导入 {MAX_ROWS} 行"))
            break
        if values is None or all(v in (None, "") for v in values):
            continue
        cells = {h: (values[i] if i < len(values) else None) for h, i in position.items()}
        row = _row(number, cells, result.problems)
        if row is None:
            continue
        key = (row.id_number, row.course)
        if key in seen:
            result.problems.append(
                SheetProblem(number, "身份证号", f"与第 {seen[key]} 行的学员和课程重复")
            )
            continue
        seen[key] = number
        result.rows.append(row)
    if not result.rows and not result.problems:
        result.problems.append(SheetProblem(0, "", "文件中没有完成学习记录"))
