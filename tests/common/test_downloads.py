"""The one download response: RFC 6266 names, nosniff, inline only for PDF and images."""

from urllib.parse import unquote

from jijiao.common.downloads import XLSX, content_disposition, download, stored_type


def test_a_chinese_name_is_sent_as_utf8_with_an_ascii_fallback():
    header = content_disposition("2024年人员名单.xlsx")
    assert header == (
        "attachment; filename=\"2024.xlsx\"; filename*=UTF-8''"
        "2024%E5%B9%B4%E4%BA%BA%E5%91%98%E5%90%8D%E5%8D%95.xlsx"
    )
    assert unquote(header.split("''", 1)[1]) == "2024年人员名单.xlsx"


def test_quotes_and_line_breaks_cannot_break_the_header():
    header = content_disposition('a"b\r\nSet-Cookie: x.pdf')
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="a_b_Set-Cookie_x.pdf"')


def test_only_pdf_and_images_open_in_the_browser():
    pdf = download(b"%PDF-1.7", "证明.pdf", "application/pdf")
    page = download(b"<html>", "页面.html", "text/html", inline=True)
    sheet = download(b"PK", "表.xlsx", XLSX)
    kept = download(b"%PDF-1.7", "申报表.pdf", "application/pdf", inline=False)
    assert [r["Content-Disposition"].split(";")[0] for r in (pdf, page, sheet, kept)] == [
        "inline",
        "attachment",
        "attachment",
        "attachment",
    ]
    assert {r["X-Content-Type-Options"] for r in (pdf, page, sheet, kept)} == {"nosniff"}


def test_a_stored_file_is_served_by_its_generated_extension_only():
    assert stored_type("credits/evidence/2025/03/ab12-3f.pdf") == "application/pdf"
    assert stored_type("credits/evidence/2025/03/ab12-evil.html") == "application/octet-stream"
