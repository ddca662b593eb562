"""Reading a CSV of ledger rows from a previous platform or a provincial exchange (导入学分记录).

Reading is pure and streaming: :func:`read_rows` yields one :class:`ImportRow` per good line and
collects every problem with its row number and column, without ever holding the file in memory
and without keeping an ID number — a row carries the keyed hash it is looked up by
(``idnumbers.lookup_hash``), never the number itself. Row numbers are the spreadsheet's: the
header is row 1.
"""

import codecs
import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import BinaryIO, NamedTuple

from jijiao.common import idnumbers
from jijiao.common.sheets import SheetProblem
from jijiao.engine.rules.vocab import ACTIVITY_TYPES

# (header, key, required, help)
COLUMNS = [
    ("证件号码", "id_number", True, "18 位居民身份证号"),
    ("姓名", "name", True, "须与证件号码对应的人员一致"),
    ("授分日期", "date", True, "如 2023-10-12；学分计入该日期所在年度"),
    ("学分类别", "category", True, "Ⅰ类（国家级）、Ⅰ类（省级）、Ⅰ类（市级）或 Ⅱ类"),
    ("活动类型", "activity_type", False, "如 项目、远程、病例讨论；不填时有项目编号记为“项目”"),
    ("活动名称", "title", True, "项目或活动的名称"),
    ("学时", "hours", False, "数字，最多 2 位小数"),
    ("学分", "credits", True, "数字，最多 1 位小数"),
    ("项目编号", "project_number", False, "继续医学教育项目编号"),
]
HEADERS = [c[0] for c in COLUMNS]
REQUIRED = [c[0] for c in COLUMNS if c[2]]

# Activity types a row may carry: the rules' record types and the lecturer's project row.
TYPES = frozenset({*ACTIVITY_TYPES, "项目", "项目授课", "远程", "院内活动", "其他"})
PROJECT = "项目"
UNSPECIFIED = "其他"

MAX_CREDITS = Decimal("9999.9")  # LedgerEntry.credits: 5 digits, 1 decimal
MAX_HOURS = Decimal("9999.99")  # LedgerEntry.hours: 6 digits, 2 decimals
LIMITS = {"name": 40, "title": 200, "project_number": 60, "activity_type": 20}
ONE_PLACE, TWO_PLACES = Decimal("0.1"), Decimal("0.01")

_LEVELS = {"国家级": "national", "省级": "provincial", "市级": "city"}
_CLASS_WORDS = {"Ⅰ类": "I", "I类": "I", "一类": "I", "Ⅱ类": "II", "II类": "II", "二类": "II"}


def category(text: str) -> tuple[str, str] | None:
    """``Ⅰ类（国家级）`` / ``I类国家级`` / ``一类 省级`` → ``("I", "national")``; ``Ⅱ类`` →
    ``("II", "unit")`` (class II has no level of its own, as in-unit rows); ``None`` when
    unreadable. Class I needs its level: the annual rules count national credits apart."""
    plain = text.replace(" ", "").replace("（", "").replace("）", "").replace("(", "")
    plain = plain.replace(")", "").replace("i", "I")
    word = next((w for w in _CLASS_WORDS if plain.startswith(w)), None)
    if word is None:
        return None
    credit_class, rest = _CLASS_WORDS[word], plain[len(word) :]
    if not rest:
        return (credit_class, "unit") if credit_class == "II" else None
    level = _LEVELS.get(rest)
    return (credit_class, level) if level else None


class ImportRow(NamedTuple):
    """One good line, as the ledger will store it (``source_id`` is its idempotency key)."""

    line: int
    id_hash: str
    name: str
    year: int
    activity_date: dt.date
    credit_class: str
    credit_level: str
    activity_type: str
    title: str
    hours: Decimal | None
    credits: Decimal
    project_number: str
    source_id: str


def row_key(
    activity_date: dt.date,
    credit_class: str,
    credit_level: str,
    activity_type: str,
    title: str,
    project_number: str,
) -> str:
    """The natural key of a row for one person: the activity (date, category, type, name,
    project number), not its values — importing a file again, even with a corrected credit
    value, finds the row instead of adding a second one (corrections go through the city's
    ``ledger_entry_correct``)."""
    text = "|".join(
        (
            activity_date.isoformat(),
            credit_class,
            credit_level,
            activity_type,
            title,
            project_number,
        )
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@dataclass
class Problems:
    """Problems found so far: the first ``keep`` by row, and how many there were in all."""

    keep: int = 100
    listed: list[SheetProblem] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.listed) < self.keep:
            self.listed.append(SheetProblem(row, column, message))

    def merged(self) -> list[SheetProblem]:
        return sorted(self.listed, key=lambda p: (p.row, p.column))[: self.keep]


def _encoding(head: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), else GB18030 (Excel's Chinese CSV)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def _text_stream(stream: BinaryIO) -> io.TextIOWrapper:
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    head = buffered.peek(65536)[:65536]
    return io.TextIOWrapper(buffered, encoding=_encoding(head), newline="")


def _number(text: str, places: Decimal, limit: Decimal) -> Decimal | None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number > limit:
        return None
    quantized = number.quantize(places)
    return quantized if quantized == number else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-"))
    except ValueError:
        return None


def read_rows(
    stream: BinaryIO, *, years: set[int], today: dt.date, problems: Problems
) -> Iterator[ImportRow]:
    """The good rows of the file, one at a time; every bad one goes to ``problems`` with its row
    number, column and a Chinese reason (never the ID number itself).

    ``years``: the credit years the importing city has set a pack for; a row of another year
    is a problem, as an entry of that year would be.
    """
    reader = csv.reader(_text_stream(stream))
    try:
        header = [h.strip() for h in next(reader, [])]
    except (UnicodeDecodeError, csv.Error):
        problems.add(0, "", "无法读取该文件，请上传 UTF-8 或 GBK 编码的 CSV 文件")
        return
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        problems.add(1, "", f"缺少列：{'、'.join(missing)}")
        return
    position = {h: header.index(h) for h in HEADERS if h in header}
    width = max(position.values()) + 1
    i_id, i_name, i_date = position["证件号码"], position["姓名"], position["授分日期"]
    i_cat, i_title, i_credits = position["学分类别"], position["活动名称"], position["学分"]
    i_type, i_hours = position.get("活动类型"), position.get("学时")
    i_project = position.get("项目编号")
    add = problems.add
    categories: dict[str, tuple[str, str] | None] = {}  # a file has a handful of them
    lookup_hash = idnumbers.lookup_hash
    line = 1
    try:
        for raw in reader:
            line += 1
            if len(raw) < width:
                if not any(v.strip() for v in raw):
                    continue
                raw = raw + [""] * (width - len(raw))
            before = problems.count
            try:
                number = idnumbers.parse(raw[i_id]).number
            except idnumbers.InvalidIdNumber as error:
                add(line, "证件号码", str(error))
                number = ""
            name = raw[i_name].strip()
            if not name:
                add(line, "姓名", "必填")
            elif len(name) > LIMITS["name"]:
                add(line, "姓名", f"不能超过 {LIMITS['name']} 个字")
            day_text = raw[i_date].strip()
            day = _date(day_text)
            if day is None:
                add(line, "授分日期", f"日期“{day_text}”无法识别，请写成 2023-10-12")
            elif day > today:
                add(line, "授分日期", "授分日期晚于今天")
            elif day.year not in years:
                add(line, "授分日期", f"{day.year} 年度尚未在“学分年度设置”中设置政策包")
            cat_text = raw[i_cat].strip()
            cat = categories.get(cat_text, False)
            if cat is False:
                cat = categories[cat_text] = category(cat_text)
            if cat is None:
                add(
                    line,
                    "学分类别",
                    f"“{cat_text}”须为 Ⅰ类（国家级）、Ⅰ类（省级）、Ⅰ类（市级）或 Ⅱ类",
                )
            title = raw[i_title].strip()
            if not title:
                add(line, "活动名称", "必填")
            elif len(title) > LIMITS["title"]:
                add(line, "活动名称", f"不能超过 {LIMITS['title']} 个字")
            project = raw[i_project].strip() if i_project is not None else ""
            if len(project) > LIMITS["project_number"]:
                add(line, "项目编号", f"不能超过 {LIMITS['project_number']} 个字符")
            kind = raw[i_type].strip() if i_type is not None else ""
            if not kind:
                kind = PROJECT if project else UNSPECIFIED
            elif kind not in TYPES:
                add(line, "活动类型", f"“{kind}”不是可导入的活动类型")
            credits_text = raw[i_credits].strip()
            credits = _number(credits_text, ONE_PLACE, MAX_CREDITS) if credits_text else None
            if not credits_text:
                add(line, "学分", "必填")
            elif credits is None:
                add(line, "学分", f"“{credits_text}”不是有效的学分（非负数，最多 1 位小数）")
            hours_text = raw[i_hours].strip() if i_hours is not None else ""
            hours = None
            if hours_text:
                hours = _number(hours_text, TWO_PLACES, MAX_HOURS)
                if hours is None:
                    add(line, "学时", f"“{hours_text}”不是有效的学时（非负数，最多 2 位小数）")
            if problems.count != before:
                continue
            yield ImportRow(
                line,
                lookup_hash(number),
                name,
                day.year,
                day,
                cat[0],
                cat[1],
                kind,
                title,
                hours,
                credits,
                project,
                row_key(day, cat[0], cat[1], kind, title, project),
            )
    except (UnicodeDecodeError, csv.Error) as error:
        add(line + 1, "", f"无法读取该行（{type(error).__name__}），请检查文件编码和引号")
