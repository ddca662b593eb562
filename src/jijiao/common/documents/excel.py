"""Excel output shared by every area: bold headers, widths that fit Chinese text; one sheet or
several."""

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from jijiao.common.clock import SHANGHAI
from jijiao.common.downloads import download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # Excel has no time zones: write the Beijing time the pages show.
        if value.tzinfo is not None:
            value = value.astimezone(SHANGHAI)
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date | int | float):
        return value
    return str(value)


def cell_text(value) -> str:
    """A cell as the text the office typed: Excel stores 120 as 120.0, and blanks as None."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _fill(sheet, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    widths = [len(str(h)) * 2 + 2 for h in headers]
    for row in rows:
        values = [_cell(v) for v in row]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = min(60, max(widths[index], len(str(value)) * 2 + 2))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return xlsx_sheets([(title, headers, rows)])


def xlsx_sheets(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """A workbook of several sheets, each ``(title, headers, rows)`` (titles cut to Excel's 31
    characters), styled like :func:`xlsx_bytes`."""
    book = Workbook()
    for index, (title, headers, rows) in enumerate(sheets):
        _fill(book.active if index == 0 else book.create_sheet(), title, headers, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(filename: str, title: str, headers, rows) -> HttpResponse:
    return download(xlsx_bytes(title, headers, rows), filename, XLSX)
