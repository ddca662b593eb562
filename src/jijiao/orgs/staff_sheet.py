"""The staff Excel sheet: the template unit admins download, and reading it back.

Reading is pure (no writes): it returns the rows as plain dicts and every problem with its row
number and column, so the import can refuse the whole file when anything is wrong.
"""

import datetime as dt
from dataclasses import dataclass, field

from jijiao.common import idnumbers, sheets
from jijiao.common.documents.excel import cell_text
from jijiao.common.sheet_limits import limits
from jijiao.common.sheets import Column, SheetProblem, WorkbookRefused
from jijiao.orgs.models import Person

# (header, key, required, help)
COLUMNS = [
    ("姓名", "name", True, "必填"),
    ("身份证号", "id_number", True, "必填，18 位，末位可为 X"),
    ("手机号", "phone", False, "11 位手机号"),
    ("科室", "department", False, "须为本单位已有科室"),
    ("学历", "education", False, "如：本科、硕士研究生"),
    ("职称系列", "title_series", False, "医师/护理/药师/技师/其他"),
    ("职称级别", "title_level", False, "初级/中级/副高/正高"),
    ("职称名称", "title_name", False, "如：主治医师"),
    ("现职称取得时间", "title_date", False, "日期，如 2020-12-31"),
    ("岗位类别", "job_type", False, "医师/护士/药师/技师/管理"),
    ("专业(学科代码)", "specialty", False, "如 03-06"),
    ("毕业时间", "graduation_date", False, "日期"),
    ("毕业院校", "graduation_school", False, ""),
    ("所学专业", "graduation_major", False, ""),
]
HEADERS = [c[0] for c in COLUMNS]
MAX_ROWS = 5000
NUMERIC_ID_MESSAGE = "身份证号被存成了数字，末几位已丢失；请将该列设为文本格式后重新填写"


@dataclass
class StaffSheet:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)


def template_bytes(departments: list[str]) -> bytes:
    """The template: headers, a help row, dropdowns for the enumerated columns."""
    choices = {
        "title_series": Person.TitleSeries.values,
        "title_level": Person.TitleLevel.values,
        "job_type": Person.JobType.values,
        "department": departments,
    }
    columns = [
        Column(
            header,
            help_text,
            choices=choices.get(key, ()),
            text=key == "id_number",
            width=16,
        )
        for header, key, _, help_text in COLUMNS
    ]
    return sheets.template_bytes(
        columns,
        title="人员名单",
        note="从第 2 行起每行一人；身份证号请设置为文本格式，避免末尾变为 0。",
        rows=MAX_ROWS,
    )


def _date(value, row: int, header: str, problems: list[SheetProblem]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(SheetProblem(row, header, f"日期“{text}”无法识别，请写成 2020-12-31"))
        return None


def read_staff_sheet(source: sheets.Source, *, known_departments: set[str]) -> StaffSheet:
    """Parse an uploaded sheet (a stored file's path, a file object or bytes) through the
    guarded reader. Never raises on bad content: problems are collected instead."""
    result = StaffSheet()
    try:
        with sheets.open_workbook(source, limits=limits(max_rows=MAX_ROWS)) as book:
            _read_rows(sheets.iter_rows(book.worksheets[0]), known_departments, result)
    except WorkbookRefused as refused:
        result.rows.clear()
        result.problems[:] = [refused.problem]
    return result


def _read_rows(rows, known_departments: set[str], result: StaffSheet) -> None:
    header_row = next(rows, None)
    headers = [cell_text(h) for h in (header_row or [])]
    missing = [h for h, _, required, _ in COLUMNS if required and h not in headers]
    if missing:
        result.problems.append(
            SheetProblem(1, "", "缺少列：" + "、".join(missing) + "。请使用下载的模板")
        )
        return
    position = {h: headers.index(h) for h in HEADERS if h in headers}
    seen_ids: dict[str, int] = {}
    for row_number, values in enumerate(rows, start=2):
        if row_number - 1 > MAX_ROWS:
            result.problems.append(SheetProblem(row_number, "", f"一次最多导入 {MAX_ROWS} 人"))
            break
        if values is None or all(v in (None, "") for v in values):
            continue
        cells = {h: (values[i] if i < len(values) else None) for h, i in position.items()}
        problems = result.problems
        before = len(problems)
        row = {}
        for header, key, required, _ in COLUMNS:
            raw = cells.get(header)
            if key in ("title_date", "graduation_date"):
                row[key] = _date(raw, row_number, header, problems)
                continue
            text = cell_text(raw)
            if required and not text:
                problems.append(SheetProblem(row_number, header, "不能为空"))
            row[key] = text
        number = row["id_number"].upper()
        if isinstance(cells.get("身份证号"), int | float):
            # Excel keeps 15 significant digits: an 18-digit number typed into a number cell has
            # already lost its last digits, so it would only fail the check digit confusingly.
            problems.append(SheetProblem(row_number, "身份证号", NUMERIC_ID_MESSAGE))
        elif number:
            try:
                number = idnumbers.parse(number).number
            except idnumbers.InvalidIdNumber as error:
                problems.append(SheetProblem(row_number, "身份证号", str(error)))
            else:
                if number in seen_ids:
                    problems.append(
                        SheetProblem(
                            row_number, "身份证号", f"与第 {seen_ids[number]} 行的身份证号重复"
                        )
                    )
                seen_ids.setdefault(number, row_number)
        row["id_number"] = number
        if row["title_series"] and row["title_series"] not in Person.TitleSeries.values:
            problems.append(
                SheetProblem(row_number, "职称系列", f"“{row['title_series']}”不在可选值中")
            )
        if row["title_level"] and row["title_level"] not in Person.TitleLevel.values:
            problems.append(
                SheetProblem(
                    row_number, "职称级别", f"“{row['title_level']}”应为初级/中级/副高/正高"
                )
            )
        if row["job_type"] and row["job_type"] not in Person.JobType.values:
            problems.append(
                SheetProblem(
                    row_number,
                    "岗位类别",
                    f"“{row['job_type']}”应为" + "/".join(Person.JobType.values),
                )
            )
        if row["department"] and row["department"] not in known_departments:
            problems.append(
                SheetProblem(row_number, "科室", f"本单位没有科室“{row['department']}”，请先添加")
            )
        if row["phone"] and not (row["phone"].isdigit() and len(row["phone"]) == 11):
            problems.append(SheetProblem(row_number, "手机号", f"“{row['phone']}”不是 11 位手机号"))
        if len(problems) == before:
            result.rows.append((row_number, row))
    if not result.rows and not result.problems:
        result.problems.append(SheetProblem(0, "", "文件中没有人员数据"))
