"""Workbooks for the import tests, built the way an office fills the downloaded template."""

import io

from openpyxl import load_workbook

from jijiao.projects import sheets

LIST_HEADERS = [c[0] for c in sheets.LIST_COLUMNS]
HISTORY_HEADERS = [c[0] for c in sheets.HISTORY_COLUMNS]


def filled(columns, rows: list[dict], *, title: str = "名单") -> bytes:
    """The download template (without its example row), filled in from row 2."""
    book = load_workbook(io.BytesIO(sheets.template_bytes(columns, title=title)))
    sheet = book.worksheets[0]
    headers = [c[0] for c in columns]
    for row_number, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=row_number, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def list_book(rows: list[dict]) -> bytes:
    return filled(sheets.LIST_COLUMNS, rows)


def history_book(rows: list[dict]) -> bytes:
    return filled(sheets.HISTORY_COLUMNS, rows, title="历年项目")


def national_row(number: str, name: str, host: str, **more) -> dict:
    return {
        "项目编号": number,
        "项目名称": name,
        "申办单位": host,
        "项目负责人": more.pop("leader", "李明"),
        "举办起止日期": "2024-05-10至2024-05-13",
        "举办地点": "温州",
        "授予学分": 10,
        "教学对象": "心内科医师",
        "拟招生人数": 150,
        **more,
    }
