"""The one guarded way to read a workbook a person gives the system, and the one template writer.

Every limit is checked before anything is parsed: the file's size, its type by content, the
number of parts, the unpacked size of each part and of all parts together (as the ZIP directory
declares them — :mod:`zipfile` never unpacks a part past its declared size), no ``DOCTYPE`` in
any XML part (entity expansion), and the sheet's declared dimensions. Rows are then streamed
(openpyxl read-only), each row checked against the row and column limits as it comes.

A workbook is read from a stored file's path, a binary file object or bytes, so an import can
run in a background worker from the stored upload. Pure Python, no Django: the limits are
arguments (:class:`SheetLimits`); :func:`jijiao.common.sheet_limits.limits` fills them from the
``JIJIAO_SHEET_*`` settings. Every refusal is a :class:`SheetProblem` in Chinese.
"""

import io
import os
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from jijiao.common import filetypes

MB = 1024 * 1024
# Rows above the data a sheet may hold (a title, the header) on top of ``max_rows``.
HEADER_ROWS = 10
PROLOG_BYTES = 64 * 1024


@dataclass(frozen=True)
class SheetLimits:
    """What a workbook may be before it is parsed. ``max_rows`` counts data rows."""

    max_bytes: int = 10 * MB
    max_part_bytes: int = 20 * MB
    max_unpacked_bytes: int = 60 * MB
    max_parts: int = 2000
    max_rows: int = 20000
    max_columns: int = 60

    def with_rows(self, max_rows: int) -> "SheetLimits":
        return replace(self, max_rows=min(self.max_rows, max_rows))


DEFAULT_LIMITS = SheetLimits()


@dataclass(frozen=True)
class SheetProblem:
    """One thing wrong with a workbook: its row (0 for the whole file), column and message."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        column = f"“{self.column}”" if self.column else ""
        return f"{where}{column}：{self.message}"


class WorkbookRefused(Exception):
    """The workbook was not read; ``problem`` says why."""

    def __init__(self, message: str, *, row: int = 0):
        super().__init__(message)
        self.problem = SheetProblem(row, "", message)


Source = str | Path | bytes | BinaryIO


@contextmanager
def _stream(source: Source) -> Iterator[BinaryIO]:
    if isinstance(source, str | Path):
        with open(source, "rb") as stream:
            yield stream
    elif isinstance(source, bytes | bytearray):
        yield io.BytesIO(source)
    else:
        source.seek(0)
        yield source


def _size(stream: BinaryIO) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def _check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No ``DOCTYPE`` before the root element of an XML part: Excel never writes one, and it is
    how entity-expansion bombs are declared."""
    with archive.open(info) as part:
        head = part.read(PROLOG_BYTES)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    while text.startswith((b"<?", b"<!--")):
        end = text.find(b"?>" if text.startswith(b"<?") else b"-->")
        if end < 0:
            break
        text = text[end + (2 if text.startswith(b"<?") else 3) :].lstrip(b" \t\r\n")
    if text.startswith(b"<!") or (not text and len(head) == PROLOG_BYTES):
        raise WorkbookRefused(f"表格部件“{info.filename}”含有不允许的 XML 声明，不予读取")


def _check_archive(stream: BinaryIO, limits: SheetLimits) -> None:
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            if len(infos) > limits.max_parts:
                raise WorkbookRefused(
                    f"文件中有 {len(infos)} 个部件，超过 {limits.max_parts} 个，不像是 Excel 表格"
                )
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                raise WorkbookRefused("不是 Excel (.xlsx) 文件，请使用下载的模板")
            total = 0
            for info in infos:
                if info.file_size > limits.max_part_bytes:
                    raise WorkbookRefused(
                        f"表格解压后过大：“{info.filename}”有 {_megabytes(info.file_size)}，"
                        f"超过每部分 {limits.max_part_bytes // MB} MB 的上限，不予读取；"
                        "请删除多余内容或拆分后重新上传"
                    )
                total += info.file_size
            if total > limits.max_unpacked_bytes:
                raise WorkbookRefused(
                    f"表格解压后共 {_megabytes(total)}，超过 {limits.max_unpacked_bytes // MB} MB "
                    "上限，不予读取；请拆分后重新上传"
                )
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    _check_prolog(archive, info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise WorkbookRefused("文件已损坏，无法作为 Excel (.xlsx) 打开") from None
    finally:
        stream.seek(0)


def check_workbook(source: Source, limits: SheetLimits = DEFAULT_LIMITS) -> None:
    """Refuse (:class:`WorkbookRefused`) a file that is not an ``.xlsx`` within ``limits``;
    reads the ZIP directory and the XML prologs only, never a sheet."""
    with _stream(source) as stream:
        _check_stream(stream, limits)


def _check_stream(stream: BinaryIO, limits: SheetLimits) -> None:
    size = _size(stream)
    if size > limits.max_bytes:
        raise WorkbookRefused(
            f"文件有 {_megabytes(size)}，超过 {limits.max_bytes // MB} MB 上限；请拆分后重新上传"
        )
    if size == 0:
        raise WorkbookRefused("文件是空的，请使用下载的模板")
    found = filetypes.sniff(stream)
    if found == filetypes.XLS:
        raise WorkbookRefused("这是旧版 Excel (.xls) 文件，请在 Excel 中另存为 .xlsx 后上传")
    if found == filetypes.ZIP:
        _check_archive(stream, limits)  # names the damage or the missing workbook
    if found != filetypes.XLSX:
        received = f"收到的是{filetypes.spaced(found.label)}文件"
        raise WorkbookRefused(f"不是 Excel (.xlsx) 文件（{received}），请使用下载的模板")
    _check_archive(stream, limits)


def _check_dimensions(worksheet, limits: SheetLimits) -> None:
    """The sheet's own ``<dimension>`` (when it has one) within the limits, before any row."""
    try:
        rows, columns = worksheet.max_row, worksheet.max_column
    except (ValueError, TypeError):
        return
    if columns and columns > limits.max_columns:
        raise WorkbookRefused(
            f"表格“{worksheet.title}”有 {columns} 列，超过 {limits.max_columns} 列"
        )
    if rows and rows > limits.max_rows + HEADER_ROWS:
        raise WorkbookRefused(f"表格“{worksheet.title}”超过 {limits.max_rows} 行，请拆分后分批导入")


@contextmanager
def open_workbook(
    source: Source, *, limits: SheetLimits = DEFAULT_LIMITS, read_only: bool = True
) -> Iterator[Workbook]:
    """The workbook, after :func:`check_workbook`: streaming (read-only, values) by default.
    ``read_only=False`` loads it whole for writing back (the batch precheck); every sheet's rows
    are first counted against the limits, streaming."""
    with _stream(source) as stream:
        _check_stream(stream, limits)
        try:
            book = load_workbook(stream, read_only=True, data_only=read_only)
        except WorkbookRefused:
            raise
        except Exception:
            raise WorkbookRefused("文件已损坏，无法作为 Excel (.xlsx) 打开") from None
        try:
            for worksheet in book.worksheets:
                _check_dimensions(worksheet, limits)
            if not read_only:
                for worksheet in book.worksheets:
                    for _ in iter_rows(worksheet, limits):
                        pass
                book.close()
                stream.seek(0)
                try:
                    book = load_workbook(stream)
                except Exception:
                    raise WorkbookRefused("文件已损坏，无法作为 Excel (.xlsx) 打开") from None
            yield book
        finally:
            book.close()


def iter_rows(worksheet, limits: SheetLimits = DEFAULT_LIMITS) -> Iterator[tuple]:
    """The sheet's rows as tuples of values, streaming; :class:`WorkbookRefused` as soon as a
    row is past ``max_rows`` (plus the header rows) or wider than ``max_columns``."""
    _check_dimensions(worksheet, limits)
    try:
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if number > limits.max_rows + HEADER_ROWS:
                raise WorkbookRefused(
                    f"表格“{worksheet.title}”超过 {limits.max_rows} 行，请拆分后分批导入",
                    row=number,
                )
            if len(values) > limits.max_columns:
                values = values[: limits.max_columns]
                if any(v not in (None, "") for v in values[limits.max_columns :]):
                    raise WorkbookRefused(
                        f"表格“{worksheet.title}”超过 {limits.max_columns} 列", row=number
                    )
            yield values
    except WorkbookRefused:
        raise
    except Exception:
        raise WorkbookRefused("文件已损坏，无法作为 Excel (.xlsx) 打开") from None


def read_rows(
    source: Source, *, limits: SheetLimits = DEFAULT_LIMITS, sheet: str | None = None
) -> list[tuple]:
    """Every row of the named sheet (else the first) as tuples of values, within ``limits``;
    :class:`WorkbookRefused` otherwise."""
    with open_workbook(source, limits=limits) as book:
        worksheet = book[sheet] if sheet and sheet in book.sheetnames else book.worksheets[0]
        return list(iter_rows(worksheet, limits))


@dataclass(frozen=True)
class Column:
    """A template column: its header, the help the notes sheet gives, and optional choices
    (a dropdown) and text format (ID numbers must not become numbers)."""

    header: str
    help: str = ""
    choices: Sequence[str] = ()
    text: bool = False
    width: int = 18


def template_bytes(
    columns: Sequence[Column],
    *,
    title: str,
    note: str = "",
    example: Sequence | None = None,
    rows: int = 2000,
) -> bytes:
    """A template workbook: bold headers on a tinted row, widths, dropdowns for columns with
    choices and text format for text columns over ``rows`` rows, an optional example row, and a
    second sheet 填写说明 with each column's help and ``note``."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = column.width
        if column.choices and len(",".join(column.choices)) < 250:
            validation = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"')
            validation.add(f"{letter}2:{letter}{rows + 1}")
            sheet.add_data_validation(validation)
        if column.text:
            # Text format on every row the import accepts: as a number Excel keeps only 15
            # digits, which would break any ID number typed past the first rows.
            for row in range(2, rows + 2):
                sheet[f"{letter}{row}"].number_format = "@"
    if example:
        sheet.append(list(example))
    notes = book.create_sheet("填写说明")
    notes.append(["列", "说明"])
    for column in columns:
        notes.append([column.header, column.help])
    if note:
        notes.append(["", note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
