"""Hostile files made in the test, never stored in the repository."""

import io
import zipfile

from openpyxl import Workbook

MB = 1024 * 1024


def workbook_bomb(unpacked_mb: int = 75) -> bytes:
    """A real ``.xlsx`` (a valid workbook with a staff header row) whose shared strings unpack to
    ``unpacked_mb`` MB while the file stays small: one short string repeated millions of times
    (unguarded, openpyxl turns each into a Python string: minutes and hundreds of MB)."""
    book = Workbook()
    book.active.append(["姓名", "身份证号", "项目名称", "申报序号"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/sharedStrings.xml":
                continue
            if info.filename == "[Content_Types].xml" and b"sharedStrings" not in data:
                # openpyxl writes inline strings; a workbook from Excel names its shared
                # strings here, which is what makes a reader load them.
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            bomb.writestr(info.filename, data)
        strings = io.BytesIO()
        strings.write(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        )
        item = b"<si><t>\xe7\xbb\xa7\xe6\x95\x99</t></si>"  # 继教, ~3.9 million times
        for _ in range(unpacked_mb * MB // len(item)):
            strings.write(item)
        strings.write(b"</sst>")
        bomb.writestr("xl/sharedStrings.xml", strings.getvalue())
    return out.getvalue()
