"""The remote completion list (远程教育完成名单): the template a provider downloads, and reading
it back. Reading is pure: rows as plain values, every problem with its row and column."""

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from jijiao.orgs import idnumbers
from jijiao.orgs.staff_sheet import SheetProblem

# (header, key, required, help)
COLUMNS = [
    ("姓名", "name", True, "必填，须与身份证号对应的人员一致"),
    ("证件号码", "id_number", True, "18 位居民身份证号，请设为文本格式"),
    ("课程名称", "title", True, "已备案的课程名称"),
    ("课程编号", "course_code", True, "备案编号或项目编号"),
    ("完成日期", "date", True, "如 2023-10-12"),
    ("学时", "hours", False, "数字"),
    ("学分", "credits", True, "数字，最多 1 位小数"),
    ("学分类别", "credit_class", True, "Ⅰ类 或 Ⅱ类"),
    ("学分级别", "credit_level", True, "国家级、省级 或 市级"),
]
HEADERS = [c[0] for c in COLUMNS]
MAX_ROWS = 20000
CLASSES = {"Ⅰ类": "I", "I类": "I", "I": "I", "一类": "I", "Ⅱ类": "II", "II类": "II", "II": "II"}
CLASSES |= {"二类": "II"}
LEVELS = {"国家级": "national", "省级": "provincial", "市级": "city"}


@dataclass(frozen=True)
class RemoteRow:
    """One completion: who, which course, when, and the credits the course carries."""

    row: int
    name: str
    id_number: str
    title: str
    course_code: str
    date: dt.date
    hours: Decimal | None
    credits: Decimal
    credit_class: str
    credit_level: str


@dataclass
class RemoteSheet:
    rows: list[RemoteRow] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)


def template_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "完成名单"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for index in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 18
    for row in range(2, 202):
        sheet[f"B{row}"].number_format = "@"
    notes = book.create_sheet("填写说明")
    notes.append(["列", "说明"])
    for header, _, _, help_text in COLUMNS:
        notes.append([header, help_text])
    notes.append(["", "整份名单全部正确才会导入；任何一行有误，整份不导入，并逐行列出问题。"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _number(value, places: int) -> Decimal | None:
    try:
        number = Decimal(_text(value))
    except InvalidOperation:
        return None
    if number < 0 or number != number.quantize(Decimal(1).scaleb(-places)):
        return None
    return number.quantize(Decimal(1).scaleb(-places))


def _cell(row: int, values: dict, key: str, header: str, problems: list) -> object | None:
    raw = values.get(key)
    text = _text(raw)
    if key == "id_number":
        if isinstance(raw, int | float):
            problems.append(SheetProblem(row, header, "证件号码被存成了数字，请设为文本格式"))
            return None
        try:
            return idnumbers.parse(text).number
        except idnumbers.InvalidIdNumber as error:
            problems.append(SheetProblem(row, header, str(error)))
            return None
    if key == "date":
        day = _date(raw)
        if day is None:
            problems.append(SheetProblem(row, header, f"日期“{text}”无法识别，请写成 2023-10-12"))
        return day
    if key in ("hours", "credits"):
        if not text:
            return None
        number = _number(raw, 2 if key == "hours" else 1)
        if number is None:
            problems.append(SheetProblem(row, header, f"“{text}”不是有效的非负数"))
        return number
    if key == "credit_class":
        if text not in CLASSES:
            problems.append(SheetProblem(row, header, f"“{text}”须为 Ⅰ类 或 Ⅱ类"))
        return CLASSES.get(text)
    if key == "credit_level":
        if text not in LEVELS:
            problems.append(SheetProblem(row, header, f"“{text}”须为国家级、省级或市级"))
        return LEVELS.get(text)
    return text


def read_remote_sheet(content: bytes) -> RemoteSheet:
    """Parse an uploaded list; never raises on bad content — problems are collected."""
    result = RemoteSheet()
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        result.problems.append(SheetProblem(0, "", "无法读取该文件，请上传 .xlsx 格式的完成名单"))
        return result
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        result.problems.append(SheetProblem(1, "", f"缺少列：{'、'.join(missing)}"))
        return result
    position = {h: header.index(h) for h in HEADERS}
    for number, raw in enumerate(rows, start=2):
        if raw is None or all(v in (None, "") for v in raw):
            continue
        if number > MAX_ROWS + 1:
            result.problems.append(SheetProblem(number, "", f"每次最多导入 {MAX_ROWS} 行"))
            break
        values = {
            key: raw[position[h]] if position[h] < len(raw) else None for h, key, _, _ in COLUMNS
        }
        problems: list[SheetProblem] = []
        parsed = {}
        for header_text, key, required, _ in COLUMNS:
            if required and _text(values.get(key)) == "":
                problems.append(SheetProblem(number, header_text, "必填"))
                continue
            parsed[key] = _cell(number, values, key, header_text, problems)
        if problems:
            result.problems.extend(problems)
            continue
        result.rows.append(RemoteRow(row=number, **parsed))
    return result
