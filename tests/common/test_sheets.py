"""The guarded workbook reader: every limit checked before anything is parsed, rows streamed."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from jijiao.common import sheets
from jijiao.common.sheets import Column, SheetLimits, SheetProblem, WorkbookRefused


def book(rows, *, title="名单") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def refusal(source, limits=sheets.DEFAULT_LIMITS) -> str:
    with pytest.raises(WorkbookRefused) as refused:
        sheets.read_rows(source, limits=limits)
    return str(refused.value.problem)


def test_rows_are_read_from_bytes_a_file_object_or_a_stored_path(tmp_path):
    content = book([["姓名", "科室"], ["王丽华", "心内科"]])
    path = tmp_path / "名单.xlsx"
    path.write_bytes(content)
    expected = [("姓名", "科室"), ("王丽华", "心内科")]
    assert sheets.read_rows(content) == expected
    assert sheets.read_rows(io.BytesIO(content)) == expected
    assert sheets.read_rows(path) == expected
    assert sheets.read_rows(str(path)) == expected


def test_too_many_rows_or_columns_are_refused_before_the_rows_are_kept():
    limits = SheetLimits(max_rows=5, max_columns=3)
    assert refusal(book([["a"]] * 16), limits) == "文件：表格“名单”超过 5 行，请拆分后分批导入"
    assert refusal(book([["a", "b", "c", "d"]]), limits) == "文件：表格“名单”有 4 列，超过 3 列"


def test_a_file_over_the_size_cap_is_refused_unread():
    content = book([["姓名"]])
    limits = SheetLimits(max_bytes=len(content) - 1)
    assert refusal(content, limits).startswith("文件：文件有 0.0 MB，超过 0 MB 上限")


def test_other_files_are_named_by_what_they_are():
    assert refusal(b"%PDF-1.7 x") == (
        "文件：不是 Excel (.xlsx) 文件（收到的是 PDF 文件），请使用下载的模板"
    )
    assert refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)) == (
        "文件：这是旧版 Excel (.xls) 文件，请在 Excel 中另存为 .xlsx 后上传"
    )
    assert refusal(b"PK\x03\x04" + bytes(100)) == "文件：文件已损坏，无法作为 Excel (.xlsx) 打开"
    assert refusal(b"") == "文件：文件是空的，请使用下载的模板"


def _with_part(content: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, data if info.filename == name else source.read(info))
    return out.getvalue()


def test_a_doctype_in_any_part_is_refused():
    content = book([["姓名"]])
    laughs = (
        b'<?xml version="1.0"?>\n<!-- a comment first -->\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        b"<worksheet>&lol;</worksheet>"
    )
    hostile = _with_part(content, "xl/worksheets/sheet1.xml", laughs)
    assert refusal(hostile) == (
        "文件：表格部件“xl/worksheets/sheet1.xml”含有不允许的 XML 声明，不予读取"
    )


def test_the_unpacked_size_of_all_parts_together_is_capped():
    content = book([["姓名"] * 3] * 50)
    limits = SheetLimits(max_unpacked_bytes=1000)
    assert "表格解压后共" in refusal(content, limits)


def test_a_problem_names_row_and_column():
    assert str(SheetProblem(3, "身份证号", "不能为空")) == "第 3 行“身份证号”：不能为空"
    assert str(SheetProblem(0, "", "文件中没有数据")) == "文件：文件中没有数据"


def test_a_workbook_opened_for_writing_back_is_checked_the_same_way():
    with sheets.open_workbook(book([["a"]] * 3), read_only=False) as workbook:
        workbook.active["B1"] = "结果"
        assert workbook.active.max_row == 3
    limits = SheetLimits(max_rows=1)
    with (
        pytest.raises(WorkbookRefused),
        sheets.open_workbook(book([["a"]] * 30), limits=limits, read_only=False),
    ):
        pass


def test_the_template_has_headers_dropdowns_text_columns_and_notes():
    content = sheets.template_bytes(
        [
            Column("身份证号", "18 位", text=True),
            Column("职称级别", "初级/中级", choices=["初级", "中级"]),
        ],
        title="人员名单",
        note="从第 2 行起每行一人",
        rows=10,
    )
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["人员名单"]
    assert [c.value for c in sheet[1]] == ["身份证号", "职称级别"]
    assert sheet["A11"].number_format == "@"
    assert sheet.data_validations.dataValidation[0].formula1 == '"初级,中级"'
    notes = [tuple(r) for r in workbook["填写说明"].iter_rows(values_only=True)]
    assert notes == [
        ("列", "说明"),
        ("身份证号", "18 位"),
        ("职称级别", "初级/中级"),
        (None, "从第 2 行起每行一人"),
    ]


def test_the_reader_imports_no_django():
    import subprocess
    import sys

    code = (
        "import sys, jijiao.common.sheets, jijiao.common.filetypes;"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
