"""The office's Excel sheets: publication lists of other levels and the units' past projects.

Reading is pure (no database): each reader returns the rows as plain dicts and every problem
with its row number and column, so an import can refuse the whole file when anything is wrong
(the house pattern of :mod:`jijiao.orgs.staff_sheet`). Names are resolved to units and people by
the import functions, which own the database.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from jijiao.common import sheets
from jijiao.common.sheet_limits import limits
from jijiao.common.sheets import Column, SheetProblem, WorkbookRefused
from jijiao.projects.models import Level

MAX_ROWS = 20000
HEADER_SEARCH_ROWS = 5

# (header, key, required, max length, help) — the national list's columns (seed 001).
LIST_COLUMNS = [
    ("项目编号", "number", True, 40, "必填，如 2024-03-01-001（国）"),
    ("项目名称", "name", True, 160, "必填"),
    ("申办单位", "host_name", True, 120, "必填；与系统中的单位名称一致时自动关联"),
    ("项目负责人", "leader_name", True, 40, "必填"),
    ("举办起止日期", "dates", False, 60, "如 2024-05-10至2024-05-13"),
    ("举办地点", "venue", False, 120, ""),
    ("授予学分", "credits", False, 0, "数字，如 10 或 2.5"),
    ("教学对象", "audience", False, 120, ""),
    ("拟招生人数", "enrollment", False, 0, "整数"),
    ("备注", "note", False, 200, ""),
    # Where the list gives them, what 附件4 1.2.4 compares with what was held (else as filed).
    ("举办天数", "planned_days", False, 0, "面授项目每期计划天数，如 3 或 1.5；不填按报备"),
    ("学时", "planned_hours", False, 0, "远程项目计划学时，如 12；不填按报备"),
]

# The seed 000 附件3/附件4 tables, one row per project.
HISTORY_COLUMNS = [
    (
        "举办单位",
        "unit",
        False,
        120,
        "与系统中的单位名称一致；整表为同一单位时可不填，在导入页选择",
    ),
    ("年度", "year", True, 0, "必填，如 2023"),
    ("级别", "level", True, 0, "必填：国家级/省级/市级"),
    ("项目类型", "track", False, 0, "新立项/备案，不填为新立项"),
    ("项目编号", "number", False, 40, ""),
    ("项目名称", "name", True, 160, "必填"),
    ("项目负责人", "leader_name", True, 40, "必填；与该单位人员姓名唯一匹配时自动关联"),
    ("是否举办", "held", True, 0, "必填：是/否"),
    ("未举办原因", "reason", False, 200, "未举办时填写"),
    ("理由是否正当", "excused", False, 0, "是/否，仅未举办时填写，不填为否"),
    ("授予学分人数", "credited", False, 0, "整数，已举办时填写"),
    ("举办方式", "online", False, 0, "线上/线下，不填为线下"),
]

LEVEL_NAMES = {label: value for value, label in Level.choices} | {
    value: value for value in Level.values
}
YES = {"是", "已举办", "举办", "y", "yes", "true", "1"}
NO = {"否", "未举办", "n", "no", "false", "0"}
TRACKS = {"新立项": "new", "新申报": "new", "备案": "refiling"}
FORMATS = {"线上": True, "线下": False}
NATIONAL_NUMBER = re.compile(r"^\d{4}-(\d{2}-\d{2})-\d+")


@dataclass
class Sheet:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)


def template_bytes(columns, *, title: str, example: list | None = None) -> bytes:
    """A template: bold headers, the help on a second sheet, an optional example row."""
    return sheets.template_bytes(
        [Column(header, help_text) for header, *_, help_text in columns],
        title=title,
        example=example,
        note="从第 2 行起每行一个项目；示例行请在导入前删除或改写。",
    )


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _header_key(value) -> str:
    return "".join(text(value).split())


def _header_row(values: list, required: list[str]) -> int:
    """The first of the top rows that holds the first two required headers, else the first."""
    for index, row in enumerate(values[:HEADER_SEARCH_ROWS]):
        headers = [_header_key(v) for v in (row or ())]
        if required[0] in headers and required[1] in headers:
            return index
    return 0


def _rows(source: sheets.Source, columns, sheet_name: str) -> tuple[Sheet, list]:
    """Open the workbook through the guarded reader and find the header row (a title row above
    it is allowed)."""
    result = Sheet()
    try:
        values = sheets.read_rows(source, limits=limits(max_rows=MAX_ROWS))
    except WorkbookRefused as refused:
        result.problems.append(refused.problem)
        return result, []
    required = [c[0] for c in columns if c[2]]
    index = _header_row(values, required)
    headers = [_header_key(v) for v in (values[index] if values else ())]
    missing = [h for h in required if h not in headers]
    if missing:
        result.problems.append(
            SheetProblem(
                index + 1, "", f"缺少列：{'、'.join(missing)}。请使用下载的{sheet_name}模板"
            )
        )
        return result, []
    position = {c[0]: headers.index(c[0]) for c in columns if c[0] in headers}
    data = []
    for offset, row in enumerate(values[index + 1 :], start=index + 2):
        if row is None or all(v in (None, "") for v in row):
            continue
        data.append((offset, {h: row[i] if i < len(row) else None for h, i in position.items()}))
    if len(data) > MAX_ROWS:
        result.problems.append(SheetProblem(0, "", f"一次最多导入 {MAX_ROWS} 行"))
        return result, []
    if not data:
        result.problems.append(SheetProblem(0, "", "文件中没有数据行"))
    return result, data


def _texts(columns, cells: dict, row_number: int, problems: list[SheetProblem]) -> dict:
    row = {}
    for header, key, required, length, _ in columns:
        value = text(cells.get(header))
        if required and not value:
            problems.append(SheetProblem(row_number, header, "不能为空"))
        elif length and len(value) > length:
            problems.append(SheetProblem(row_number, header, f"超过 {length} 字"))
        row[key] = value
    return row


def credits_value(raw: str, row_number: int, problems: list[SheetProblem]) -> Decimal | None:
    if not raw:
        return None
    try:
        value = Decimal(raw.removesuffix("分"))
    except InvalidOperation:
        problems.append(SheetProblem(row_number, "授予学分", f"“{raw}”应为数字，如 10 或 2.5"))
        return None
    if not value.is_finite() or value <= 0 or value >= 1000:
        problems.append(SheetProblem(row_number, "授予学分", f"“{raw}”应大于 0 且小于 1000"))
        return None
    if value != value.quantize(Decimal("0.1")):
        problems.append(SheetProblem(row_number, "授予学分", f"“{raw}”最多保留 1 位小数"))
        return None
    return value.quantize(Decimal("0.1"))


def planned_value(raw: str, header: str, row_number: int, problems: list[SheetProblem]):
    """Planned days or 学时: positive, at most one decimal (``3``, ``1.5``, ``12学时``)."""
    if not raw:
        return None
    try:
        value = Decimal(raw.removesuffix("天").removesuffix("学时"))
    except InvalidOperation:
        problems.append(SheetProblem(row_number, header, f"“{raw}”应为数字，如 3 或 1.5"))
        return None
    if not value.is_finite() or value <= 0 or value >= 1000:
        problems.append(SheetProblem(row_number, header, f"“{raw}”应大于 0 且小于 1000"))
        return None
    if value != value.quantize(Decimal("0.1")):
        problems.append(SheetProblem(row_number, header, f"“{raw}”最多保留 1 位小数"))
        return None
    return value.quantize(Decimal("0.1"))


def count_value(raw: str, header: str, row_number: int, problems: list[SheetProblem]):
    if not raw:
        return None
    digits = raw.removesuffix("人")
    if not digits.isdigit():
        problems.append(SheetProblem(row_number, header, f"“{raw}”应为不小于 0 的整数"))
        return None
    return int(digits)


def read_list_sheet(content: sheets.Source) -> Sheet:
    """Parse a publication list (the national list's columns). Never raises on bad content."""
    result, data = _rows(content, LIST_COLUMNS, "名单")
    seen: dict[str, int] = {}
    for row_number, cells in data:
        problems: list[SheetProblem] = []
        row = _texts(LIST_COLUMNS, cells, row_number, problems)
        row["credits"] = credits_value(row["credits"], row_number, problems)
        row["enrollment"] = count_value(row["enrollment"], "拟招生人数", row_number, problems)
        for key, header in (("planned_days", "举办天数"), ("planned_hours", "学时")):
            row[key] = planned_value(row[key], header, row_number, problems)
        number = row["number"]
        if number in seen:
            problems.append(
                SheetProblem(row_number, "项目编号", f"与第 {seen[number]} 行的项目编号重复")
            )
        elif number:
            seen[number] = row_number
        match = NATIONAL_NUMBER.match(number)
        row["discipline"] = match.group(1) if match else ""
        result.problems.extend(problems)
        if not problems:
            result.rows.append((row_number, row))
    return result


def _choice(raw: str, choices: dict, header: str, row_number: int, problems, hint: str):
    if not raw:
        return None
    value = choices.get(raw) if raw in choices else choices.get(raw.lower())
    if value is None:
        problems.append(SheetProblem(row_number, header, f"“{raw}”应为{hint}"))
    return value


def read_history_sheet(content: sheets.Source, *, this_year: int) -> Sheet:
    """Parse the units' past projects (seed 000 附件3/附件4 as rows). Never raises on bad
    content. ``this_year`` bounds the year column: history is of past and current years."""
    result, data = _rows(content, HISTORY_COLUMNS, "历年项目")
    yes_no = {**dict.fromkeys(YES, True), **dict.fromkeys(NO, False)}
    seen: dict[tuple, int] = {}
    for row_number, cells in data:
        problems: list[SheetProblem] = []
        row = _texts(HISTORY_COLUMNS, cells, row_number, problems)
        year = row["year"].removesuffix("年")
        if year and not (year.isdigit() and 2000 <= int(year) <= this_year):
            problems.append(
                SheetProblem(row_number, "年度", f"“{row['year']}”应为 2000–{this_year} 的年份")
            )
        row["year"] = int(year) if year.isdigit() else None
        row["level"] = _choice(
            row["level"], LEVEL_NAMES, "级别", row_number, problems, "国家级、省级或市级"
        )
        row["track"] = (
            _choice(row["track"], TRACKS, "项目类型", row_number, problems, "新立项或备案") or "new"
        )
        row["held"] = _choice(row["held"], yes_no, "是否举办", row_number, problems, "是或否")
        excused = _choice(row["excused"], yes_no, "理由是否正当", row_number, problems, "是或否")
        row["excused"] = bool(excused)
        row["online"] = bool(
            _choice(row["online"], FORMATS, "举办方式", row_number, problems, "线上或线下")
        )
        row["credited"] = count_value(row["credited"], "授予学分人数", row_number, problems)
        if row["held"] is True:
            if row["reason"]:
                problems.append(
                    SheetProblem(row_number, "未举办原因", "已举办的项目不应填写未举办原因")
                )
            if excused:
                problems.append(
                    SheetProblem(row_number, "理由是否正当", "已举办的项目不应填写此列")
                )
        if row["held"] is False:
            if row["excused"] and not row["reason"]:
                problems.append(
                    SheetProblem(row_number, "未举办原因", "理由正当的须写明未举办原因")
                )
            if row["credited"]:
                problems.append(
                    SheetProblem(row_number, "授予学分人数", "未举办的项目不应有授予学分人数")
                )
        key = (row["unit"], row["year"], row["level"], row["name"], row["leader_name"])
        if not problems and key in seen:
            problems.append(
                SheetProblem(
                    row_number,
                    "项目名称",
                    f"与第 {seen[key]} 行为同一项目（单位、年度、级别、名称、负责人均相同）",
                )
            )
        seen.setdefault(key, row_number)
        result.problems.extend(problems)
        if not problems:
            result.rows.append((row_number, row))
    return result
