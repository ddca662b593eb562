"""Hostile files made in the test, never stored in the repository."""

import io
import zipfile

from openpyxl import Workbook

MB = 1024 * 1024


def workbook_bomb(unpacked_mb: int = 75) -> bytes:
    """A real ``.xlsx`` (a valid workbook with a staff header row) whose shared strings unpack to
    ``unpacked_mb`` MB while the file stays small: one long string repeated, deflated ~400:1."""
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
            # The header row's text is in the shared strings, so the workbook already names
            # the part in [Content_Types].xml; only its content changes.
            bomb.writestr(info.filename, data)
        strings = io.BytesIO()
        strings.write(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        )
        item = b"<si><t>" + b"A" * 1000 + b"</t></si>"
        for _ in range(unpacked_mb * MB // len(item)):
            strings.write(item)
        strings.write(b"</sst>")
        bomb.writestr("xl/sharedStrings.xml", strings.getvalue())
    return out.getvalue()
